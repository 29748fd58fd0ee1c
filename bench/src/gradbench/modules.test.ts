// Each module's answers against references written independently of it
// (reference.ts): lse's gradient is the softmax, llsq's the closed form
// Aᵀ(Ax − s), gmm's objective the directly computed log posterior and its
// gradient central differences of that, at small sizes, on both backends.
import * as js from '@chainrule/core'
import { describe, expect, test } from 'vitest'
import { relativeError } from '../accuracy.js'
import { parseGmm } from './gmm.js'
import { gmmObjective, gmmPointVars, gmmRestVars, gmmVars, paramCount } from './gmm-objective.js'
import { gmmInput, llsqInput, lseInput } from './inputs.js'
import { BACKENDS, Session } from './protocol.js'
import { gmmReference, llsqReference, softmax } from './reference.js'

const once = { min_runs: 1, min_seconds: 0 }

describe.each(BACKENDS)('modules on the %s backend', (backend) => {
  const s = new Session(backend)
  let id = 0
  const evaluate = (module: string, fn: string, input: object) => {
    const r = s.handle({ id: id++, kind: 'evaluate', module, function: fn, input: { ...input, ...once } })
    if (!r.success) throw new Error(r.error)
    return r.output
  }

  test('lse: the primal is log Σ exp, stable for large x; the gradient is the softmax', () => {
    const { x } = lseInput(50)
    const shifted = x.map((v) => v + 800)
    const direct = Math.log(x.reduce((s, v) => s + Math.exp(v), 0))
    expect(evaluate('lse', 'primal', { x })).toBeCloseTo(direct, 13)
    expect(evaluate('lse', 'primal', { x: shifted })).toBeCloseTo(direct + 800, 10)
    expect(
      relativeError(evaluate('lse', 'gradient', { x: shifted }) as number[], softmax(shifted)),
    ).toBeLessThan(1e-14)
  })

  test('llsq: objective and gradient against the closed form, including an odd n where some tᵢ = 0', () => {
    for (const [n, m] of [
      [16, 5],
      [33, 8],
    ]) {
      const input = llsqInput(n, m)
      const ref = llsqReference(input.x, n)
      expect(evaluate('llsq', 'primal', input)).toBeCloseTo(ref.value, 12)
      expect(relativeError(evaluate('llsq', 'gradient', input) as number[], ref.gradient)).toBeLessThan(1e-12)
    }
  })

  test('gmm: the objective is the log posterior computed directly from its definition', () => {
    for (const [d, k, n] of [
      [1, 1, 3],
      [2, 3, 10],
      [4, 2, 7],
    ]) {
      const input = { ...gmmInput(d, k, n), m: 2, gamma: 0.7 }
      const { data, params } = parseGmm(input)
      expect(evaluate('gmm', 'objective', input)).toBeCloseTo(gmmReference(data, params), 9)
    }
  })

  test("gmm: the jacobian agrees with central differences of the reference objective, in GradBench's shape", () => {
    const input = { ...gmmInput(3, 2, 6), m: 1, gamma: 1.3 }
    const { data, params } = parseGmm(input)
    const out = evaluate('gmm', 'jacobian', input) as {
      alpha: number[]
      mu: number[][]
      q: number[][]
      l: number[][]
    }
    expect(out.mu).toHaveLength(2)
    expect(out.mu[0]).toHaveLength(3)
    expect(out.l[1]).toHaveLength(3)
    const g = [...out.alpha, ...out.mu.flat(), ...out.q.flat(), ...out.l.flat()]
    expect(g).toHaveLength(paramCount(data))
    const fd = Array.from(params, (_, i) => {
      const h = 1e-6
      const at = (t: number) =>
        gmmReference(
          data,
          params.map((p, j) => (j === i ? p + t : p)),
        )
      return (at(h) - at(-h)) / (2 * h)
    })
    expect(relativeError(g, fd)).toBeLessThan(1e-7)
    // The plain objective the tool times is the same function.
    expect(gmmObjective(data, params)).toBeCloseTo(gmmReference(data, params), 10)
  })

  test("gmm: the per-point and rest tapes give the whole tape's gradient; nodes counts both tapes", () => {
    expect(
      js.trace(gmmPointVars({ d: 20, k: 25 }), paramCount({ d: 20, k: 25 }) + 20, { vector: true }).size,
    ).toBeGreaterThan(1 << 14)
    // One batch of points; none; 8192 points a batch and a last one of 8; a tape swept point by point.
    for (const [d, k, n] of [
      [3, 2, 6],
      [2, 3, 0],
      [2, 1, 8200],
      [20, 25, 3],
    ]) {
      const input = { ...gmmInput(d, k, n), m: 2, gamma: 0.7 }
      const { data, params } = parseGmm(input)
      const r = s.handle({
        id: id++,
        kind: 'evaluate',
        module: 'gmm',
        function: 'jacobian',
        input: { ...input, ...once },
      })
      const out = r.output as { alpha: number[]; mu: number[][]; q: number[][]; l: number[][] }
      const split = [...out.alpha, ...out.mu.flat(), ...out.q.flat(), ...out.l.flat()]
      const whole = js.gradient(gmmVars(data), params, { vector: true })
      expect(relativeError(split, whole)).toBeLessThan(1e-13)
      const point = js.trace(gmmPointVars(data), params.length + d, { vector: true }).size
      const rest = js.trace(gmmRestVars(data), params.length, { vector: true }).size
      expect(r.chainrule?.nodes).toBe(point + rest)
      expect(r.chainrule?.note).toMatch(
        new RegExp(
          `^tape nodes: one data point's term, ${point} nodes .* each of the ${n} points, \\+ the other terms, ${rest} nodes`,
        ),
      )
    }
  })

  test('gmm: a malformed input is an error answer naming the field', () => {
    const input = { ...gmmInput(2, 2, 3), ...once }
    const r = s.handle({
      id: id++,
      kind: 'evaluate',
      module: 'gmm',
      function: 'jacobian',
      input: { ...input, l: [[1, 2]] },
    })
    expect(r).toMatchObject({ success: false, error: 'input.l must have 2 rows' })
  })
})
