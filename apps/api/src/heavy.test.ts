// Heavy requests: a max-size expression at the work budget is answered, one
// point more is refused before any sweep; heavy work in the pool leaves the
// event loop free for /healthz; the hard timeout ends a job that overruns,
// and the pool carries on.

import { DEFAULT_LIMITS } from '@chainrule/core'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectErrorShape, pooled, post } from '../test/helpers.js'

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
  test('/healthz answers while heavy requests are still running', async () => {
    const heavy = Array.from({ length: 3 }, (_, i) =>
      post(app, '/v1/explain', { expression: MAX, at: pointAt(i), backend: 'js' }).then((r) => {
        done++
        return r
      }),
    )
    let done = 0
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    const doneWhenHealthy = done
    expect(health.statusCode).toBe(200)
    expect(health.json()).toEqual({ status: 'ok' })
    // One worker runs the three one after the other; /healthz did not wait for them.
    expect(doneWhenHealthy).toBeLessThan(3)
    for (const r of await Promise.all(heavy)) expect(r.statusCode).toBe(200)
  }, 30_000)

  test('a job past the time limit is ended (503 timeout) and the next one is served', async () => {
    const hasty = await pooled({ workers: 1, handlerTimeoutMs: 300 })
    // About a second of batched JS sweeps (more on a busy machine): past the limit, so its thread is terminated.
    const k = Math.floor(DEFAULT_LIMITS.work / (2 * size))
    const points = Array.from({ length: k }, (_, t) => pointAt(t))
    const r = await post(hasty, '/v1/gradient', { expression: MAX, points, backend: 'js' })
    expect(r.statusCode).toBe(503)
    expect(r.headers['retry-after']).toBe('1')
    expect(r.json()).toEqual({ error: { code: 'timeout', message: expect.any(String) } })
    // The pool replaces the terminated thread; then it serves again.
    let pool = (await hasty.inject({ method: 'GET', url: '/readyz' })).json().pool
    while (pool.threads !== 1 || pool.pending !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      pool = (await hasty.inject({ method: 'GET', url: '/readyz' })).json().pool
    }
    const next = await post(hasty, '/v1/gradient', { expression: 'x^2 + x', at: { x: 2 }, backend: 'js' })
    expect(next.json().gradient).toEqual([5])
    await hasty.close()
  }, 30_000)

  test('a full queue answers 503 busy at once instead of queueing without end', async () => {
    const narrow = await pooled({ workers: 1, queue: 1 })
    const medium = MAX.slice(0, MAX.indexOf('+', 600))
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        post(narrow, '/v1/explain', { expression: medium, at: pointAt(i) }),
      ),
    )
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(2)
    const busy = results.filter((r) => r.statusCode === 503)
    expect(busy.length).toBeGreaterThan(0)
    for (const r of busy) expect(r.json().error.code).toBe('busy')
    await narrow.close()
  }, 30_000)
})
