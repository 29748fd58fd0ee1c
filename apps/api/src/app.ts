// The app is a plugin-built fastify instance and nothing else: server.ts is
// the only file that listens, tests call buildApp() and app.inject().
//
// Input rules: bodies are JSON objects checked by Ajv against each route's
// TypeBox schema with no type coercion ("1" is not 1, [2] is not 2) and no
// additional properties; __proto__ and constructor.prototype are refused by
// the JSON parser itself; every failure leaves through errorHandler.

import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import { type Config, defaultConfig } from './config.js'
import { type ExpressionStore, MemoryExpressionStore } from './engine/expression-store.js'
import { RedisExpressionStore } from './engine/redis-expression-store.js'
import { Runner } from './engine/runner.js'
import { clientErrorHandler, errorHandler, notFoundHandler } from './errors.js'
import { useJsonParser } from './json.js'
import { createMetrics, type Metrics, registerMetrics } from './metrics.js'
import { connectRedis } from './redis.js'
import { computeRoutes } from './routes/compute.js'
import { registerDocs } from './routes/docs.js'
import { healthRoutes } from './routes/health.js'
import { tapeRoutes } from './routes/tapes.js'
import { webRoutes } from './routes/web.js'
import { Uploads } from './uploads.js'

/**
 * Timeouts set when the server is created, so a client that stalls — headers
 * never finished, a declared body never sent, an endless chunked body — is
 * cut off at REQUEST_TIMEOUT_MS. Node checks those deadlines only every
 * `connectionsCheckingInterval` (30 s by default, which is how a stalled
 * upload once lived ~90 s): it is made a fraction of the timeout. The socket's
 * idle timeout must outlast a heavy job, which sends nothing while it runs.
 */
function serverTimeouts(config: Config) {
  const request = config.requestTimeoutMs
  return {
    requestTimeout: request,
    connectionTimeout: request + config.handlerTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(config.headersTimeoutMs, request),
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(request / 4))),
    },
  }
}

export async function buildApp(overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const config: Config = { ...defaultConfig(), logLevel: 'silent', ...overrides }
  const app = createServer(config)
  app.server.maxConnections = config.maxConnections
  const uploads = new Uploads(config.maxUploads)
  uploads.register(app)

  const runner = new Runner(config)
  const metrics = createMetrics(config.metrics)
  const { redis, tapes } = openStores(config, app, metrics)
  const context = { config, runner, tapes, uploads }
  app.addHook('onClose', async () => {
    await runner.close()
    await tapes.close()
  })
  addResponseHeaders(app)
  await registerLimits(app, config, redis)
  if (metrics) registerMetrics(app, metrics, { runner, tapes, token: config.metricsToken })
  await registerDocs(app)
  await app.register(healthRoutes, context)
  await app.register(computeRoutes, context)
  await app.register(tapeRoutes, context)
  await app.register(webRoutes, { root: config.webRoot })
  return app
}

/** Fastify with the configured timeouts, body limit and proxies, JSON only, every error in one shape. */
function createServer(config: Config): FastifyInstance {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    ...(config.trustProxy.length > 0 && { trustProxy: config.trustProxy }),
    ...serverTimeouts(config),
    // URL errors found while routing (bad percent-encoding, an over-long
    // parameter) and HTTP the parser cannot read leave in the one error shape.
    frameworkErrors: errorHandler,
    clientErrorHandler,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  // Only JSON is accepted: a text/plain body is refused (415), not validated as a string.
  app.removeContentTypeParser('text/plain')
  useJsonParser(app)
  return app
}

/**
 * The tape store, and the Redis connection behind it when configured. With
 * REDIS_URL, tapes and rate-limit counters are shared by every replica using
 * that Redis; compiled programs stay per process (per thread) either way.
 */
function openStores(config: Config, app: FastifyInstance, metrics: Metrics | undefined) {
  const redis =
    config.redisUrl === ''
      ? undefined
      : connectRedis({ url: config.redisUrl, commandTimeoutMs: config.redisCommandTimeoutMs }, app.log)
  const tapes: ExpressionStore = redis
    ? new RedisExpressionStore(
        redis,
        { ttlSeconds: config.tapeTtlSeconds, maxBytes: config.tapeMaxBytes, limits: config.limits },
        metrics?.observeStore,
      )
    : new MemoryExpressionStore({ entries: config.tapes, bytes: config.tapeBytes }, metrics?.observeStore)
  return { redis, tapes }
}

/** nosniff on every answer; while shutting down, `connection: close` too. */
function addResponseHeaders(app: FastifyInstance): void {
  // Shutting down: answers still in flight tell keep-alive clients to hang up,
  // so the server's close is not held open by their idle connections.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', (_req, reply, payload, done) => {
    // Every answer is what its Content-Type says: no browser may sniff a JSON
    // error that echoes input into something it would run.
    reply.header('x-content-type-options', 'nosniff')
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
}

/** CORS and the rate limit, when configured. */
async function registerLimits(app: FastifyInstance, config: Config, redis: Redis | undefined): Promise<void> {
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins })
  }
  if (config.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      // Counted in Redis when there is one, so the limit holds across replicas;
      // while Redis is unreachable requests are let through rather than refused.
      ...(redis && { redis, nameSpace: 'chainrule:rate:', skipOnError: true }),
    })
  }
}
