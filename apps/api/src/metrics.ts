// GET /metrics in Prometheus text format (prom-client), off unless METRICS=on
// or METRICS_TOKEN is set; with a token, only `Authorization: Bearer <token>`
// reads it. Labels are chosen so nothing a client sent can appear: a route is
// its pattern (/v1/tapes/:id/gradient, never the id), unmatched URLs are one
// label, and no expression, variable or id is ever a label value.
//
// Each app has its own registry (tests build many apps in one process).

import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { wasmMemory } from './engine/backends.js'
import type { ExpressionStore, StoreObserver } from './engine/expression-store.js'
import type { Runner } from './engine/runner.js'
import { ApiError } from './errors.js'

export interface Metrics {
  readonly registry: Registry
  readonly observeStore: StoreObserver
}

/** The registry and the store's counters; created before the store so it can report to them. */
export function createMetrics(enabled: boolean): Metrics | undefined {
  if (!enabled) return undefined
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'chainrule_' })
  const operations = new Counter({
    name: 'chainrule_tape_store_operations_total',
    help: 'Tape store operations by kind and outcome (ok, miss, invalid, too-large, unavailable).',
    labelNames: ['op', 'outcome'],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'chainrule_tape_store_errors_total',
    help: 'Tape store operations that failed: the store unreachable, or a stored value that is not a tape.',
    labelNames: ['op', 'reason'],
    registers: [registry],
  })
  return {
    registry,
    observeStore: (op, outcome) => {
      operations.inc({ op, outcome })
      if (outcome === 'unavailable' || outcome === 'invalid') errors.inc({ op, reason: outcome })
    },
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function registerMetrics(
  app: FastifyInstance,
  metrics: Metrics,
  { runner, tapes, token }: { runner: Runner; tapes: ExpressionStore; token: string },
): void {
  countRequests(app, metrics.registry)
  registerGauges(metrics.registry, runner, tapes)
  serveMetrics(app, metrics.registry, token)
}

/** Requests and their latency by method, route pattern and status, counted as each response leaves. */
function countRequests(app: FastifyInstance, registry: Registry): void {
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'chainrule_http_requests_total',
    help: 'Requests answered, by method, route pattern and status.',
    labelNames,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'chainrule_http_request_duration_seconds',
    help: 'Time from request to response, by method, route pattern and status.',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  app.addHook('onResponse', (req, reply, done) => {
    const labels = {
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    }
    requests.inc(labels)
    latency.observe(labels, reply.elapsedTime / 1000)
    done()
  })
}

/** Gauges read when scraped: the worker pool, the program cache, the tape store, WebAssembly memory. */
function registerGauges(registry: Registry, runner: Runner, tapes: ExpressionStore): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read())
      },
    })
  const pool = () => runner.stats.pool
  gauge(
    'chainrule_pool_pending_jobs',
    'Heavy jobs running or waiting in the worker pool.',
    () => pool()?.pending ?? 0,
  )
  gauge('chainrule_pool_threads', 'Worker threads.', () => pool()?.threads ?? 0)
  gauge(
    'chainrule_pool_worker_restarts',
    'Worker threads started to replace one (a job past its time limit is ended with its thread).',
    () => pool()?.restarts ?? 0,
  )
  gauge(
    'chainrule_program_cache_hits',
    'Event-loop program cache: lookups that found a compiled program (worker threads keep their own).',
    () => runner.programs.counts.hits,
  )
  gauge(
    'chainrule_program_cache_misses',
    'Event-loop program cache: expressions compiled because no program was cached.',
    () => runner.programs.counts.misses,
  )
  gauge(
    'chainrule_program_cache_entries',
    'Compiled programs cached on the event loop.',
    () => runner.stats.programs,
  )
  gauge('chainrule_tape_store_up', '1 when the tape store can be reached, 0 otherwise.', () =>
    tapes.stats.state === 'ok' ? 1 : 0,
  )
  gauge(
    'chainrule_wasm_memory_bytes',
    'WebAssembly memory of the event loop’s engine.',
    () => wasmMemory().size,
  )
}

/** GET /metrics, behind a bearer token when one is configured. */
function serveMetrics(app: FastifyInstance, registry: Registry, token: string): void {
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
    if (token !== '') {
      const [scheme, given] = (req.headers.authorization ?? '').split(' ')
      if (scheme !== 'Bearer' || given === undefined || !sameToken(given, token)) {
        reply.header('www-authenticate', 'Bearer')
        throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer with the metrics token')
      }
    }
    reply.type(registry.contentType)
    return registry.metrics()
  })
}
