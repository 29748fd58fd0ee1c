// Finite differences of a function of one number: the three classic
// formulas, their default steps, and Ridders' extrapolation behind one call.
//
// Each formula is written as a textbook writes it, with the nominal step h
// (no "representable step" trick): the error sweep exists to show what these
// formulas really do in floating point, and the default steps already keep
// the rounding of x + h below the method's own error.

import { ridders, riddersAdaptive } from './ridders.js'

export type NumericMethod = 'central' | 'forward' | 'backward' | 'richardson'
export const NUMERIC_METHODS: readonly NumericMethod[] = ['central', 'forward', 'backward', 'richardson']

export type ScalarFunction = (x: number) => number

export interface DerivativeOptions {
  /** Default `central`. */
  method?: NumericMethod
  /** Step; default `defaultStep(method, x)`. For `richardson`, the first (largest) step of the tableau. */
  h?: number
}

export interface DerivativeResult {
  readonly value: number
  readonly method: NumericMethod
  /** The step used; for `richardson`, the first step of the tableau that gave `value`. */
  readonly h: number
  /** Calls of f. */
  readonly evaluations: number
  /** `richardson` only: Ridders' own estimate of |value − f′(x)|. */
  readonly errorEstimate?: number
}

const CBRT_EPS = Math.cbrt(Number.EPSILON)
const SQRT_EPS = Math.sqrt(Number.EPSILON)

/**
 * The step that balances truncation against rounding error: ∛ε·max(1,|x|)
 * for central differences (error O(h²) + O(ε/h)), √ε·max(1,|x|) for one-sided
 * ones (O(h) + O(ε/h)). Ridders starts large, 0.1·max(1,|x|), and shrinks.
 */
export function defaultStep(method: NumericMethod, x: number): number {
  const scale = Math.max(1, Math.abs(x))
  if (method === 'central') return CBRT_EPS * scale
  if (method === 'richardson') return 0.1 * scale
  return SQRT_EPS * scale
}

export function checkMethod(method: string): asserts method is NumericMethod {
  if (!NUMERIC_METHODS.includes(method as NumericMethod)) {
    throw new RangeError(
      `numeric: method must be one of ${NUMERIC_METHODS.join(', ')}, got ${String(method)}`,
    )
  }
}

export function checkStep(h: number): void {
  if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) {
    throw new RangeError(`numeric: the step h must be a positive finite number, got ${String(h)}`)
  }
}

/** f′(x) by one method. f(x) is passed in when the caller already has it (a gradient's forward differences). */
export function differentiate(
  f: ScalarFunction,
  x: number,
  opts: DerivativeOptions = {},
  fx?: number,
): DerivativeResult {
  const method = opts.method ?? 'central'
  checkMethod(method)
  if (opts.h !== undefined) checkStep(opts.h)
  const h = opts.h ?? defaultStep(method, x)
  switch (method) {
    case 'central':
      return { value: (f(x + h) - f(x - h)) / (2 * h), method, h, evaluations: 2 }
    case 'forward':
      return { value: (f(x + h) - (fx ?? f(x))) / h, method, h, evaluations: fx === undefined ? 2 : 1 }
    case 'backward':
      return { value: ((fx ?? f(x)) - f(x - h)) / h, method, h, evaluations: fx === undefined ? 2 : 1 }
    case 'richardson': {
      // A step the caller chose is honoured as given; the default one adapts.
      const r = opts.h === undefined ? riddersAdaptive(f, x, h) : ridders(f, x, h)
      return { value: r.value, method, h: r.h, evaluations: r.evaluations, errorEstimate: r.error }
    }
  }
}
