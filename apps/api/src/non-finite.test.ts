// Non-finite results are answers, not errors: 200, NaN and ±Infinity as the
// strings of docs/ARCHITECTURE.md §11, every one of them listed in `nonFinite` as a JSON
// Pointer, and `origin` naming the node (and its span) that produced the first.

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp, post } from '../test/helpers.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildApp()
})
afterAll(() => app.close())

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity'])

/** Pointers to every encoded non-finite number of a result (not of nonFinite and origin, which describe them). */
function nonFinitePaths(v: unknown, at = ''): string[] {
  if (typeof v === 'string') return NON_FINITE.has(v) ? [at] : []
  if (typeof v !== 'object' || v === null) return []
  return Object.entries(v).flatMap(([k, x]) =>
    at === '' && (k === 'nonFinite' || k === 'origin') ? [] : nonFinitePaths(x, `${at}/${k}`),
  )
}

/** 200, and nonFinite lists exactly the non-finite numbers of the body. */
async function answered(url: string, body: object) {
  const r = await post(app, url, body)
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
  const json = r.json()
  expect(json.nonFinite ?? []).toEqual(nonFinitePaths(json))
  return json
}

// The cases, each written with a variable so every route applies.
const CASES = [
  { name: 'log(-1)', expression: 'log(x)', x: -1, value: 'NaN', op: 'log', span: [0, 6] },
  { name: '1/0', expression: '1/x', x: 0, value: 'Infinity', op: 'div', span: [0, 3] },
  { name: 'exp(1000)', expression: 'exp(x)', x: 1000, value: 'Infinity', op: 'exp', span: [0, 6] },
  { name: '0/0', expression: 'x/x', x: 0, value: 'NaN', op: 'div', span: [0, 3] },
] as const

describe.each(['js', 'wasm'])('backend %s', (backend) => {
  describe.each(CASES)('$name', (c) => {
    const body = { expression: c.expression, at: { x: c.x }, backend }

    test('evaluate: the value, its pointer, and the node that made it', async () => {
      const json = await answered('/v1/evaluate', body)
      expect(json.value).toBe(c.value)
      expect(json.nonFinite).toEqual(['/value'])
      expect(json.origin).toMatchObject({ sweep: 'forward', op: c.op, start: c.span[0], end: c.span[1] })
    })

    test('gradient, at a point and in a batch', async () => {
      const one = await answered('/v1/gradient', body)
      expect(one.value).toBe(c.value)
      expect(one.nonFinite).toContain('/value')
      const batch = await answered('/v1/gradient', { ...body, at: undefined, points: [{ x: 1 }, { x: c.x }] })
      expect(batch.value[1]).toBe(c.value)
      expect(batch.nonFinite).toContain('/value/1')
      // The blame goes to the point that produced it, so the origin is the same as for `at`.
      expect(batch.origin).toMatchObject({ op: c.op, start: c.span[0] })
    })

    test.each(['hessian', 'jacobian', 'compare', 'explain', 'graph', 'minimize'])('%s', async (route) => {
      const json = await answered(`/v1/${route}`, body)
      expect(json.nonFinite.length).toBeGreaterThan(0)
      expect(json.origin).toMatchObject({ op: c.op })
    })

    test('replay of a stored tape', async () => {
      const tape = await post(app, '/v1/tapes', { expression: c.expression })
      const json = await answered(`/v1/tapes/${tape.json().id}/gradient`, { at: { x: c.x }, backend })
      expect(json.value).toBe(c.value)
    })
  })

  test('x*sqrt(x) at 0: a finite value whose gradient is not (∞ · 0)', async () => {
    const json = await answered('/v1/gradient', { expression: 'x*sqrt(x)', at: { x: 0 }, backend })
    expect(json.value).toBe(0)
    expect(json.gradient).toEqual(['NaN'])
    expect(json.nonFinite).toEqual(['/gradient/0'])
    expect(json.origin).toMatchObject({ sweep: 'reverse' })
    for (const route of ['hessian', 'compare', 'explain', 'graph']) {
      const other = await answered(`/v1/${route}`, { expression: 'x*sqrt(x)', at: { x: 0 }, backend })
      expect(other.nonFinite.length, route).toBeGreaterThan(0)
    }
  })

  test('non-finite inputs are accepted as the docs/ARCHITECTURE.md §11 strings', async () => {
    const json = await answered('/v1/evaluate', { expression: 'x + 1', at: { x: '-Infinity' }, backend })
    expect(json.value).toBe('-Infinity')
    expect(json.origin).toMatchObject({ op: 'input' })
  })
})
