// Configuration from environment variables, read once in server.ts. Tests
// build the app from a Config directly. A malformed variable stops the server
// at start-up with a message naming it, rather than running with a guess.

import { availableParallelism } from 'node:os'
import { DEFAULT_LIMITS, type Limits, resolveLimits } from '@chainrule/core'

export type BackendName = 'js' | 'wasm'

/**
 * Test-only seams, never read from the environment: nothing an HTTP client
 * sends can turn them on. They let a test make a pool job provably outlast its
 * time limit and observe the pool replacing a thread, instead of hoping the
 * machine is slow or fast enough.
 */
export interface TestHooks {
  /**
   * A pool job whose expression is exactly `expression` first waits on `gate`
   * (an Int32Array view of two slots): the worker sets slot 0 to 1 when it
   * starts waiting, and goes on with the job only once slot 1 is non-zero.
   */
  hold?: { expression: string; gate: SharedArrayBuffer }
  /** Called every time the pool has started a worker thread. */
  onWorkerCreate?: () => void
}

export interface Config {
  port: number
  host: string
  /** Backend used when a request does not name one. */
  backend: BackendName
  logLevel: string
  /** Allowed CORS origins; empty turns CORS off, ['*'] allows any. */
  corsOrigins: string[]
  /** Requests per window per client IP; 0 turns rate limiting off. */
  rateLimitMax: number
  rateLimitWindowMs: number
  /** Largest request body in bytes (larger gets 413). */
  bodyLimit: number
  /** Time to receive a whole request, headers and body (socket level); past it, 408 and the socket is closed. */
  requestTimeoutMs: number
  /** Time to receive a request's headers; at most requestTimeoutMs. */
  headersTimeoutMs: number
  /** How long an idle keep-alive connection is kept open. */
  keepAliveTimeoutMs: number
  /** Open connections; beyond, new ones are refused by the server. */
  maxConnections: number
  /** Requests whose bodies are being received at once; beyond, 503 busy (so at most this × bodyLimit bytes are buffered). */
  maxUploads: number
  /** Hard limit on a heavy job in the worker pool, waiting included; past it the thread is terminated (503). */
  handlerTimeoutMs: number
  /** Worker threads for heavy requests. */
  workers: number
  /** Heavy requests that may wait for a worker before new ones get 503. */
  queue: number
  /** Work (tape nodes × sweeps) up to which a request runs on the event loop instead of a worker. */
  inlineWork: number
  /** Expressions up to this length are compiled on the event loop; longer ones in a worker. */
  inlineCompileLength: number
  /** Compiled programs kept per thread. */
  cacheSize: number
  /** Bytes the compiled-program cache may hold per thread (keys, programs and aliases). */
  cacheBytes: number
  /** Stored tapes (POST /v1/tapes) kept. */
  tapes: number
  /** Bytes the tape store may hold. */
  tapeBytes: number
  /**
   * Redis shared by replicas (redis://host:port/db); empty keeps tapes and
   * rate-limit counters in this process. With it, both live in Redis.
   */
  redisUrl: string
  /** Time limit of one Redis command; past it the tape route answers 503. */
  redisCommandTimeoutMs: number
  /** How long Redis keeps a stored tape after it was last posted. */
  tapeTtlSeconds: number
  /** Bytes of one tape as Redis stores it (JSON); a larger tape is refused with 413. */
  tapeMaxBytes: number
  /**
   * Addresses (or CIDR ranges) of proxies whose X-Forwarded-For is believed:
   * behind a load balancer, the client's address — which the rate limit is
   * counted by — is then the one it forwards, not the balancer's own.
   */
  trustProxy: string[]
  /** Serve GET /metrics (Prometheus text). */
  metrics: boolean
  /** When not empty, /metrics requires `Authorization: Bearer <token>` (and is on). */
  metricsToken: string
  /** Folder of the built web demo. */
  webRoot: string
  limits: Limits
  testHooks?: TestHooks
}

export const defaultConfig = (): Config => ({
  port: 3000,
  host: 'localhost',
  backend: 'wasm',
  logLevel: 'info',
  corsOrigins: [],
  rateLimitMax: 0,
  rateLimitWindowMs: 60_000,
  bodyLimit: 1 << 20,
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5000,
  maxConnections: 1024,
  maxUploads: 32,
  handlerTimeoutMs: 10_000,
  workers: Math.max(1, Math.min(4, availableParallelism() - 1)),
  queue: 64,
  inlineWork: 20_000,
  inlineCompileLength: 128,
  cacheSize: 256,
  cacheBytes: 32 << 20,
  tapes: 10_000,
  tapeBytes: 16 << 20,
  redisUrl: '',
  redisCommandTimeoutMs: 500,
  tapeTtlSeconds: 86_400,
  tapeMaxBytes: 64 << 10,
  trustProxy: [],
  metrics: false,
  metricsToken: '',
  webRoot: new URL('../../web/dist', import.meta.url).pathname,
  limits: DEFAULT_LIMITS,
})

type Env = Record<string, string | undefined>

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got '${text}'`)
  }
  return value
}

/** CHAINRULE_LIMIT_<NAME> for every limit core defines: hessianVariables ← CHAINRULE_LIMIT_HESSIAN_VARIABLES. */
export const limitVariable = (key: string) =>
  `CHAINRULE_LIMIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

function limitsFrom(env: Env): Limits {
  const overrides: Record<string, number> = {}
  for (const key of Object.keys(DEFAULT_LIMITS)) {
    const name = limitVariable(key)
    const text = env[name]
    if (text === undefined || text === '') continue
    overrides[key] = text === 'Infinity' ? Number.POSITIVE_INFINITY : integer(env, name, 0, 1)
  }
  return Object.keys(overrides).length === 0 ? DEFAULT_LIMITS : resolveLimits(overrides as Partial<Limits>)
}

export function configFromEnv(env: Env = process.env): Config {
  const base = defaultConfig()
  const backend = env.CHAINRULE_BACKEND || base.backend
  const metrics = env.METRICS || 'off'
  if (metrics !== 'on' && metrics !== 'off') {
    throw new RangeError(`METRICS must be 'on' or 'off', got '${metrics}'`)
  }
  const redisUrl = env.REDIS_URL ?? ''
  if (redisUrl !== '' && !/^rediss?:\/\//.test(redisUrl)) {
    throw new RangeError('REDIS_URL must start with redis:// or rediss://')
  }
  if (backend !== 'js' && backend !== 'wasm') {
    throw new RangeError(`CHAINRULE_BACKEND must be 'js' or 'wasm', got '${backend}'`)
  }
  return {
    port: integer(env, 'PORT', base.port),
    host: env.HOST || base.host,
    backend,
    logLevel: env.LOG_LEVEL || base.logLevel,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimitMax: integer(env, 'RATE_LIMIT_MAX', base.rateLimitMax),
    rateLimitWindowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', base.rateLimitWindowMs, 1),
    bodyLimit: integer(env, 'BODY_LIMIT', base.bodyLimit, 1024),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', base.requestTimeoutMs, 1),
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', base.headersTimeoutMs, 1),
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', base.keepAliveTimeoutMs, 1),
    maxConnections: integer(env, 'MAX_CONNECTIONS', base.maxConnections, 1),
    maxUploads: integer(env, 'MAX_UPLOADS', base.maxUploads, 1),
    handlerTimeoutMs: integer(env, 'HANDLER_TIMEOUT_MS', base.handlerTimeoutMs, 1),
    workers: integer(env, 'WORKERS', base.workers, 1),
    queue: integer(env, 'WORKER_QUEUE', base.queue, 1),
    inlineWork: integer(env, 'INLINE_WORK', base.inlineWork),
    inlineCompileLength: integer(env, 'INLINE_COMPILE_LENGTH', base.inlineCompileLength),
    cacheSize: integer(env, 'CACHE_SIZE', base.cacheSize, 1),
    cacheBytes: integer(env, 'CACHE_BYTES', base.cacheBytes, 1),
    tapes: integer(env, 'TAPES_MAX', base.tapes, 1),
    tapeBytes: integer(env, 'TAPES_BYTES', base.tapeBytes, 1),
    redisUrl,
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', base.redisCommandTimeoutMs, 1),
    tapeTtlSeconds: integer(env, 'TAPES_TTL_SECONDS', base.tapeTtlSeconds, 1),
    tapeMaxBytes: integer(env, 'TAPE_MAX_BYTES', base.tapeMaxBytes, 256),
    trustProxy: (env.TRUST_PROXY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    metrics: metrics === 'on' || (env.METRICS_TOKEN ?? '') !== '',
    metricsToken: env.METRICS_TOKEN ?? '',
    webRoot: env.WEB_ROOT || base.webRoot,
    limits: limitsFrom(env),
  }
}
