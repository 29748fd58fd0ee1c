import { describe, expect, it } from 'vitest'
import { formatNumber } from './index.js'

describe('formatNumber', () => {
  it('rounds to 12 significant digits, hiding binary noise', () => {
    expect(
      [24.199999999999996, 0.00005852760790128446, 0.1 + 0.2, 5, -0, 1e21, 123456789012345, -2.5].map((x) =>
        formatNumber(x),
      ),
    ).toEqual(['24.2', '5.85276079013e-5', '0.3', '5', '0', '1e+21', '123456789012000', '-2.5'])
  })

  it('names the non-finite values as --at and JSON read them', () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((x) => formatNumber(x)),
    ).toEqual(['NaN', 'Infinity', '-Infinity'])
  })

  it('takes its digits and plain range as options', () => {
    expect(formatNumber(123456, { digits: 3, plain: [1e-3, 1e5] })).toBe('1.23e+5')
    expect(formatNumber(0.001234, { digits: 3, plain: [1e-3, 1e5] })).toBe('0.00123')
    expect(formatNumber(99999.9, { digits: 3, plain: [1e-3, 1e5] })).toBe('1e+5')
  })
})
