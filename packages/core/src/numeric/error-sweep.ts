// The comparison the project exists to make: the error of every finite-
// difference method against the AD derivative as the step shrinks from 10⁻¹
// to 10⁻¹⁶. Truncation error falls with h, rounding error grows as ε/h, so
// each method's error traces a V whose bottom is its best achievable accuracy.
//
// A function of several variables is differentiated along one line through x:
// the axis of input `index` (default 0), or any `direction` d. The numerical
// side steps g(t) = f(x + t·d) around t = 0; the AD side is ∇f(x)·d (exactly
// the partial ∂f/∂xᵢ for an axis).

import { type Program, requireScalar } from '../backend.js'
import { checkStep, NUMERIC_METHODS, type NumericMethod } from './differences.js'
import { ridders } from './ridders.js'

export interface ErrorSweepOptions {
  /** Steps, largest first by convention; default 1e-1, 1e-2, …, 1e-16. */
  hs?: readonly number[]
  /** Differentiate along the axis of this input (default 0). */
  index?: number
  /** Differentiate along this direction instead (not normalised: the AD value is ∇f·d). */
  direction?: ArrayLike<number>
}

export interface SweepCell {
  readonly value: number
  /** |value − AD|. */
  readonly absError: number
  /** |value − AD| / |AD|; 0 when both are 0, Infinity when only AD is. */
  readonly relError: number
}

export interface SweepRow {
  readonly h: number
  readonly central: SweepCell
  readonly forward: SweepCell
  readonly backward: SweepCell
  /** Ridders' tableau started at this h, with its own error estimate. */
  readonly richardson: SweepCell & { readonly errorEstimate: number }
}

export interface SweepBest extends SweepCell {
  readonly h: number
}

export interface ErrorSweep {
  readonly x: number[]
  /** The line differentiated along: the unit vector of `index`, or the given direction. */
  readonly direction: number[]
  /** The input differentiated, or null when a direction was given. */
  readonly index: number | null
  /** f(x). */
  readonly value: number
  /** The AD derivative along the line, the reference for every error. */
  readonly ad: number
  readonly rows: SweepRow[]
  /** Per method, the row with the smallest absolute error (the earlier on a tie); null if every error is NaN. */
  readonly best: Record<NumericMethod, SweepBest | null>
}

/** 10⁻¹ … 10⁻¹⁶, each the double nearest the decimal (10 ** -k is not always). */
export const DEFAULT_HS: readonly number[] = Object.freeze(
  Array.from({ length: 16 }, (_, k) => Number(`1e-${k + 1}`)),
)

/** value's error against the AD derivative ad. */
export function cell(value: number, ad: number): SweepCell {
  const absError = Math.abs(value - ad)
  const relError = ad !== 0 ? absError / Math.abs(ad) : absError === 0 ? 0 : Number.POSITIVE_INFINITY
  return { value, absError, relError }
}

function bestOf(rows: readonly SweepRow[], m: NumericMethod): SweepBest | null {
  let best: SweepBest | null = null
  for (const row of rows) {
    const { value, absError, relError } = row[m]
    // NaN never compares smaller, so a NaN row is never best; a tie keeps the earlier row.
    if (best === null ? !Number.isNaN(absError) : absError < best.absError)
      best = { h: row.h, value, absError, relError }
  }
  return best
}

function line(p: Program, opts: ErrorSweepOptions): { direction: number[]; index: number | null } {
  const n = p.inputs
  if (opts.direction !== undefined) {
    if (opts.index !== undefined)
      throw new RangeError('numeric.errorSweep: give index or direction, not both')
    if (opts.direction.length !== n) {
      throw new RangeError(`numeric.errorSweep: direction needs ${n} numbers, got ${opts.direction.length}`)
    }
    return { direction: Array.from(opts.direction), index: null }
  }
  const index = opts.index ?? 0
  if (!(Number.isInteger(index) && index >= 0 && index < n)) {
    throw new RangeError(`numeric.errorSweep: index must be an input number from 0 to ${n - 1}, got ${index}`)
  }
  const direction = new Array<number>(n).fill(0)
  direction[index] = 1
  return { direction, index }
}

export function errorSweepProgram(
  p: Program,
  x: ArrayLike<number>,
  opts: ErrorSweepOptions = {},
): ErrorSweep {
  requireScalar(p, 'numeric.errorSweep')
  if (x.length !== p.inputs)
    throw new RangeError(`numeric.errorSweep: expected ${p.inputs} numbers, got ${x.length}`)
  const hs = opts.hs ?? DEFAULT_HS
  for (const h of hs) checkStep(h)
  const { direction, index } = line(p, opts)
  const x0 = Array.from(x)

  const r = p.gradient(x0)
  let ad = 0
  if (index !== null) ad = r.gradient[index]
  else for (let j = 0; j < x0.length; j++) ad += r.gradient[j] * direction[j]

  const g = (t: number) => p.evaluate(x0.map((xj, j) => xj + t * direction[j]))[0]
  const g0 = g(0)
  const rows = hs.map((h): SweepRow => {
    const gp = g(h)
    const gm = g(-h)
    const rich = ridders(g, 0, h)
    return {
      h,
      central: cell((gp - gm) / (2 * h), ad),
      forward: cell((gp - g0) / h, ad),
      backward: cell((g0 - gm) / h, ad),
      richardson: { ...cell(rich.value, ad), errorEstimate: rich.error },
    }
  })

  const best = {} as Record<NumericMethod, SweepBest | null>
  for (const m of NUMERIC_METHODS) best[m] = bestOf(rows, m)
  return { x: x0, direction, index, value: r.value, ad, rows, best }
}
