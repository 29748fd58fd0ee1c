import { describe, expect, it } from 'vitest'
import { numeric, trace } from '../index.js'

const { derivative, defaultStep } = numeric
const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want)

describe('default steps', () => {
  it('∛ε·max(1,|x|) for central, √ε·max(1,|x|) one-sided, 0.1·max(1,|x|) to start Ridders', () => {
    expect(defaultStep('central', 0.5)).toBe(Math.cbrt(Number.EPSILON))
    expect(defaultStep('central', -300)).toBe(300 * Math.cbrt(Number.EPSILON))
    expect(defaultStep('forward', 2)).toBe(2 * 2 ** -26)
    expect(defaultStep('backward', 0)).toBe(2 ** -26)
    expect(defaultStep('richardson', 40)).toBe(4)
  })
  it('derivative uses them when h is not given', () => {
    expect(derivative(Math.exp, 3).h).toBe(3 * Math.cbrt(Number.EPSILON))
    expect(derivative(Math.exp, 3, { method: 'forward' }).h).toBe(3 * 2 ** -26)
  })
})

describe('the formulas, on x³ at 2 with h = 0.1 (exact answers: f′ = 12, f″ = 12, f‴ = 6)', () => {
  const cube = (x: number) => x * x * x
  it('central: f′ + h²f‴/6 = 12.01', () => {
    expect(derivative(cube, 2, { method: 'central', h: 0.1 }).value).toBeCloseTo(12.01, 12)
  })
  it('forward: f′ + hf″/2 + h²f‴/6 = 12.61', () => {
    expect(derivative(cube, 2, { method: 'forward', h: 0.1 }).value).toBeCloseTo(12.61, 12)
  })
  it('backward: f′ − hf″/2 + h²f‴/6 = 11.41', () => {
    expect(derivative(cube, 2, { method: 'backward', h: 0.1 }).value).toBeCloseTo(11.41, 12)
  })
  it('richardson removes the h² term: 12 to rounding', () => {
    const r = derivative(cube, 2, { method: 'richardson', h: 0.1 })
    expect(r.value).toBeCloseTo(12, 12)
    expect(r.errorEstimate).toBeLessThan(1e-12)
    expect(r.h).toBe(0.1)
  })
})

describe('accuracy with the default steps', () => {
  // Central differences are good to about ε^(2/3) ≈ 4e-11, one-sided to √ε ≈ 1.5e-8 (times a constant).
  const cases = [
    ['exp at 1', Math.exp, Math.exp, 1],
    ['sin at 1', Math.sin, Math.cos, 1],
    ['log at 5', Math.log, (x: number) => 1 / x, 5],
    ['atan at -3', Math.atan, (x: number) => 1 / (1 + x * x), -3],
    [
      '1/(1+25x²) at 0.2',
      (x: number) => 1 / (1 + 25 * x * x),
      (x: number) => (-50 * x) / (1 + 25 * x * x) ** 2,
      0.2,
    ],
  ] as const
  it.each(cases)('%s', (_, f, df, x) => {
    const want = df(x)
    expect(rel(derivative(f, x).value, want)).toBeLessThan(1e-9)
    expect(rel(derivative(f, x, { method: 'forward' }).value, want)).toBeLessThan(1e-7)
    expect(rel(derivative(f, x, { method: 'backward' }).value, want)).toBeLessThan(1e-7)
    expect(rel(derivative(f, x, { method: 'richardson' }).value, want)).toBeLessThan(1e-12)
  })
  it('counts evaluations: 2 for each difference, a few tableaux of ≤ 20 for Ridders', () => {
    expect(derivative(Math.exp, 1).evaluations).toBe(2)
    expect(derivative(Math.exp, 1, { method: 'forward' }).evaluations).toBe(2)
    const r = derivative(Math.exp, 1, { method: 'richardson' })
    expect(r.evaluations).toBeGreaterThanOrEqual(4)
    expect(r.evaluations).toBeLessThanOrEqual(120)
    let calls = 0
    derivative(
      (x) => {
        calls++
        return Math.exp(x)
      },
      1,
      { method: 'richardson' },
    )
    expect(calls).toBe(r.evaluations)
  })
})

describe('on a Program', () => {
  it('differentiates through the forward sweep', () => {
    const p = trace((x) => x.sin().mul(x), 1)
    const want = Math.cos(0.7) * 0.7 + Math.sin(0.7)
    expect(rel(derivative(p, 0.7).value, want)).toBeLessThan(1e-9)
    expect(rel(derivative(p, 0.7, { method: 'richardson' }).value, want)).toBeLessThan(1e-12)
  })
  it('needs one input and one output', () => {
    expect(() =>
      derivative(
        trace((x, y) => x.mul(y)),
        1,
      ),
    ).toThrow(/one variable/)
    expect(() =>
      derivative(
        trace((x) => [x, x]),
        1,
      ),
    ).toThrow(/one output/)
  })
})

describe('bad options', () => {
  it.each([0, -1e-3, Number.NaN, Number.POSITIVE_INFINITY])('h = %s is refused', (h) => {
    expect(() => derivative(Math.exp, 1, { h })).toThrow(/positive finite/)
  })
  it('an unknown method is refused', () => {
    expect(() => derivative(Math.exp, 1, { method: 'complex-step' as never })).toThrow(
      /central, forward, backward, richardson/,
    )
  })
})
