// Ridders' method (Numerical Recipes' `dfridr`): central differences at
// steps h, h/1.4, …, h/1.4⁹ extrapolated to h → 0 in a Neville tableau; the
// entry whose neighbours agree best is the answer, their disagreement the
// error estimate — usually 12–14 digits where central differences give 10.
//
// Two changes from dfridr, both for an honest estimate. dfridr stops once the
// newest diagonal entry is worse than twice the best error so far; that also
// fires on a lucky early agreement while truncation still dominates, and we
// measured true errors 50× the estimate from it, so all 10 columns are always
// filled. And an estimate never claims less than the rounding noise of the
// step it came from. Over 50 000 random smooth cases the true error stayed
// under 7× the estimate (ridders.test.ts checks 10×).

export interface RiddersResult {
  readonly value: number
  /** Ridders' estimate of |value − f′(x)|; Infinity when no finite estimate was found. */
  readonly error: number
  /** First step of the tableau that gave `value`. */
  readonly h: number
  readonly evaluations: number
}

const SHRINK = 1.4
const SHRINK2 = SHRINK * SHRINK
const STEPS = 10
/** Starting steps the adaptive form tries: h, h/10, …, h/10⁵. */
const TRIES = 6

/** One tableau from the first step h. Two columns suffice: entry (j, i) needs only column i − 1. */
export function ridders(f: (x: number) => number, x: number, h: number): RiddersResult {
  let prev = new Float64Array(STEPS)
  let cur = new Float64Array(STEPS)
  let step = h
  prev[0] = (f(x + step) - f(x - step)) / (2 * step)
  let evaluations = 2
  let value = Number.NaN
  let error = Number.POSITIVE_INFINITY
  for (let i = 1; i < STEPS; i++) {
    step /= SHRINK
    const fp = f(x + step)
    const fm = f(x - step)
    cur[0] = (fp - fm) / (2 * step)
    evaluations += 2
    // Rounding alone moves this column by about this much: of f's values, and
    // of x ± step itself (times the slope). Neighbouring entries can agree
    // more closely by luck, never be more exact.
    const slope = Math.abs(cur[0]) * (Math.abs(x + step) + Math.abs(x - step))
    const noise = (Number.EPSILON * (Math.abs(fp) + Math.abs(fm) + slope)) / (2 * step)
    let fac = SHRINK2
    for (let j = 1; j <= i; j++) {
      // Eliminate the next even power of the step: error terms go h², h⁴, h⁶, …
      cur[j] = (cur[j - 1] * fac - prev[j - 1]) / (fac - 1)
      fac *= SHRINK2
      const e = Math.max(Math.abs(cur[j] - cur[j - 1]), Math.abs(cur[j] - prev[j - 1]), noise)
      // A NaN entry never compares true, so it is never chosen.
      if (e <= error) {
        error = e
        value = cur[j]
      }
    }
    ;[prev, cur] = [cur, prev]
  }
  return { value, error, h, evaluations }
}

/**
 * Tableaux from h, h/10, h/100, … keeping the smallest error estimate, until
 * two in a row fail to improve on it. One fixed first step cannot suit every
 * function: too large and it straddles a singularity (log near 0) or a fast
 * change; too small and rounding wins. Typically 2–3 tableaux, 40–60 calls.
 */
export function riddersAdaptive(f: (x: number) => number, x: number, h: number): RiddersResult {
  let best = ridders(f, x, h)
  let evaluations = best.evaluations
  let misses = 0
  for (let k = 1; k < TRIES && misses < 2; k++) {
    h /= 10
    const r = ridders(f, x, h)
    evaluations += r.evaluations
    if (r.error < best.error) {
      best = r
      misses = 0
    } else if (Number.isFinite(best.error)) {
      misses++
    }
  }
  return { ...best, evaluations }
}
