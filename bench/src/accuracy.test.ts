// Accuracy figures beside the times: normwise relative error and correct digits.
// (The timing harness moved to @chainrule/core/measure, with its tests.)
import { describe, expect, test } from 'vitest'
import { digits, relativeError } from './accuracy.js'

describe('accuracy', () => {
  test('normwise relative error and digits', () => {
    expect(relativeError([1, 2.002], [1, 2])).toBeCloseTo(0.001, 12)
    expect(relativeError([0, 0], [0, 0])).toBe(0)
    expect(relativeError([Number.NaN], [1])).toBeNaN()
    expect(digits(1e-7)).toBeCloseTo(7, 12)
    expect(digits(0)).toBe(16)
    expect(digits(Number.NaN)).toBe(0)
    expect(() => relativeError([1], [1, 2])).toThrow(/lengths/)
  })
})
