// Accuracy beside time. One measure everywhere: the normwise relative error
// max|approx − exact| / max|exact|, so a component that is tiny next to the
// others is not judged alone; "correct digits" is −log₁₀ of it, capped at 16.

export function relativeError(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  if (approx.length !== exact.length) throw new RangeError('relativeError: lengths differ')
  let diff = 0
  let scale = 0
  for (let i = 0; i < exact.length; i++) {
    const d = Math.abs(approx[i] - exact[i])
    // A NaN anywhere makes the whole answer wrong.
    if (Number.isNaN(d)) return Number.NaN
    diff = Math.max(diff, d)
    scale = Math.max(scale, Math.abs(exact[i]))
  }
  return scale === 0 ? diff : diff / scale
}

export const MAX_DIGITS = 16

export function digits(error: number): number {
  if (Number.isNaN(error)) return 0
  if (error === 0) return MAX_DIGITS
  return Math.max(0, Math.min(MAX_DIGITS, -Math.log10(error)))
}
