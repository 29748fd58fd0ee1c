// The special functions of the op table (erf, erfc), which Math lacks and
// ops.ts implements: accurate against published values, with the symmetries
// and limits of their definitions. Derivatives are checked with every other op
// (test/spec/ops.ts); the WASM backend's values by its parity tests.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { property } from '../test/property.js'
import { OP } from './ops.js'

// 22 significant digits (mpmath at 40 digits; agree with Abramowitz & Stegun, Table 7.1),
// as text: more digits than a double holds, which Number() rounds to the nearest one.
const ERF: readonly (readonly [number, string])[] = [
  [1e-8, '1.128379167095512536284e-8'],
  [0.1, '0.1124629160182848922033'],
  [0.3, '0.3286267594591274276389'],
  [0.5, '0.5204998778130465376827'],
  [0.75, '0.7111556336535151315989'],
  [1, '0.8427007929497148693412'],
  [1.5, '0.966105146475310727067'],
  [2, '0.9953222650189527341621'],
  [3, '0.9999779095030014145586'],
  [4, '0.99999998458274209972'],
  [-0.7, '-0.6778011938374184729756'],
  [-2.5, '-0.9995930479825550410604'],
]

const ERFC: readonly (readonly [number, string])[] = [
  [0.1, '0.8875370839817151077967'],
  [0.5, '0.4795001221869534623173'],
  [1, '0.1572992070502851306588'],
  [2, '0.004677734981047265837931'],
  [3, '0.00002209049699858544137278'],
  [5, '1.537459794428034850188e-12'],
  [10, '2.088487583762544757001e-45'],
  [15, '7.212994172451206666565e-100'],
  [20, '5.395865611607900928935e-176'],
  [26, '5.663192408856142846476e-296'],
  [-1, '1.842700792949714869341'],
  [-3, '1.999977909503001414559'],
]

const erf = (x: number) => OP.erf.fwd(x, 0)
const erfc = (x: number) => OP.erfc.fwd(x, 0)
const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want)

describe('erf', () => {
  it.each(ERF)('erf(%s) within 1e-15 relative of the reference value', (x, want) => {
    expect(relative(erf(x), Number(want))).toBeLessThanOrEqual(1e-15)
  })

  it('is odd (erf(−0) = −0), tends to ±1, and keeps NaN', () => {
    expect(Object.is(erf(0), 0)).toBe(true)
    expect(Object.is(erf(-0), -0)).toBe(true)
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1)
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1)
    expect(erf(6)).toBe(1)
    expect(erf(Number.NaN)).toBeNaN()
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Object.is(erf(-x), -erf(x))).toBe(true)
        expect(Math.abs(erf(x))).toBeLessThanOrEqual(1)
      }),
      property({ seed: 1201, runs: 500 }),
    )
  })

  it('is increasing, and continuous where its two methods meet at |x| = ½', () => {
    const below = erf(0.49999999999999994)
    const above = erf(0.5000000000000001)
    expect(relative(below, Number('0.5204998778130465376827'))).toBeLessThanOrEqual(1e-15)
    expect(relative(above, Number('0.5204998778130465376827'))).toBeLessThanOrEqual(1e-15)
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        (x, d) => {
          expect(erf(x + d)).toBeGreaterThanOrEqual(erf(x))
        },
      ),
      property({ seed: 1202, runs: 500 }),
    )
  })
})

describe('erfc', () => {
  it.each(ERFC)('erfc(%s) within 1e-15 relative of the reference value, far into the tail', (x, want) => {
    expect(relative(erfc(x), Number(want))).toBeLessThanOrEqual(1e-15)
  })

  it('is 1 − erf, 2 − erfc(−x), and goes to 0 and 2 at ±∞', () => {
    expect(erfc(0)).toBe(1)
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0)
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2)
    expect(erfc(28)).toBe(0)
    expect(erfc(Number.NaN)).toBeNaN()
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        // Both sides are rounded sums of values in [0, 2]: equal to a few ulps of 2.
        expect(Math.abs(erfc(x) - (1 - erf(x)))).toBeLessThanOrEqual(1e-15)
        expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(1e-15)
      }),
      property({ seed: 1203, runs: 500 }),
    )
  })
})
