import { describe, expect, it } from 'vitest'
import { alignNumbers, displayWidth, table } from './table.js'

describe('tables', () => {
  it('numbers line up on the decimal point, signs and exponents included; NaN ends at the units digit', () => {
    expect(alignNumbers(['31', '2.75', '-0.5', '1e-8'])).toEqual(['31   ', ' 2.75', '-0.5 ', ' 1e-8'])
    expect(alignNumbers(['1', 'NaN'])).toEqual(['  1', 'NaN'])
  })

  it('Hangul takes two columns', () => {
    expect(displayWidth('수반값')).toBe(6)
    expect(displayWidth('A · B')).toBe(5)
  })

  it('a header row heads number columns at their units digit; the last column has no trailing spaces', () => {
    expect(
      table(
        [
          ['', 'x', 'y'],
          ['x', '18', '1'],
          ['y', '1', '0.0625'],
        ],
        { header: true, align: ['left', 'number', 'number'] },
      ),
    ).toEqual(['    x  y', 'x  18  1', 'y   1  0.0625'])
  })

  it('style is applied after padding, so colour codes do not shift columns', () => {
    const lines = table(
      [
        ['a', '1'],
        ['bbb', '2'],
      ],
      { style: (cell, _row, c) => (c === 0 ? `<${cell}>` : cell) },
    )
    expect(lines).toEqual(['<a  >  1', '<bbb>  2'])
  })
})
