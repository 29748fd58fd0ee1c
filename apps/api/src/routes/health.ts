// GET /healthz: the event loop answers (liveness). GET /readyz: the engines
// have loaded and the server is not shutting down (readiness), with the
// numbers an operator — and the soak test — watch: cache sizes, the worker
// pool, and memory, WebAssembly's included.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { wasmMemory } from '../engine/backends.js'
import type { Context } from './context.js'

const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false })

const Ready = Type.Object(
  {
    status: Type.Enum(['ready', 'closing']),
    backend: Type.Enum(['js', 'wasm']),
    programs: Type.Integer({ description: 'Compiled programs cached on the event loop.' }),
    programBytes: Type.Integer({
      description: 'Bytes those programs and their keys hold, as the cache counts them.',
    }),
    tapes: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Stored tapes (null for a shared store, which this process does not count).',
    }),
    tapeBytes: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Bytes the tape store holds, as it counts them (null for a shared store).',
    }),
    store: Type.Object(
      {
        kind: Type.Enum(['memory', 'redis']),
        state: Type.Enum(['ok', 'unavailable']),
      },
      {
        additionalProperties: false,
        description:
          "The tape store; 'unavailable' while Redis cannot be reached (tape routes answer 503, the rest serves, so readiness stays 200).",
      },
    ),
    uploads: Type.Integer({ description: 'Request bodies being received now.' }),
    pool: Type.Union([
      Type.Null(),
      Type.Object({
        threads: Type.Integer(),
        pending: Type.Integer(),
        completed: Type.Integer(),
        restarts: Type.Integer({ description: 'Threads started to replace one.' }),
      }),
    ]),
    memory: Type.Object({
      rss: Type.Integer(),
      heapUsed: Type.Integer(),
      wasm: Type.Object({ inUse: Type.Integer(), size: Type.Integer(), maximum: Type.Integer() }),
    }),
  },
  { additionalProperties: false },
)

export const healthRoutes: FastifyPluginAsyncTypebox<Context> = async (
  app,
  { config, runner, tapes, uploads },
) => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })

  app.get(
    '/healthz',
    // Probes are never rate-limited: a balancer's health checks must not use up the clients' quota.
    {
      schema: { summary: 'Liveness.', tags: ['health'], response: { 200: Health } },
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness, caches, pool and memory.',
        tags: ['health'],
        response: { 200: Ready, 503: Ready },
      },
      config: { rateLimit: false },
    },
    async (_req, reply) => {
      const { rss, heapUsed } = process.memoryUsage()
      const { programs, programBytes, pool } = runner.stats
      const store = tapes.stats
      reply.status(closing ? 503 : 200)
      return {
        status: closing ? ('closing' as const) : ('ready' as const),
        backend: config.backend,
        programs,
        programBytes,
        tapes: store.tapes,
        tapeBytes: store.bytes,
        store: { kind: store.kind, state: store.state },
        uploads: uploads.inFlight,
        pool,
        memory: { rss, heapUsed, wasm: wasmMemory() },
      }
    },
  )
}
