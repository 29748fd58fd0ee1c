import { describe, expect, it } from 'vitest'
import { duration, num, short } from './number.js'

describe('number formatting', () => {
  it('num: 12 significant digits, binary noise hidden', () => {
    expect(
      [
        0.1 + 0.2,
        24.199999999999996,
        0.00005852760790128446,
        5,
        -0,
        Number.NaN,
        Number.NEGATIVE_INFINITY,
        1e21,
      ].map(num),
    ).toEqual(['0.3', '24.2', '5.85276079013e-5', '5', '0', 'NaN', '-Infinity', '1e+21'])
  })

  it('short: plain for ordinary magnitudes, exponent form outside, trailing zeros dropped', () => {
    expect(
      [0.64, 1.6, 0.001234, 123456, 3.0600001e-11, 1e-8, 2.6e154, 0, Number.POSITIVE_INFINITY].map((x) =>
        short(x),
      ),
    ).toEqual(['0.64', '1.6', '0.00123', '1.23e+5', '3.06e-11', '1e-8', '2.6e+154', '0', 'Infinity'])
  })

  it('duration: three significant digits in the unit that fits', () => {
    expect([2500, 1, 0.0456, 1.234e-5, 0].map(duration)).toEqual([
      '2.5 s',
      '1 ms',
      '45.6 µs',
      '12.3 ns',
      '0 ns',
    ])
  })
})
