// Configuration from the environment: defaults, every variable, and a clear
// refusal of a malformed one.

import { DEFAULT_LIMITS } from '@chainrule/core'
import { describe, expect, test } from 'vitest'
import { configFromEnv, limitVariable } from './config.js'

describe('configFromEnv', () => {
  test('defaults: port 3000, WASM backend, CORS and rate limiting off, core’s limits', () => {
    const c = configFromEnv({})
    expect(c).toMatchObject({
      port: 3000,
      backend: 'wasm',
      corsOrigins: [],
      rateLimitMax: 0,
      logLevel: 'info',
      redisUrl: '',
      metrics: false,
    })
    expect(c.limits).toBe(DEFAULT_LIMITS)
  })

  test('every variable', () => {
    const c = configFromEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      CHAINRULE_BACKEND: 'js',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_WINDOW_MS: '1000',
      BODY_LIMIT: '65536',
      REQUEST_TIMEOUT_MS: '2000',
      HANDLER_TIMEOUT_MS: '3000',
      WORKERS: '3',
      WORKER_QUEUE: '7',
      INLINE_WORK: '0',
      CACHE_SIZE: '10',
      TAPES_MAX: '20',
      CACHE_BYTES: '1048576',
      HEADERS_TIMEOUT_MS: '1500',
      KEEP_ALIVE_TIMEOUT_MS: '700',
      MAX_CONNECTIONS: '99',
      MAX_UPLOADS: '3',
      TAPES_BYTES: '65536',
      CHAINRULE_LIMIT_POINTS: '50',
      CHAINRULE_LIMIT_HESSIAN_VARIABLES: '8',
      CHAINRULE_LIMIT_WORK: 'Infinity',
      REDIS_URL: 'redis://127.0.0.1:6380/2',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      TAPES_TTL_SECONDS: '3600',
      TAPE_MAX_BYTES: '4096',
      METRICS_TOKEN: 's3cret',
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
    })
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      backend: 'js',
      logLevel: 'warn',
      corsOrigins: ['https://a.example', 'https://b.example'],
      rateLimitMax: 100,
      rateLimitWindowMs: 1000,
      bodyLimit: 65536,
      requestTimeoutMs: 2000,
      handlerTimeoutMs: 3000,
      workers: 3,
      queue: 7,
      inlineWork: 0,
      cacheSize: 10,
      tapes: 20,
      cacheBytes: 1 << 20,
      headersTimeoutMs: 1500,
      keepAliveTimeoutMs: 700,
      maxConnections: 99,
      maxUploads: 3,
      tapeBytes: 65536,
      redisUrl: 'redis://127.0.0.1:6380/2',
      redisCommandTimeoutMs: 250,
      tapeTtlSeconds: 3600,
      tapeMaxBytes: 4096,
      metrics: true,
      metricsToken: 's3cret',
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
    })
    expect(c.limits).toMatchObject({ ...DEFAULT_LIMITS, points: 50, hessianVariables: 8, work: Infinity })
  })

  test('a limit variable for each of core’s limits', () => {
    expect(Object.keys(DEFAULT_LIMITS).map(limitVariable)).toContain('CHAINRULE_LIMIT_HESSIAN_VARIABLES')
    expect(limitVariable('length')).toBe('CHAINRULE_LIMIT_LENGTH')
  })

  test.each([
    ['PORT', 'eighty'],
    ['PORT', '-1'],
    ['CHAINRULE_BACKEND', 'gpu'],
    ['WORKERS', '0'],
    ['CACHE_BYTES', '0'],
    ['TAPES_BYTES', 'ten'],
    ['CHAINRULE_LIMIT_POINTS', '0'],
    ['CHAINRULE_LIMIT_POINTS', '1.5'],
    ['METRICS', 'yes'],
    ['REDIS_URL', 'localhost:6379'],
    ['TAPES_TTL_SECONDS', '0'],
    ['TAPE_MAX_BYTES', '10'],
  ])('%s=%s is refused at start-up, naming the variable', (name, value) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(name)
  })
})
