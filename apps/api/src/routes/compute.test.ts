// Happy paths of every computation route, on both backends, run on the event
// loop and through the worker pool: the numbers, and the response schema.

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assertSchema, buildApp, ORIGIN, pooled, post } from '../../test/helpers.js'
import { compareResponse, explainResponse, graphResponse, minimizeResponse } from '../schemas/analysis.js'
import { evaluateResponse, gradientResponse, hessianResponse, jacobianResponse } from '../schemas/compute.js'

const ORIGIN_2D = { expression: 'x*y + x^3 - log(y)', at: { x: 3, y: 4 } }

describe.each([
  ['event loop', () => buildApp()],
  ['worker pool', () => pooled()],
])('on the %s', (_where, build) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await build()
  })
  afterAll(() => app.close())

  describe.each(['js', 'wasm'])('backend %s', (backend) => {
    test('evaluate: x² + x at 2 is 6', async () => {
      const r = await post(app, '/v1/evaluate', { ...ORIGIN, backend })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toEqual({ variables: ['x'], value: 6 })
      assertSchema(evaluateResponse[200], r.json())
    })

    test('gradient: the origin examples, 6 and 5; (31, 2.75) at (3, 4)', async () => {
      const one = await post(app, '/v1/gradient', { ...ORIGIN, backend })
      expect(one.statusCode).toBe(200)
      expect(one.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
      const two = await post(app, '/v1/gradient', { ...ORIGIN_2D, backend })
      expect(two.statusCode).toBe(200)
      const body = two.json()
      expect(body.variables).toEqual(['x', 'y'])
      expect(body.value).toBeCloseTo(12 + 27 - Math.log(4), 12)
      expect(body.gradient).toEqual([31, 2.75])
      assertSchema(gradientResponse[200], body)
    })

    test('gradient over a batch of points', async () => {
      const r = await post(app, '/v1/gradient', {
        expression: 'x^2 + x',
        points: [{ x: 0 }, { x: 1 }, { x: 2 }],
        backend,
      })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toEqual({ variables: ['x'], value: [0, 2, 6], gradient: [[1], [3], [5]] })
      assertSchema(gradientResponse[200], r.json())
    })

    test('variables reorder the gradient', async () => {
      const r = await post(app, '/v1/gradient', { ...ORIGIN_2D, variables: ['y', 'x'], backend })
      expect(r.json().variables).toEqual(['y', 'x'])
      expect(r.json().gradient).toEqual([2.75, 31])
    })

    test('evaluate of a vector function, at a point and over points', async () => {
      const one = await post(app, '/v1/evaluate', { expression: 'x + y; x * y', at: { x: 2, y: 5 }, backend })
      expect(one.json()).toEqual({ variables: ['x', 'y'], value: [7, 10] })
      const many = await post(app, '/v1/evaluate', {
        expression: 'x + y; x * y',
        points: [
          { x: 2, y: 5 },
          { x: 1, y: 1 },
        ],
        backend,
      })
      expect(many.json()).toEqual({
        variables: ['x', 'y'],
        value: [
          [7, 10],
          [2, 1],
        ],
      })
      assertSchema(evaluateResponse[200], many.json())
    })

    test('hessian of x*y + x^3 - log(y) at (3, 4)', async () => {
      const r = await post(app, '/v1/hessian', { ...ORIGIN_2D, backend })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      expect(body.gradient).toEqual([31, 2.75])
      // ∂²/∂x² = 6x = 18, ∂²/∂x∂y = 1, ∂²/∂y² = 1/y² = 1/16.
      expect(body.hessian).toEqual([
        [18, 1],
        [1, 0.0625],
      ])
      assertSchema(hessianResponse[200], body)
      const batch = await post(app, '/v1/hessian', {
        expression: 'x^3',
        points: [{ x: 1 }, { x: 2 }],
        backend,
      })
      expect(batch.json()).toEqual({
        variables: ['x'],
        value: [1, 8],
        gradient: [[3], [12]],
        hessian: [[[6]], [[12]]],
      })
    })

    test('jacobian of (x*y, x + y) at (2, 5)', async () => {
      const r = await post(app, '/v1/jacobian', { expression: 'x*y; x + y', at: { x: 2, y: 5 }, backend })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toEqual({
        variables: ['x', 'y'],
        value: [10, 7],
        jacobian: [
          [5, 2],
          [1, 1],
        ],
      })
      assertSchema(jacobianResponse[200], r.json())
      const batch = await post(app, '/v1/jacobian', {
        expression: 'x*y; x + y',
        points: [
          { x: 2, y: 5 },
          { x: 3, y: 1 },
        ],
        backend,
      })
      // Each point keeps its own numbers (no result buffer shared between sweeps).
      expect(batch.json().jacobian).toEqual([
        [
          [5, 2],
          [1, 1],
        ],
        [
          [1, 3],
          [1, 1],
        ],
      ])
      expect(batch.json().value).toEqual([
        [10, 7],
        [3, 4],
      ])
    })

    test('compare: AD against finite differences for exp at 1', async () => {
      const r = await post(app, '/v1/compare', { expression: 'exp(x)', at: { x: 1 }, backend })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(compareResponse[200], body)
      expect(body.gradient).toEqual([Math.E])
      expect(body.gradcheck.ok).toBe(true)
      expect(body).toMatchObject({ variable: 'x', ad: Math.E })
      expect(Object.keys(body.methods)).toEqual(['central', 'forward', 'backward', 'richardson'])
      expect(body.methods.central.h).toBe(Math.cbrt(Number.EPSILON))
      expect(body.sweep.rows).toHaveLength(16)
      // The V: central differences are best near h = 1e-5, far better than at 1e-1 or 1e-16.
      const central = body.sweep.rows.map((row: { central: { absError: number } }) => row.central.absError)
      expect(body.sweep.best.central.absError).toBeLessThan(1e-9)
      expect(central[0]).toBeGreaterThan(1e-3)
      expect(central[15]).toBeGreaterThan(1e-3)
    })

    test('explain: the origin walkthrough of x*x + x at 2', async () => {
      const r = await post(app, '/v1/explain', { expression: 'x*x + x', at: { x: 2 }, backend })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(explainResponse[200], body)
      expect(body.steps.map((s: { label: string; adjoint: number }) => [s.label, s.adjoint])).toEqual([
        ['E', 1],
        ['C', 1],
        ['D', 1],
        ['A', 2],
        ['B', 2],
      ])
      expect(body.derivatives).toMatchObject([{ variable: 'x', leaves: ['A', 'B', 'D'], value: 5 }])
      expect(body.steps[3].terms[0]).toMatchObject({
        rule: '∂C/∂A = B = 2',
        ruleLatex: '\\frac{\\partial C}{\\partial A} = B = 2',
      })
      const ko = await post(app, '/v1/explain', {
        expression: 'x*x + x',
        at: { x: 2 },
        options: { lang: 'ko' },
      })
      expect(ko.json().steps[0].text).not.toBe(body.steps[0].text)
    })

    test('explain of (x-3)^2 at 1: the constant exponent has no adjoint and nothing is non-finite', async () => {
      const r = await post(app, '/v1/explain', { expression: '(x-3)^2', at: { x: 1 }, backend })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(explainResponse[200], body)
      expect(body.value).toBe(4)
      expect(body.derivatives[0].value).toBe(-4)
      expect(body.nonFinite).toBeUndefined()
      const constants = body.nodes.filter((n: { kind: string }) => n.kind === 'const')
      expect(constants).toHaveLength(2)
      for (const n of constants) expect(n).not.toHaveProperty('adjoint')
    })

    test('explain says where a kink pins the derivative and where a point leaves a domain', async () => {
      const kink = await post(app, '/v1/explain', { expression: 'relu(x)', at: { x: 0 }, backend })
      assertSchema(explainResponse[200], kink.json())
      expect(kink.json().notes).toMatchObject([{ kind: 'kink', label: 'B', op: 'relu' }])
      const log = await post(app, '/v1/explain', {
        expression: 'log(x)',
        at: { x: -1 },
        backend,
        options: { lang: 'ko' },
      })
      assertSchema(explainResponse[200], log.json())
      expect(log.json().notes[0]).toMatchObject({ kind: 'domain', op: 'log' })
      expect(log.json().notes[0].text).toContain('정의역')
      const pow = await post(app, '/v1/explain', { expression: 'x^y', at: { x: -0.5, y: -2 }, backend })
      assertSchema(explainResponse[200], pow.json())
      expect(pow.json().notes).toMatchObject([{ kind: 'domain', op: 'pow', operand: 'B' }])
    })

    test('explain in forward mode: one tangent sweep per input, ḟ = 5 for x*x + x at 2', async () => {
      const r = await post(app, '/v1/explain', {
        expression: 'x*x + x',
        at: { x: 2 },
        backend,
        options: { mode: 'forward' },
      })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(explainResponse[200], body)
      expect(body.mode).toBe('forward')
      expect(body.forward[0].value).toBe(5)
      expect(body.forward[0].steps[2].text).toBe('Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4')
      expect(body.sweeps).toMatchObject({ reverse: 1, forward: 1 })
    })

    test('graph as JSON, DOT and Mermaid', async () => {
      const json = await post(app, '/v1/graph', { ...ORIGIN, backend })
      expect(json.statusCode).toBe(200)
      assertSchema(graphResponse[200], json.json())
      const { graph } = json.json()
      expect(graph.value).toBe(6)
      expect(graph.nodes.map((n: { label: string }) => n.label)).toEqual(['A', 'B', 'C', 'D', 'E'])
      const dot = await post(app, '/v1/graph', { ...ORIGIN, backend, options: { format: 'dot' } })
      expect(dot.json().format).toBe('dot')
      expect(dot.json().graph).toMatch(/^digraph chainrule \{/)
      expect(dot.json().graph).toContain('value 6')
      const mermaid = await post(app, '/v1/graph', { ...ORIGIN, backend, options: { format: 'mermaid' } })
      expect(mermaid.json().graph).toMatch(/^flowchart BT/)
    })

    test('minimize Rosenbrock from (-1.2, 1) with L-BFGS', async () => {
      const r = await post(app, '/v1/minimize', {
        expression: '(1 - x)^2 + 100*(y - x^2)^2',
        at: { x: -1.2, y: 1 },
        backend,
        options: { method: 'lbfgs', maxIter: 500 },
      })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(minimizeResponse[200], body)
      expect(body.status).toBe('converged')
      expect(body.x[0]).toBeCloseTo(1, 5)
      expect(body.x[1]).toBeCloseTo(1, 5)
      expect(body.trajectory).toBeUndefined()
    })

    test('minimize never calls an unbounded function converged: x*y + x^3 - log(y) from (3, 4)', async () => {
      const r = await post(app, '/v1/minimize', {
        expression: 'x*y + x^3 - log(y)',
        at: { x: 3, y: 4 },
        backend,
        options: { method: 'lbfgs' },
      })
      expect(r.statusCode).toBe(200)
      const body = r.json()
      assertSchema(minimizeResponse[200], body)
      expect(body.status).toBe('diverged')
      expect(body.converged).toBe(false)
      expect(body.x.every(Number.isFinite)).toBe(true)
    })

    test('minimize reports a line search that cannot descend', async () => {
      const r = await post(app, '/v1/minimize', {
        expression: 'abs(x)^0.5',
        at: { x: 0.3 },
        backend,
        options: { method: 'lbfgs' },
      })
      const body = r.json()
      assertSchema(minimizeResponse[200], body)
      expect(body.status).toBe('line-search-failed')
      expect(body.converged).toBe(false)
    })

    test('minimize returns the trajectory when asked', async () => {
      const r = await post(app, '/v1/minimize', {
        expression: '(x - 3)^2',
        at: { x: 0 },
        backend,
        options: { method: 'gd', lr: 0.25, maxIter: 3, trajectory: true },
      })
      const body = r.json()
      // x ← x − 0.25 · 2(x − 3): 0, 1.5, 2.25, 2.625.
      expect(body.trajectory.map((t: { x: number[] }) => t.x[0])).toEqual([0, 1.5, 2.25, 2.625])
      expect(body.status).toBe('max-iterations')
      assertSchema(minimizeResponse[200], body)
    })
  })
})
