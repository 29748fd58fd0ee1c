// The work budget counts all the work a request can cause, so the answer
// never depends on what the cache holds: with where(), the branch not taken
// at the recording point and the re-recordings a flip causes are counted too.

import { DEFAULT_LIMITS } from '@chainrule/core'
import type { FastifyInstance } from 'fastify'
import { afterAll, describe, expect, test } from 'vitest'
import { buildApp, HELD, poolHooks, post } from '../test/helpers.js'

// At the recording point (x = 1) the guard 0.5 − x is negative: the tape holds
// only the small branch, x. Below 0.5 the large branch runs.
const BIG = Array.from({ length: 150 }, (_, i) => `sin(${i + 1}*x)`).join('+')
const EXPRESSION = `where(0.5 - x, ${BIG}, x)`
const big = (x: number) =>
  Array.from({ length: 150 }, (_, i) => Math.sin((i + 1) * x)).reduce((s, v) => s + v)
const limits = { ...DEFAULT_LIMITS, work: 200_000 }

const apps: FastifyInstance[] = []
const app = async () => {
  const a = await buildApp({ limits })
  apps.push(a)
  return a
}
afterAll(() => Promise.all(apps.map((a) => a.close())))

/** The same request on a fresh app, and on one whose cached program last recorded the large branch. */
async function coldAndWarm(body: object): Promise<[number, number]> {
  const cold = await post(await app(), '/v1/gradient', body)
  const warmed = await app()
  expect((await post(warmed, '/v1/gradient', { expression: EXPRESSION, at: { x: 0 } })).statusCode).toBe(200)
  const warm = await post(warmed, '/v1/gradient', body)
  return [cold.statusCode, warm.statusCode]
}

describe('where() is budgeted on every branch', () => {
  test('many points on the large branch: 422 work-budget, cold or warm', async () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ x: i / 1000 }))
    const body = { expression: EXPRESSION, points }
    expect(await coldAndWarm(body)).toEqual([422, 422])
    const r = await post(await app(), '/v1/gradient', body)
    expect(r.json().error.code).toBe('work-budget')
  })

  test('points that flip the branch each time are charged their re-recordings: 422, cold or warm', async () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ x: i % 2 === 0 ? 0 : 1 }))
    expect(await coldAndWarm({ expression: EXPRESSION, points })).toEqual([422, 422])
  })

  test('a request within the budget on either branch: 200, cold or warm, with the right numbers', async () => {
    const body = { expression: EXPRESSION, points: [{ x: 0.25 }, { x: 2 }] }
    expect(await coldAndWarm(body)).toEqual([200, 200])
    const r = (await post(await app(), '/v1/gradient', body)).json()
    expect(r.value[0]).toBeCloseTo(big(0.25), 12)
    expect(r.value[1]).toBe(2)
    expect(r.gradient[1]).toEqual([1])
  })
})

describe('explain and graph', () => {
  test.each(['explain', 'graph'])(
    '%s of a small text runs in the pool, leaving /healthz free',
    async (route) => {
      const hooks = poolHooks()
      // Default placement: a small text with little work would otherwise run on the event loop.
      const a = await buildApp({ workers: 1, testHooks: hooks.testHooks })
      apps.push(a)
      const answer = post(a, `/v1/${route}`, { expression: HELD, at: { x: 2 } })
      await hooks.held()
      expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
      hooks.release()
      expect((await answer).statusCode).toBe(200)
    },
    30_000,
  )
})

describe('minimize is budgeted on every sweep it makes', () => {
  test("the convergence probe's values count: a saddle probed at every step stops at the budget", async () => {
    // 32 inputs and tol so large that every iteration probes (up to 2·(2·32 + 8) values a probe)
    // and finds lower ground at the saddle −v30·v31: counting gradients alone let it run to maxIter.
    const names = Array.from({ length: 32 }, (_, i) => `v${String(i).padStart(2, '0')}`)
    const expression = `-(v30*v31) + 0*(${names.slice(0, 30).join('+')})`
    const a = await buildApp({ limits: { ...DEFAULT_LIMITS, work: 1_000_000 } })
    apps.push(a)
    const { size } = (await post(a, '/v1/tapes', { expression })).json()
    // The up-front estimate (two sweeps per iteration) admits 400 iterations.
    expect(2 * 401 * size).toBeLessThan(1_000_000)
    const at = Object.fromEntries(names.map((v) => [v, 0.5]))
    const r = await post(a, '/v1/minimize', {
      expression,
      at,
      options: { method: 'gd', tol: 1e6, maxIter: 400 },
    })
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body.status).toBe('work-budget')
    // 1e6 node visits of a `size`-node tape are 1e6 / size sweeps; each probing iteration takes at
    // least 2·30 + 1 values (the inputs the saddle ignores, then v30) and a gradient.
    expect(body.iterations).toBeLessThan(400)
    expect(body.iterations).toBeLessThanOrEqual(Math.ceil(1_000_000 / size / 63) + 1)
  })
})
