import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { add, cos, exp, log, log10, mul, relu, sigmoid, sin, sub } from '../../src/index.js'

/** The origin text's examples, with exact expected values. */
export function originSpec(api: Api): void {
  const { grad, gradient, valueAndGrad } = api
  describe('origin text examples', () => {
    it('x² + x at 2 → 5, as a method chain and as add(mul(x, x), x)', () => {
      expect(grad((x) => x.mul(x).add(x))(2)).toBe(5)
      expect(grad((x) => add(mul(x, x), x))(2)).toBe(5)
      expect(valueAndGrad((x) => add(mul(x, x), x))(2)).toEqual({ value: 6, grad: 5 })
    })
    it('x² − x at 2 → 3', () => {
      expect(grad((x) => sub(mul(x, x), x))(2)).toBe(3)
    })
    it('exp(x) + log(x) at 2 → e² + 0.5', () => {
      expect(grad((x) => add(exp(x), log(x)))(2)).toBe(Math.exp(2) + 0.5)
    })
    it('log(x) + log10(x) at 10 → 0.1 + 1/(10·ln 10)', () => {
      expect(grad((x) => add(log(x), log10(x)))(10)).toBe(0.1 + 1 / (10 * Math.LN10))
    })
    it('sin(x) + cos(x) at 0.5 → cos 0.5 − sin 0.5', () => {
      expect(grad((x) => add(sin(x), cos(x)))(0.5)).toBe(Math.cos(0.5) - Math.sin(0.5))
    })
    it('relu(x) at 2 → 1', () => {
      expect(grad((x) => relu(x))(2)).toBe(1)
    })
    it('sigmoid(x) at 0.5 → σ(0.5)(1 − σ(0.5))', () => {
      const s = 1 / (1 + Math.exp(-0.5))
      expect(grad((x) => sigmoid(x))(0.5)).toBe(s * (1 - s))
    })
    it('x·y + x³ − log(y) at (3, 4) → (31, 2.75)', () => {
      expect(gradient((x, y) => x.mul(y).add(x.pow(3)).sub(y.log()), [3, 4])).toEqual([31, 2.75])
    })
  })
}
