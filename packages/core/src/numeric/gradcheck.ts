// gradcheck: is a gradient right? Each component is compared with central
// differences; where they disagree, Ridders' extrapolation is consulted and
// becomes the reference if its own error estimate is smaller than the
// disagreement — so a function whose third derivative defeats central
// differences is not blamed on the gradient, and a wrong gradient still
// fails, since it disagrees with both.
//
// A component passes when |g − ref| ≤ atol + rtol·|ref| (numpy's allclose,
// with the numerical estimate as the reference). A non-finite gradient or
// reference never passes: nothing can be checked there.

import { checkLength, type Program, requireScalar } from '../backend.js'
import { differentiate } from './differences.js'
import { cell } from './error-sweep.js'
import { toVectorFunction, type VectorFunction } from './estimate.js'

export interface GradcheckOptions {
  /** Relative tolerance, default 1e-5. */
  rtol?: number
  /** Absolute tolerance, default 1e-7. */
  atol?: number
}

export interface GradcheckComponent {
  readonly index: number
  /** The gradient being checked. */
  readonly gradient: number
  /** The numerical reference it was compared with. */
  readonly numeric: number
  readonly reference: 'central' | 'richardson'
  readonly absError: number
  /** absError / |numeric|: 0 when both are 0, Infinity when only the reference is (atol decides then). */
  readonly relError: number
}

export interface GradcheckResult {
  readonly ok: boolean
  /** Largest |g − ref| over the components; NaN if any comparison is NaN. */
  readonly maxAbsError: number
  readonly maxRelError: number
  /** The component furthest outside (or least inside) its tolerance; null for a function of no inputs. */
  readonly worst: GradcheckComponent | null
  /** The gradient checked (AD, for gradcheck). */
  readonly gradient: number[]
  /** The reference used per component. */
  readonly numeric: number[]
  /** Calls of f made by the numerical side. */
  readonly evaluations: number
  /**
   * True when an op sits exactly at its kink at this point (the program's status is `kink`): the
   * differences straddle it and measure neither side, so a failure there is the kink's, not AD's,
   * whose derivative is the pinned convention (docs/ARCHITECTURE.md §4). Always false for `checkGradient`.
   */
  readonly atKink: boolean
}

function tolerance(opts: GradcheckOptions): { rtol: number; atol: number } {
  const rtol = opts.rtol ?? 1e-5
  const atol = opts.atol ?? 1e-7
  for (const [name, v] of [
    ['rtol', rtol],
    ['atol', atol],
  ] as const) {
    if (!(v >= 0 && Number.isFinite(v)))
      throw new RangeError(`gradcheck: ${name} must be a finite number ≥ 0, got ${v}`)
  }
  return { rtol, atol }
}

/** Checks a gradient from anywhere (a hand-written one, another library's) against f's differences. */
export function checkGradient(
  claimed: ArrayLike<number>,
  f: VectorFunction | Program,
  x: ArrayLike<number>,
  opts: GradcheckOptions = {},
): GradcheckResult {
  const { rtol, atol } = tolerance(opts)
  const fn = toVectorFunction(f, 'gradcheck')
  checkLength('gradcheck: gradient', claimed, x.length)
  const base = Array.from(x)
  const numeric: number[] = []
  let evaluations = 0
  let worst: GradcheckComponent | null = null
  let worstRatio = Number.NEGATIVE_INFINITY
  let maxAbsError = 0
  let maxRelError = 0
  for (let i = 0; i < base.length; i++) {
    const along = (t: number) => {
      const p = base.slice()
      p[i] = t
      return fn(p)
    }
    const g = claimed[i]
    const central = differentiate(along, base[i], { method: 'central' })
    evaluations += central.evaluations
    let ref = central.value
    let reference: GradcheckComponent['reference'] = 'central'
    if (!(Math.abs(g - ref) <= atol + rtol * Math.abs(ref))) {
      const rich = differentiate(along, base[i], { method: 'richardson' })
      evaluations += rich.evaluations
      if (!(Math.abs(g - ref) <= rich.errorEstimate!)) {
        ref = rich.value
        reference = 'richardson'
      }
    }
    // The error rule of the error sweep: relative to |ref|, 0 when both are 0.
    const { absError, relError } = cell(g, ref)
    numeric.push(ref)
    maxAbsError = Math.max(maxAbsError, absError)
    maxRelError = Math.max(maxRelError, relError)
    // How far through its tolerance this component is; NaN counts as the worst possible.
    const ratio =
      absError === 0
        ? 0
        : Number.isNaN(absError)
          ? Number.POSITIVE_INFINITY
          : absError / (atol + rtol * Math.abs(ref))
    if (worst === null || ratio > worstRatio) {
      worstRatio = ratio
      worst = { index: i, gradient: g, numeric: ref, reference, absError, relError }
    }
  }
  return {
    ok: worst === null || worstRatio <= 1,
    maxAbsError,
    maxRelError,
    worst,
    gradient: Array.from(claimed),
    numeric,
    evaluations,
    atKink: false,
  }
}

/** The AD gradient of a one-output Program at x, checked against its own forward sweep's differences. */
export function gradcheckProgram(
  p: Program,
  x: ArrayLike<number>,
  opts: GradcheckOptions = {},
): GradcheckResult {
  requireScalar(p, 'gradcheck')
  checkLength('gradcheck: point', x, p.inputs)
  const { gradient } = p.gradient(x)
  const atKink = p.status.kind === 'kink'
  return { ...checkGradient(gradient, p, x, opts), atKink }
}
