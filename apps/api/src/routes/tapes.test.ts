// Stored tapes: content-addressed ids, replay by id on both backends, and a
// clear 404 for an id this server does not hold.

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assertSchema, buildApp, expectErrorShape, pooled, post } from '../../test/helpers.js'
import { gradientResponse } from '../schemas/compute.js'
import { tapeResponse } from '../schemas/tapes.js'

describe.each([
  ['event loop', () => buildApp()],
  ['worker pool', () => pooled()],
])('on the %s', (_where, build) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await build()
  })
  afterAll(() => app.close())

  test('the id is the same for the same normalised expression and variable order', async () => {
    const a = await post(app, '/v1/tapes', { expression: 'x*y + x^3 - log(y)' })
    expect(a.statusCode).toBe(200)
    assertSchema(tapeResponse[200], a.json())
    expect(a.json()).toMatchObject({ variables: ['x', 'y'], outputs: 1 })
    expect(a.json().id).toMatch(/^[0-9a-f]{64}$/)
    const spaced = await post(app, '/v1/tapes', { expression: '  x * y+x ^ 3-log( y )' })
    expect(spaced.json().id).toBe(a.json().id)
    expect(spaced.json().expression).toBe(a.json().expression)
    const reordered = await post(app, '/v1/tapes', {
      expression: 'x*y + x^3 - log(y)',
      variables: ['y', 'x'],
    })
    expect(reordered.json().id).not.toBe(a.json().id)
    const other = await post(app, '/v1/tapes', { expression: 'x*y + x^3 - log(y) + 0' })
    expect(other.json().id).not.toBe(a.json().id)
  })

  test.each(['js', 'wasm'])(
    'replay on %s: gradient and evaluate, at a point and a batch',
    async (backend) => {
      const { id } = (await post(app, '/v1/tapes', { expression: 'x*y + x^3 - log(y)' })).json()
      const one = await post(app, `/v1/tapes/${id}/gradient`, { at: { x: 3, y: 4 }, backend })
      expect(one.statusCode).toBe(200)
      expect(one.json().gradient).toEqual([31, 2.75])
      assertSchema(gradientResponse[200], one.json())
      const batch = await post(app, `/v1/tapes/${id}/gradient`, {
        points: [
          { x: 3, y: 4 },
          { x: 0, y: 1 },
        ],
        backend,
      })
      expect(batch.json().gradient).toEqual([
        [31, 2.75],
        [1, -1],
      ])
      const value = await post(app, `/v1/tapes/${id}/evaluate`, { at: { x: 1, y: 1 }, backend })
      expect(value.json().value).toBe(2)
    },
  )

  test('the origin example by tape: x² + x at 2 → 6 and 5', async () => {
    const { id } = (await post(app, '/v1/tapes', { expression: 'x^2 + x' })).json()
    const r = await post(app, `/v1/tapes/${id}/gradient`, { at: { x: 2 } })
    expect(r.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
  })

  test('a tape of a near-limit text replays, though its normal form is twice the length limit', async () => {
    // x+x+…+x, 2048 terms in 4095 characters; printed, "x + x + …" is 8189.
    const expression = `x${'+x'.repeat(2047)}`
    const stored = await post(app, '/v1/tapes', { expression })
    expect(stored.statusCode).toBe(200)
    expect(stored.json().expression.length).toBeGreaterThan(2 * 4096 - 10)
    const r = await post(app, `/v1/tapes/${stored.json().id}/gradient`, { at: { x: 1 } })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toEqual({ variables: ['x'], value: 2048, gradient: [2048] })
  })

  test('an unknown id → 404 unknown-tape; a malformed id → 400', async () => {
    const unknown = await post(app, `/v1/tapes/${'0'.repeat(64)}/gradient`, { at: { x: 1 } })
    expect(unknown.statusCode).toBe(404)
    expect(expectErrorShape(unknown).code).toBe('unknown-tape')
    const malformed = await post(app, '/v1/tapes/not-an-id/gradient', { at: { x: 1 } })
    expect(malformed.statusCode).toBe(400)
    expect(expectErrorShape(malformed).code).toBe('invalid-request')
  })

  test('a bad expression is not stored: 400 with the position', async () => {
    const r = await post(app, '/v1/tapes', { expression: 'x +' })
    expect(expectErrorShape(r)).toMatchObject({ code: 'unexpected-end', start: 2, end: 3 })
  })

  test('replay checks the point against the tape’s variables', async () => {
    const { id } = (await post(app, '/v1/tapes', { expression: 'x*y' })).json()
    const r = await post(app, `/v1/tapes/${id}/gradient`, { at: { x: 1 } })
    expect(expectErrorShape(r).code).toBe('missing-variable')
  })
})
