// Heavy requests: a max-size expression at the work budget is answered, one
// point more is refused before any sweep; heavy work in the pool leaves the
// event loop free for /healthz; the hard timeout ends a job that overruns,
// and the pool carries on. Timing is never assumed: a test job held in its
// worker (TestHooks) outlasts any limit, and events say what happened first.

import { DEFAULT_LIMITS } from '@chainrule/core'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectErrorShape, HELD, pooled, poolHooks, post } from '../test/helpers.js'

// Σ sin(vᵢ·vⱼ) over eight variables, as many terms as fit in the length limit.
const VARS = ['a', 'b', 'c', 'd', 'u', 'v', 'w', 'z']
const pairs: [number, number][] = []
let MAX = ''
for (let i = 0; ; i++) {
  const term = `sin(${VARS[i % 8]}*${VARS[(i + 3) % 8]})`
  if (MAX.length + term.length + 1 > DEFAULT_LIMITS.length) break
  MAX += (MAX ? '+' : '') + term
  pairs.push([i % 8, (i + 3) % 8])
}
const f = (x: number[]) => pairs.reduce((s, [i, j]) => s + Math.sin(x[i] * x[j]), 0)
// Short decimals, so a batch at the budget stays under the body limit.
const pointAt = (t: number) => Object.fromEntries(VARS.map((v, q) => [v, ((t * 7 + q * 13) % 200) / 100 - 1]))

let app: FastifyInstance
let size: number
beforeAll(async () => {
  app = await pooled({ workers: 1 })
  const tape = await post(app, '/v1/tapes', { expression: MAX })
  size = tape.json().size
})
afterAll(() => app.close())

describe('the work budget', () => {
  test('a max-size expression at the budget is answered; one point more is refused', async () => {
    expect(MAX.length).toBeGreaterThan(DEFAULT_LIMITS.length - 20)
    // A batched gradient costs two sweeps of the tape per point.
    const k = Math.floor(DEFAULT_LIMITS.work / (2 * size))
    const points = Array.from({ length: k }, (_, t) => pointAt(t))
    const r = await post(app, '/v1/gradient', { expression: MAX, points })
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body.value).toHaveLength(k)
    for (const t of [0, 1, k - 1]) {
      const x = VARS.map((v) => points[t][v])
      expect(body.value[t]).toBeCloseTo(f(x), 9)
    }
    const over = await post(app, '/v1/gradient', { expression: MAX, points: [...points, pointAt(k)] })
    expect(over.statusCode).toBe(422)
    expect(expectErrorShape(over).code).toBe('work-budget')
  }, 30_000)

  test('minimize of a max-size expression over too many iterations is refused up front', async () => {
    const r = await post(app, '/v1/minimize', {
      expression: MAX,
      at: pointAt(0),
      options: { maxIter: DEFAULT_LIMITS.iterations },
    })
    expect(r.statusCode).toBe(422)
    expect(expectErrorShape(r).code).toBe('work-budget')
  })

  test('a result over the size limit is refused', async () => {
    // 43 numbers a point (value, 6 partials, 36 second partials), 7000 points: over 262 144.
    const points = Array.from({ length: 7000 }, (_, t) => ({ x: t, y: 1, z: 2, w: 3, v: 4, u: 5 }))
    const r = await post(app, '/v1/hessian', { expression: 'x*y*z*w*v*u', points })
    expect(r.statusCode).toBe(422)
    expect(expectErrorShape(r).code).toBe('result-too-large')
  })
})

describe('heavy work and the event loop', () => {
  test('/healthz answers while a heavy job is still running in the pool', async () => {
    const hooks = poolHooks()
    const held = await pooled({ workers: 1, testHooks: hooks.testHooks })
    let settled = false
    const heavy = post(held, '/v1/gradient', { expression: HELD, at: { x: 2 } }).then((r) => {
      settled = true
      return r
    })
    // The job is now provably running in the worker, and stays there until released.
    await hooks.held()
    const health = await held.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toEqual({ status: 'ok' })
    expect(settled).toBe(false)
    hooks.release()
    const r = await heavy
    expect(r.statusCode).toBe(200)
    expect(r.json().gradient).toEqual([1])
    await held.close()
  }, 30_000)

  test('a job past the time limit is ended (503 timeout), its thread replaced, and the next one served', async () => {
    const hooks = poolHooks()
    const hasty = await pooled({ workers: 1, handlerTimeoutMs: 300, testHooks: hooks.testHooks })
    // The held job never finishes on its own: it outlasts any time limit on any machine.
    const r = await post(hasty, '/v1/gradient', { expression: HELD, at: { x: 2 } })
    expect(r.statusCode).toBe(503)
    expect(r.headers['retry-after']).toBe('1')
    expect(r.json()).toEqual({ error: { code: 'timeout', message: expect.any(String) } })
    // Piscina hands a job to an idle thread at once, so the abort terminated that
    // thread; the pool starts a second one in its place.
    await hooks.threadsStarted(2)
    const next = await post(hasty, '/v1/gradient', { expression: 'x^2 + x', at: { x: 2 }, backend: 'js' })
    expect(next.statusCode).toBe(200)
    expect(next.json().gradient).toEqual([5])
    await hasty.close()
  }, 30_000)

  test('a full queue answers 503 busy at once instead of queueing without end', async () => {
    const hooks = poolHooks()
    const narrow = await pooled({ workers: 1, queue: 1, testHooks: hooks.testHooks })
    const job = { expression: HELD, at: { x: 2 } }
    const running = post(narrow, '/v1/gradient', job)
    await hooks.held()
    // One job holds the only thread, one waits in the queue: the pool is full.
    const queued = post(narrow, '/v1/gradient', job)
    // inject() does not promise arrival order: wait until the second is in the queue.
    const pending = async () => (await narrow.inject({ method: 'GET', url: '/readyz' })).json().pool.pending
    while ((await pending()) < 2) await new Promise((resolve) => setImmediate(resolve))
    const refused = await post(narrow, '/v1/gradient', job)
    expect(refused.statusCode).toBe(503)
    expect(refused.headers['retry-after']).toBe('1')
    expect(refused.json()).toEqual({ error: { code: 'busy', message: expect.any(String) } })
    hooks.release()
    for (const r of await Promise.all([running, queued])) expect(r.statusCode).toBe(200)
    await narrow.close()
  }, 30_000)
})
