// Property: whatever arrives — random JSON, random text, bodies that are
// almost right — the answer is a 2xx or a 4xx in the error shape, never a 5xx.

import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildApp, expectErrorShape, postRaw } from '../test/helpers.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildApp()
})
afterAll(() => app.close())

const ROUTES = [
  'evaluate',
  'gradient',
  'hessian',
  'jacobian',
  'compare',
  'explain',
  'graph',
  'minimize',
  'tapes',
]
// Fixed seeds and bounded runs: a failure reproduces exactly (fast-check prints
// the seed and path), and endOnFailure reports the first counterexample instead
// of shrinking for minutes on a busy machine.
const runs = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true })

const route = fc.constantFrom(...ROUTES.map((r) => `/v1/${r}`))

async function neverServerError(url: string, payload: string, contentType = 'application/json') {
  const r = await postRaw(app, url, payload, contentType)
  if (r.statusCode >= 500) throw new Error(`${r.statusCode} for ${url} ${payload.slice(0, 200)}: ${r.body}`)
  if (r.statusCode >= 400) expectErrorShape(r)
  else expect(r.statusCode).toBe(200)
}

// Expressions built from the language's own pieces reach deep into the engine.
const token = fc.constantFrom(
  'x',
  'y',
  '2',
  '0',
  '1e308',
  '.5',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  ',',
  ';',
  'sin(',
  'log(',
  'sqrt(',
  'where(',
  'pi',
  'e',
  ' ',
)
const expression = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(token, { maxLength: 30 }).map((t) => t.join('')),
)
const number = fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1', 'x'), fc.integer())
const point = fc.dictionary(fc.constantFrom('x', 'y', 'z', '__proto__', 'constructor', 'a b'), number, {
  maxKeys: 4,
})
const almostRight = fc.record(
  {
    expression,
    at: point,
    points: fc.array(point, { maxLength: 4 }),
    variables: fc.array(fc.constantFrom('x', 'y', 'z', 'x', 'sin', 'eval'), { maxLength: 4 }),
    backend: fc.constantFrom('js', 'wasm', 'gpu'),
    options: fc.dictionary(
      fc.constantFrom('method', 'lr', 'maxIter', 'hs', 'format', 'lang', 'output', 'variable', 'trajectory'),
      fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('adam', 'dot', 'ko', 'x')),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: [] },
)

test('random JSON bodies never produce a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(route, fc.jsonValue({ maxDepth: 4 }), (url, body) =>
      neverServerError(url, JSON.stringify(body)),
    ),
    runs(300, 11),
  )
}, 60_000)

test('random strings, as JSON or as another content type, never produce a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      route,
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'x/y'),
      (url, text, type) => neverServerError(url, text, type),
    ),
    runs(300, 12),
  )
}, 60_000)

test('almost-right bodies never produce a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(route, almostRight, (url, body) => neverServerError(url, JSON.stringify(body))),
    runs(1000, 13),
  )
}, 60_000)
