import { describe, expect, it } from 'vitest'
import { parseNumber } from './numbers.js'

describe('parseNumber', () => {
  it('decimal literals and §12’s names', () => {
    expect(['2', '-1.5', '+.5', '1e-3', '1E+2', 'NaN', 'Infinity', '-Infinity'].map(parseNumber)).toEqual([
      2,
      -1.5,
      0.5,
      0.001,
      100,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ])
  })

  it('refuses what Number() would quietly accept or mangle', () => {
    expect(['', ' ', '0x10', '1_000', '1e999', 'inf', '1.2.3', '2x'].map(parseNumber)).toEqual(
      new Array(8).fill(undefined),
    )
  })
})
