import { describe, expect, it } from 'vitest'
import { ulps } from './ulps.js'

describe('ulps', () => {
  it('counts the doubles between two numbers, across zero and for NaN', () => {
    expect(ulps(1, 1)).toBe(0)
    expect(ulps(1, 1 + Number.EPSILON)).toBe(1)
    expect(ulps(1 + 2 * Number.EPSILON, 1)).toBe(2)
    expect(ulps(0, -0)).toBe(0)
    expect(ulps(Number.MIN_VALUE, -Number.MIN_VALUE)).toBe(2)
    expect(ulps(Number.NaN, Number.NaN)).toBe(0)
    expect(ulps(Number.NaN, 1)).toBe(Number.POSITIVE_INFINITY)
    expect(ulps(Number.MAX_VALUE, Number.POSITIVE_INFINITY)).toBe(1)
  })
})
