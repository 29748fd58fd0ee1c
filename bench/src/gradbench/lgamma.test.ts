import { describe, expect, test } from 'vitest'
import { lgamma, multilgamma } from './lgamma.js'

describe('lgamma', () => {
  test('matches Γ at known points to ~14 digits', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14)
    expect(lgamma(2)).toBeCloseTo(0, 14)
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14)
    expect(lgamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14)
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 13)
    expect(lgamma(20)).toBeCloseTo(Math.log(121645100408832000), 12)
    expect(lgamma(0.25)).toBeCloseTo(1.2880225246980774, 13)
  })

  test('multivariate: Γ_1 is Γ, and Γ_p(a) = π^{p(p−1)/4} Π Γ(a + (1 − j)/2)', () => {
    expect(multilgamma(3.5, 1)).toBeCloseTo(lgamma(3.5), 14)
    expect(multilgamma(1.5, 2)).toBeCloseTo(0.5 * Math.log(Math.PI) + lgamma(1.5) + lgamma(1), 14)
  })
})
