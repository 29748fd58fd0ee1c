import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { property } from '../../test/property.js'
import { ridders, riddersAdaptive } from './ridders.js'

// Smooth, well-conditioned functions with their exact derivatives.
const smooth = [
  ['exp', Math.exp, Math.exp],
  ['sin', Math.sin, Math.cos],
  ['cos', Math.cos, (x: number) => -Math.sin(x)],
  ['tanh', Math.tanh, (x: number) => 1 - Math.tanh(x) ** 2],
  ['atan', Math.atan, (x: number) => 1 / (1 + x * x)],
  ['x⁵', (x: number) => x ** 5, (x: number) => 5 * x ** 4],
  ['1/(1+25x²)', (x: number) => 1 / (1 + 25 * x * x), (x: number) => (-50 * x) / (1 + 25 * x * x) ** 2],
  ['sigmoid', (x: number) => 1 / (1 + Math.exp(-x)), (x: number) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2],
] as const

describe("Ridders' error estimate is honest on smooth functions", () => {
  it.each(smooth)('%s: true error ≤ 10 × estimate at random points and first steps', (_, f, df) => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 1, max: 4 }), (x, k) => {
        const r = ridders(f, x, 10 ** -k)
        const want = df(x)
        // 4ε|f′| allows for the exact derivative itself being rounded.
        return Math.abs(r.value - want) <= 10 * r.error + 4 * Number.EPSILON * Math.abs(want)
      }),
      property({ seed: 3, runs: 200 }),
    )
  })
  it.each(smooth)('%s: also for the adaptive form from 0.1·max(1,|x|)', (_, f, df) => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (x) => {
        const r = riddersAdaptive(f, x, 0.1 * Math.max(1, Math.abs(x)))
        const want = df(x)
        return Math.abs(r.value - want) <= 10 * r.error + 4 * Number.EPSILON * Math.abs(want)
      }),
      property({ seed: 5, runs: 100 }),
    )
  })
  it('and small: 13 digits or better from a first step of 0.1', () => {
    for (const [, f, df] of smooth) {
      const r = ridders(f, 0.7, 0.1)
      expect(Math.abs(r.value - df(0.7))).toBeLessThan(1e-12)
      expect(r.error).toBeLessThan(1e-12)
    }
  })
})

describe('one tableau', () => {
  it('takes 2 calls per column, 10 columns', () => {
    let calls = 0
    const r = ridders(
      (x) => {
        calls++
        return Math.sin(x)
      },
      1,
      0.1,
    )
    expect(r.evaluations).toBe(20)
    expect(calls).toBe(20)
  })
  it('counts the rounding of x ± h in its noise floor: cos at 1.6 from h = 0.1', () => {
    // cos(1.6) ≈ −0.03, so rounding in f's values is tiny, but x ± h is rounded by ~1e-16,
    // which moves cos by as much again; without that term the true error is 17× the estimate.
    const r = ridders(Math.cos, 1.6, 0.1)
    expect(Math.abs(r.value + Math.sin(1.6))).toBeLessThanOrEqual(r.error)
    expect(r.error).toBeLessThan(1e-13)
  })
})

describe('the adaptive form', () => {
  it('shrinks the first step until it fits: log at 0.001 to 12 digits', () => {
    const r = riddersAdaptive(Math.log, 0.001, 0.1)
    expect(Math.abs(r.value - 1000) / 1000).toBeLessThan(1e-12)
    expect(r.h).toBeLessThanOrEqual(1e-4)
    expect(Math.abs(r.value - 1000)).toBeLessThanOrEqual(10 * r.error)
  })
  it('handles a fast exponential, e^(3000x) at 0.1, where 0.1 is far too large a step', () => {
    const want = 3000 * Math.exp(300)
    const r = riddersAdaptive((x) => Math.exp(3000 * x), 0.1, 0.1)
    expect(Math.abs(r.value - want) / want).toBeLessThan(1e-11)
  })
  it('stops after two tableaux that do not improve', () => {
    const r = riddersAdaptive(Math.exp, 1, 0.1)
    expect(r.h).toBe(0.1)
    // The first tableau wins; the next two are tried and do not beat it.
    expect(r.evaluations).toBe(60)
    expect(r.error).toBe(ridders(Math.exp, 1, 0.1).error)
  })
})
