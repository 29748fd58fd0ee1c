// numeric.derivative and numeric.gradient: finite differences of plain JS
// functions or of Programs (through their forward sweep), with no AD at all.
//
// A plain function takes numbers: `derivative` calls f(x: number), `gradient`
// calls f(x: number[]) with a fresh array each time (f may keep or change it).
// A Program must have one output; for `derivative`, also one input.

import { type Program, requireScalar } from '../backend.js'
import { isProgram, pointOf } from '../transforms.js'
import {
  checkMethod,
  type DerivativeOptions,
  type DerivativeResult,
  differentiate,
  type NumericMethod,
  type ScalarFunction,
} from './differences.js'

export type VectorFunction = (x: number[]) => number

export interface GradientEstimate {
  readonly gradient: number[]
  readonly method: NumericMethod
  /** Step per component: by default ∛ε·max(1,|xᵢ|) (central), √ε·max(1,|xᵢ|) (one-sided). */
  readonly h: number[]
  /** Calls of f: 2n for central, n + 1 for forward and backward, up to 120n for richardson. */
  readonly evaluations: number
  /** `richardson` only: Ridders' error estimate per component. */
  readonly errorEstimate?: number[]
}

export function toVectorFunction(f: VectorFunction | Program, what: string): VectorFunction {
  if (!isProgram(f)) {
    if (typeof f !== 'function') throw new TypeError(`${what}: expected a function or a Program`)
    return f
  }
  requireScalar(f, what)
  return (x) => f.evaluate(x)[0]
}

export function toScalarFunction(f: ScalarFunction | Program, what: string): ScalarFunction {
  if (!isProgram(f)) {
    if (typeof f !== 'function') throw new TypeError(`${what}: expected a function or a Program`)
    return f
  }
  if (f.inputs !== 1)
    throw new RangeError(`${what} needs a function of one variable; this one has ${f.inputs}`)
  requireScalar(f, what)
  return (x) => f.evaluate([x])[0]
}

/** f′(x) of a function of one number. */
export function derivative(
  f: ScalarFunction | Program,
  x: number,
  opts: DerivativeOptions = {},
): DerivativeResult {
  pointOf('numeric.derivative', [x])
  return differentiate(toScalarFunction(f, 'numeric.derivative'), x, opts)
}

/** ∇f(x) one component at a time, each along its own axis. */
export function gradient(
  f: VectorFunction | Program,
  x: ArrayLike<number>,
  opts: DerivativeOptions = {},
): GradientEstimate {
  pointOf('numeric.gradient', x)
  const fn = toVectorFunction(f, 'numeric.gradient')
  const method = opts.method ?? 'central'
  checkMethod(method)
  const base = Array.from(x)
  if (isProgram(f) && base.length !== f.inputs) {
    throw new RangeError(`numeric.gradient: expected ${f.inputs} numbers, got ${base.length}`)
  }
  // One-sided differences share f(x) across components.
  const oneSided = method === 'forward' || method === 'backward'
  const fx = oneSided ? fn(base.slice()) : undefined
  let evaluations = oneSided ? 1 : 0
  const out: number[] = []
  const h: number[] = []
  const errorEstimate: number[] = []
  for (let i = 0; i < base.length; i++) {
    const along = (t: number) => {
      const p = base.slice()
      p[i] = t
      return fn(p)
    }
    const r = differentiate(along, base[i], { ...opts, method }, fx)
    out.push(r.value)
    h.push(r.h)
    evaluations += r.evaluations
    if (r.errorEstimate !== undefined) errorEstimate.push(r.errorEstimate)
  }
  return {
    gradient: out,
    method,
    h,
    evaluations,
    ...(method === 'richardson' ? { errorEstimate } : {}),
  }
}
