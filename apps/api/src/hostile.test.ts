// The bad-input catalogue: each answered 4xx with { error: { code, message,
// start?, end? } }, never a 5xx, never a stack, and never more than 64
// characters of the input echoed back.

import { DEFAULT_LIMITS } from '@chainrule/core'
import { HOSTILE_EXPRESSIONS } from '@chainrule/core/testing'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp, expectErrorShape, longestEcho, post, postRaw } from '../test/helpers.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildApp()
})
afterAll(() => app.close())

/** The checks every refusal must pass; returns the error for route-specific checks. */
function refused(r: LightMyRequestResponse, sent: string, status?: number) {
  const error = expectErrorShape(r)
  if (status !== undefined) expect(r.statusCode).toBe(status)
  expect(longestEcho(sent, r.body)).toBeLessThanOrEqual(64)
  return error
}

const raw = async (payload: string, contentType = 'application/json', url = '/v1/gradient') =>
  refused(await postRaw(app, url, payload, contentType), payload)

describe('prototype poisoning', () => {
  test.each([
    ['__proto__ at the top', '{"__proto__": {"polluted": 1}, "expression": "x", "at": {"x": 1}}'],
    ['__proto__ nested in at', '{"expression": "x", "at": {"__proto__": {"x": 1}}}'],
    ['__proto__ inside a point', '{"expression": "x", "points": [{"x": 1}, {"__proto__": {"x": 2}}]}'],
    [
      'constructor.prototype at the top',
      '{"constructor": {"prototype": {"polluted": 1}}, "expression": "x"}',
    ],
    [
      'constructor.prototype nested in at',
      '{"expression": "x", "at": {"constructor": {"prototype": {"x": 1}}}}',
    ],
  ])('%s → 400 forbidden-property', async (_name, payload) => {
    const error = await raw(payload)
    expect(error.code).toBe('forbidden-property')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a variable called constructor in at is just an unknown name', async () => {
    const r = await post(app, '/v1/gradient', { expression: 'x', at: { x: 1, constructor: 2 } })
    expect(refused(r, 'constructor', 400).code).toBe('unknown-variable')
  })
})

describe('bodies and content types', () => {
  test('a body over the limit → 413', async () => {
    const small = await buildApp({ bodyLimit: 2048 })
    const payload = JSON.stringify({ expression: `${'x+'.repeat(2000)}x`, at: { x: 1 } })
    const r = await postRaw(small, '/v1/gradient', payload, 'application/json')
    expect(refused(r, payload, 413).code).toBe('body-too-large')
    await small.close()
  })

  test.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['application/json garbage', 'application/json garbage'],
    ['no content type', undefined],
  ])('%s → 4xx', async (_name, type) => {
    const payload = '{"expression":"x","at":{"x":1}}'
    const r = await postRaw(app, '/v1/gradient', payload, type)
    refused(r, payload)
    expect([400, 415]).toContain(r.statusCode)
  })

  test.each([
    ['upper case', 'APPLICATION/JSON'],
    ['with a charset', 'application/json; charset=utf-8'],
    ['with an upper-case charset', 'Application/Json; Charset=UTF-8'],
  ])('JSON %s is still JSON', async (_name, type) => {
    const r = await postRaw(app, '/v1/gradient', '{"expression":"x^2 + x","at":{"x":2}}', type)
    expect(r.statusCode).toBe(200)
    expect(r.json().gradient).toEqual([5])
  })

  test.each([
    ['empty', '', 'empty-body'],
    ['truncated', '{"expression": "x", "at": {"x":', 'invalid-json'],
    ['not JSON', "{expression: 'x'}", 'invalid-json'],
    ['a top-level array', '[{"expression": "x", "at": {"x": 1}}]', 'invalid-request'],
    ['a top-level string', '"x^2"', 'invalid-request'],
    ['a top-level number', '42', 'invalid-request'],
    ['null', 'null', 'invalid-request'],
  ])('%s body → 400 %s', async (_name, payload, code) => {
    const r = await postRaw(app, '/v1/gradient', payload, 'application/json')
    expect(refused(r, payload, 400).code).toBe(code)
  })
})

describe('wrong types, never coerced', () => {
  test.each([
    ['expression a number', { expression: 123, at: { x: 1 } }],
    ['expression null', { expression: null, at: { x: 1 } }],
    ['expression missing', { at: { x: 1 } }],
    ['x a string that looks like a number', { expression: 'x', at: { x: '1e400' } }],
    ['x the string "1"', { expression: 'x', at: { x: '1' } }],
    ['x an array', { expression: 'x', at: { x: [2] } }],
    ['x a boolean', { expression: 'x', at: { x: true } }],
    ['x null', { expression: 'x', at: { x: null } }],
    ['at an array', { expression: 'x', at: [2] }],
    ['points an object', { expression: 'x', points: { x: 1 } }],
    ['points empty', { expression: 'x', points: [] }],
    ['backend unknown', { expression: 'x', at: { x: 1 }, backend: 'gpu' }],
    ['an unknown property', { expression: 'x', at: { x: 1 }, extra: 1 }],
    ['an unknown option', { expression: 'x', at: { x: 1 }, options: { fast: true } }],
    ['a variable name that is not an identifier', { expression: 'x', at: { 'x y': 1 } }],
  ])('%s → 400', async (_name, body) => {
    const r = await post(app, '/v1/gradient', body)
    expect(refused(r, JSON.stringify(body), 400).code).toBe('invalid-request')
  })

  test('a point missing a variable, or naming one too many', async () => {
    const missing = await post(app, '/v1/gradient', { expression: 'x*y', at: { x: 1 } })
    expect(refused(missing, 'x*y', 400)).toMatchObject({ code: 'missing-variable' })
    expect(missing.json().error.message).toContain("'y'")
    const extra = await post(app, '/v1/gradient', { expression: 'x', at: { x: 1, y: 2 } })
    expect(refused(extra, 'x', 400).code).toBe('unknown-variable')
  })

  test('neither at nor points, or both', async () => {
    expect(refused(await post(app, '/v1/gradient', { expression: 'x' }), 'x', 400).code).toBe('missing-point')
    const both = await post(app, '/v1/gradient', { expression: 'x', at: { x: 1 }, points: [{ x: 1 }] })
    expect(refused(both, 'x', 400).code).toBe('ambiguous-point')
  })
})

describe('hostile expressions from core’s table', () => {
  test.each(HOSTILE_EXPRESSIONS.map((h) => [h.probe, h] as const))('%s', async (_probe, h) => {
    const r = await post(app, '/v1/gradient', { expression: h.text, at: {} })
    const error = refused(r, h.text)
    expect(error).toMatchObject({ code: h.code, start: h.start, end: h.end })
    expect(r.statusCode).toBe(h.code.startsWith('too-') ? 422 : 400)
  })
})

describe('limits', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`)
  const point = (n: number) => Object.fromEntries(names(n).map((v) => [v, 1]))

  test('65 variables in a point → 400', async () => {
    const r = await post(app, '/v1/gradient', { expression: names(65).join('+'), at: point(65) })
    expect(refused(r, names(65).join('+'), 400).code).toBe('invalid-request')
  })

  test('65 variables in the expression → 422 too-many-variables', async () => {
    const r = await post(app, '/v1/gradient', { expression: names(65).join('+'), at: point(64) })
    expect(refused(r, names(65).join('+'), 422).code).toBe('too-many-variables')
  })

  test('a variable missing from a list of long names: the message drops the list, not the point', async () => {
    const long = (c: string) => c.repeat(60)
    const variables = [long('a'), long('b'), long('c'), long('d')]
    const at = Object.fromEntries(variables.map((v) => [v, 1]))
    const r = await post(app, '/v1/gradient', { expression: `${long('a')} + z`, variables, at })
    expect(refused(r, long('a'), 400)).toEqual({
      code: 'unknown-variable',
      message: "'z' is not among the variables given",
      start: 63,
      end: 64,
    })
  })

  test('65 names in variables → 400', async () => {
    const r = await post(app, '/v1/gradient', { expression: 'v0', variables: names(65), at: { v0: 1 } })
    expect(refused(r, names(65).join(','), 400).code).toBe('invalid-request')
  })

  test('a name longer than core’s identifier limit, in the text, in variables or in a point → 4xx', async () => {
    const long = 'v'.repeat(DEFAULT_LIMITS.identifier + 1)
    const text = await post(app, '/v1/gradient', { expression: `x + ${long}`, at: { x: 1 } })
    expect(refused(text, long, 422)).toMatchObject({ code: 'too-long-name', start: 4, end: 4 + long.length })
    // 64 unused names of 4 KiB each once rode along in every tape and cache key.
    const unused = Array.from({ length: 64 }, (_, i) => `${'u'.repeat(4090)}${i}`)
    const listed = await post(app, '/v1/gradient', {
      expression: 'x',
      variables: ['x', ...unused.slice(1)],
      at: { x: 1 },
    })
    expect(refused(listed, unused[1], 400).code).toBe('invalid-request')
    const inPoint = await post(app, '/v1/gradient', { expression: 'x', at: { x: 1, [long]: 2 } })
    expect(refused(inPoint, long, 400).code).toBe('invalid-request')
    // At the limit every front end accepts it.
    const ok = DEFAULT_LIMITS.identifier
    const at = await post(app, '/v1/gradient', {
      expression: `x + ${'w'.repeat(ok)}`,
      at: { x: 1, ['w'.repeat(ok)]: 2 },
    })
    expect(at.statusCode).toBe(200)
  })

  test('a Hessian of 65 variables → 422, under the default limits', async () => {
    const r = await post(app, '/v1/hessian', { expression: names(65).join('*'), at: point(64) })
    expect(refused(r, names(65).join('*'), 422).code).toBe('too-many-variables')
  })

  test('a Hessian over the variable limit → 422 hessian-too-large', async () => {
    const small = await buildApp({ limits: { ...DEFAULT_LIMITS, hessianVariables: 4 } })
    const r = await post(small, '/v1/hessian', { expression: names(5).join('*'), at: point(5) })
    expect(refused(r, names(5).join('*'), 422).code).toBe('hessian-too-large')
    // At the limit it works: the Hessian of v0·v1·v2·v3 at 1 is 1 off the diagonal.
    const ok = await post(small, '/v1/hessian', { expression: names(4).join('*'), at: point(4) })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().hessian[0]).toEqual([0, 1, 1, 1])
    await small.close()
  })

  test('more points than the limit → 400', async () => {
    const points = Array.from({ length: DEFAULT_LIMITS.points + 1 }, () => ({ x: 1 }))
    const r = await post(app, '/v1/gradient', { expression: 'x', points })
    expect(refused(r, 'x', 400).code).toBe('invalid-request')
  })

  test('a vector function where one output is needed → 422 not-scalar', async () => {
    const r = await post(app, '/v1/gradient', { expression: 'x; x^2', at: { x: 1 } })
    expect(refused(r, 'x; x^2', 422).code).toBe('not-scalar')
  })

  test.each(['compare', 'explain', 'graph', 'minimize'])(
    'points on %s, which takes one point → 400',
    async (route) => {
      const r = await post(app, `/v1/${route}`, { expression: 'x', points: [{ x: 1 }] })
      expect(refused(r, 'x', 400)).toMatchObject({ code: 'invalid-request', message: "body is missing 'at'" })
    },
  )

  test.each([
    ['an absurd iteration count', { maxIter: 1e9 }],
    ['iterations one over the limit', { maxIter: DEFAULT_LIMITS.iterations + 1 }],
    ['a fractional iteration count', { maxIter: 1.5 }],
    ['a negative iteration count', { maxIter: -1 }],
    ['an absurd learning rate', { lr: 1e300 }],
    ['a zero learning rate', { lr: 0 }],
    ['a negative learning rate', { lr: -0.1 }],
    ['a learning rate as a string', { lr: 'NaN' }],
    ['an unknown method', { method: 'newton' }],
    ['beta of 1', { beta: 1 }],
  ])('minimize with %s → 400', async (_name, options) => {
    const r = await post(app, '/v1/minimize', { expression: 'x^2', at: { x: 1 }, options })
    expect(refused(r, 'x^2', 400).code).toBe('invalid-request')
  })

  test('a long list of variable names is not echoed back', async () => {
    const long = Array.from({ length: 8 }, (_, i) => `${'v'.repeat(30)}${i}`)
    const r = await post(app, '/v1/gradient', { expression: 'q', variables: long, at: {} })
    expect(refused(r, long.join(', '), 400).code).toBe('unknown-variable')
    const extra = await post(app, '/v1/gradient', {
      expression: long.join('+'),
      at: { [`${'w'.repeat(60)}`]: 1 },
    })
    expect(refused(extra, `${long.join(', ')}${'w'.repeat(60)}`, 400).code).toBe('unknown-variable')
  })

  test.each([
    ['compare of a constant', '/v1/compare', { expression: '2', at: {} }, 422, 'no-variables'],
    [
      'compare along a variable it lacks',
      '/v1/compare',
      { expression: 'x', at: { x: 1 }, options: { variable: 'y' } },
      400,
      'unknown-variable',
    ],
    [
      'explain of an output it lacks',
      '/v1/explain',
      { expression: 'x', at: { x: 1 }, options: { output: 3 } },
      422,
      'invalid-argument',
    ],
  ])('%s', async (_name, url, body, status, code) => {
    const r = await post(app, url, body)
    expect(refused(r, JSON.stringify(body), status).code).toBe(code)
  })

  test('unknown routes and methods → 404 in the error shape', async () => {
    refused(await post(app, '/v1/gradients', { expression: 'x' }), 'x', 404)
    refused(await app.inject({ method: 'GET', url: '/v1/gradient' }), '', 404)
  })
})
