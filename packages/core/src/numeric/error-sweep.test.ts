import { describe, expect, it } from 'vitest'
import { numeric, trace, type Var } from '../index.js'

const E = Math.E
const at = (s: ReturnType<typeof numeric.errorSweep>, h: number) => s.rows.find((r) => r.h === h)!

describe('numeric.errorSweep of exp at 1: the V', () => {
  const s = numeric.errorSweep((x) => x.exp(), 1)

  it('sweeps h = 1e-1 … 1e-16, each the double nearest the decimal', () => {
    expect(s.rows.map((r) => r.h)).toEqual([
      1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16,
    ])
  })
  it('AD is exp(1) to within 1 ulp', () => {
    expect(Math.abs(s.ad - Math.exp(1))).toBeLessThanOrEqual(2 ** -51)
    expect(s.value).toBe(Math.exp(1))
  })
  it('large h: truncation error follows its law (central e·h²/6, forward and backward e·h/2)', () => {
    for (const h of [1e-2, 1e-3, 1e-4]) {
      expect(at(s, h).central.absError / ((E * h * h) / 6)).toBeCloseTo(1, 2)
      expect(at(s, h).forward.absError / ((E * h) / 2)).toBeCloseTo(1, 1)
      expect(at(s, h).backward.absError / ((E * h) / 2)).toBeCloseTo(1, 1)
    }
  })
  it('central falls to 1e-10 or better near h = 1e-5, then rounding error grows again', () => {
    expect(at(s, 1e-5).central.absError).toBeLessThan(1e-10)
    expect(s.best.central!.absError).toBeLessThan(1e-10)
    expect(s.best.central!.h).toBeGreaterThanOrEqual(1e-7)
    expect(s.best.central!.h).toBeLessThanOrEqual(1e-4)
    expect(at(s, 1e-1).central.absError).toBeGreaterThan(1e-3)
    expect(at(s, 1e-11).central.absError).toBeGreaterThan(1e4 * s.best.central!.absError)
    expect(at(s, 1e-14).central.absError).toBeGreaterThan(1e-3)
  })
  it('forward and backward are best near h = 1e-8 (√ε), at about 1e-8', () => {
    for (const m of ['forward', 'backward'] as const) {
      expect(s.best[m]!.h).toBeGreaterThanOrEqual(1e-9)
      expect(s.best[m]!.h).toBeLessThanOrEqual(1e-7)
      expect(s.best[m]!.absError).toBeLessThan(3e-8)
      expect(at(s, 1e-12)[m].absError).toBeGreaterThan(100 * s.best[m]!.absError)
    }
  })
  it('at h = 1e-16 the step vanishes against x = 1: every difference is 0, relative error 1', () => {
    for (const m of ['central', 'forward', 'backward'] as const) {
      expect(at(s, 1e-16)[m].value).toBe(0)
      expect(at(s, 1e-16)[m].relError).toBe(1)
    }
  })
  it('Ridders is best from a large first step, to 13 digits, and its estimate covers its error', () => {
    expect(s.best.richardson!.h).toBe(0.1)
    expect(s.best.richardson!.absError).toBeLessThan(1e-13)
    for (const r of s.rows) expect(r.richardson.absError).toBeLessThanOrEqual(10 * r.richardson.errorEstimate)
  })
  it('relative error is absolute error over |AD|', () => {
    const c = at(s, 1e-3).central
    expect(c.relError).toBe(c.absError / s.ad)
  })
})

describe('functions of several variables', () => {
  // Rosenbrock: ∂f/∂x = −2(1 − x) − 400x(y − x²), ∂f/∂y = 200(y − x²); at (−1.2, 1): (−215.6, −88).
  const rosenbrock = (x: Var, y: Var) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100))

  it('along an input axis (index, default 0)', () => {
    const sx = numeric.errorSweep(rosenbrock, [-1.2, 1])
    expect(sx.index).toBe(0)
    expect(sx.direction).toEqual([1, 0])
    expect(sx.ad).toBeCloseTo(-215.6, 12)
    expect(sx.value).toBeCloseTo(24.2, 12)
    // A quartic in x: central error is exactly h²·f‴/6 + h⁴·f⁽⁵⁾/120 = h²·(−2880)/6 = −480h².
    expect(at(sx, 1e-1).central.value - sx.ad).toBeCloseTo(-4.8, 10)
    const sy = numeric.errorSweep(rosenbrock, [-1.2, 1], { index: 1 })
    expect(sy.ad).toBeCloseTo(-88, 12)
    // Quadratic in y: central differences are exact up to rounding.
    expect(at(sy, 1e-1).central.absError).toBeLessThan(1e-11)
  })
  it('along a direction: AD is ∇f·d', () => {
    const s = numeric.errorSweep(rosenbrock, [-1.2, 1], { direction: [1, 1] })
    expect(s.index).toBeNull()
    expect(s.ad).toBeCloseTo(-303.6, 11)
    expect(s.best.central!.relError).toBeLessThan(1e-9)
  })
  it('takes a Program as well as a traceable function', () => {
    const p = trace(rosenbrock, 2)
    expect(numeric.errorSweep(p, [-1.2, 1]).rows).toEqual(numeric.errorSweep(rosenbrock, [-1.2, 1]).rows)
  })
})

describe('options and edge cases', () => {
  it('custom steps', () => {
    const s = numeric.errorSweep((x) => x.pow(3), 2, { hs: [0.1, 0.01] })
    expect(s.rows).toHaveLength(2)
    expect(s.rows[0].central.value).toBeCloseTo(12.01, 12)
    expect(s.rows[0].central.absError).toBeCloseTo(0.01, 12)
    expect(s.rows[1].forward.value).toBeCloseTo(12.0601, 10)
  })
  it('no best when every error is NaN (log at −1)', () => {
    const s = numeric.errorSweep((x) => x.log(), -1)
    // Outside the domain the derivative is NaN as well as the value (docs/ARCHITECTURE.md §4).
    expect(s.ad).toBeNaN()
    expect(s.rows[0].central.absError).toBeNaN()
    expect(s.best).toEqual({ central: null, forward: null, backward: null, richardson: null })
  })
  it('relative error is Infinity where AD is 0 and the estimate is not', () => {
    const s = numeric.errorSweep((x) => x.cos(), 0, { hs: [0.1] })
    expect(s.ad === 0).toBe(true)
    expect(s.rows[0].central.relError).toBe(0)
    expect(s.rows[0].forward.relError).toBe(Number.POSITIVE_INFINITY)
  })
  it('refuses bad options', () => {
    const f = (x: Var, y: Var) => x.mul(y)
    expect(() => numeric.errorSweep(f, [1, 2], { index: 2 })).toThrow(/index/)
    expect(() => numeric.errorSweep(f, [1, 2], { index: 0, direction: [1, 0] })).toThrow(/not both/)
    expect(() => numeric.errorSweep(f, [1, 2], { direction: [1] })).toThrow(/direction needs 2/)
    expect(() => numeric.errorSweep(f, [1, 2], { hs: [0.1, 0] })).toThrow(/positive finite/)
    expect(() => numeric.errorSweep((x) => [x, x], 1)).toThrow(/one output/)
  })
})
