import { describe, expect, it } from 'vitest'
import { numeric, trace } from '../index.js'

// f(x, y) = x·y + x³ − ln y; ∇f(3, 4) = (y + 3x², x − 1/y) = (31, 2.75).
const plain = ([x, y]: number[]) => x * y + x ** 3 - Math.log(y)
const want = [31, 2.75]

describe('numeric.gradient', () => {
  it('central: 2n evaluations, ~10 digits', () => {
    const r = numeric.gradient(plain, [3, 4])
    expect(r.method).toBe('central')
    expect(r.evaluations).toBe(4)
    expect(r.h).toEqual([3 * Math.cbrt(Number.EPSILON), 4 * Math.cbrt(Number.EPSILON)])
    r.gradient.forEach((g, i) => {
      expect(Math.abs(g - want[i]) / want[i]).toBeLessThan(1e-9)
    })
  })
  it.each(['forward', 'backward'] as const)('%s: n + 1 evaluations (f(x) is shared), ~7 digits', (method) => {
    let calls = 0
    const r = numeric.gradient(
      (x) => {
        calls++
        return plain(x)
      },
      [3, 4],
      { method },
    )
    expect(r.evaluations).toBe(3)
    expect(calls).toBe(3)
    r.gradient.forEach((g, i) => {
      expect(Math.abs(g - want[i]) / want[i]).toBeLessThan(1e-6)
    })
  })
  it('forward and backward err on opposite sides of a convex function', () => {
    // ∂²f/∂x² = 6x = 18 > 0: the forward slope is too steep, the backward one too shallow.
    const h = 1e-3
    expect(numeric.gradient(plain, [3, 4], { method: 'forward', h }).gradient[0]).toBeGreaterThan(31)
    expect(numeric.gradient(plain, [3, 4], { method: 'backward', h }).gradient[0]).toBeLessThan(31)
  })
  it('richardson: an error estimate per component, true error within it', () => {
    const r = numeric.gradient(plain, [3, 4], { method: 'richardson' })
    expect(r.errorEstimate).toHaveLength(2)
    r.gradient.forEach((g, i) => {
      expect(Math.abs(g - want[i])).toBeLessThanOrEqual(10 * r.errorEstimate![i])
      expect(Math.abs(g - want[i]) / want[i]).toBeLessThan(1e-12)
    })
  })
  it('a given h is the same absolute step for every component', () => {
    expect(numeric.gradient(plain, [3, 4], { h: 0.5 }).h).toEqual([0.5, 0.5])
  })
  it('works on a Program through its forward sweep', () => {
    const p = trace((x, y) => x.mul(y).add(x.pow(3)).sub(y.log()), 2)
    const r = numeric.gradient(p, [3, 4])
    r.gradient.forEach((g, i) => {
      expect(Math.abs(g - want[i]) / want[i]).toBeLessThan(1e-9)
    })
    expect(() => numeric.gradient(p, [3])).toThrow(/expected 2 numbers/)
  })
  it('gives f a fresh array every call, so f may change it', () => {
    const mutating = (x: number[]) => {
      const v = plain(x)
      x[0] = 1e6
      return v
    }
    expect(numeric.gradient(mutating, [3, 4]).gradient[0]).toBeCloseTo(31, 8)
  })
})
