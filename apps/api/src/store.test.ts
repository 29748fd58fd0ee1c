// The tape store's faults, without a Redis: a REDIS_URL that nothing answers
// is "Redis down at start". Tape routes answer 503 store-unavailable with
// Retry-After at once (nothing waits on the client's queue), every other
// route serves, the rate limiter lets requests through, and /readyz says so.
// The replicas test (replicas.test.ts) covers a real Redis lost and restarted.

import { createServer } from 'node:net'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp, post } from '../test/helpers.js'

/** The documented 503: the one error envelope, code store-unavailable, and Retry-After. */
function expectUnavailable(r: LightMyRequestResponse, what: string): void {
  expect(r.statusCode, what).toBe(503)
  expect(r.json(), what).toEqual({ error: { code: 'store-unavailable', message: expect.any(String) } })
  expect(r.headers['retry-after'], what).toBe('1')
}

/** A loopback port nothing listens on (it was free a moment ago; nothing here binds it). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

describe('Redis configured but down at start', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildApp({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      rateLimitMax: 1,
      metrics: true,
    })
  })
  afterAll(() => app.close())

  test('tape routes: 503 store-unavailable with Retry-After, storing and replaying', async () => {
    expectUnavailable(await post(app, '/v1/tapes', { expression: 'x^2 + x' }), 'store')
    for (const route of ['gradient', 'evaluate']) {
      expectUnavailable(await post(app, `/v1/tapes/${'a'.repeat(64)}/${route}`, { at: { x: 1 } }), route)
    }
  })

  test('every other route serves, and the rate limit (counted in Redis) lets requests through', async () => {
    // rateLimitMax is 1: a second 200 shows the limiter skipped, not refused.
    for (let i = 0; i < 3; i++) {
      const r = await post(app, '/v1/gradient', { expression: 'x^2 + x', at: { x: 2 } })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
    }
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  test('/readyz stays 200 and reports the store unavailable; /metrics counts the errors', async () => {
    const r = await app.inject({ method: 'GET', url: '/readyz' })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({
      status: 'ready',
      tapes: null,
      tapeBytes: null,
      store: { kind: 'redis', state: 'unavailable' },
    })
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
    expect(text).toContain('chainrule_tape_store_up 0')
    expect(text).toMatch(/chainrule_tape_store_errors_total\{op="set",reason="unavailable"\} [1-9]/)
    expect(text).toMatch(/chainrule_tape_store_errors_total\{op="get",reason="unavailable"\} [1-9]/)
  })
})

test('a tape over TAPE_MAX_BYTES is refused with 413 before Redis is asked, never stored cut', async () => {
  const app = await buildApp({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, tapeMaxBytes: 256 })
  const long = await post(app, '/v1/tapes', { expression: `x${'+x'.repeat(150)}` })
  expect(long.statusCode).toBe(413)
  expect(long.json()).toEqual({ error: { code: 'tape-too-large', message: expect.any(String) } })
  // Under the bound, the same store's answer is the outage's.
  expectUnavailable(await post(app, '/v1/tapes', { expression: 'x+x' }), 'small')
  await app.close()
})
