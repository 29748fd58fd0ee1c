// The `numeric` object of the public API. Finite differences need no AD;
// errorSweep and gradcheck compare against it, so they take the backend's
// `programOf` and the object is built per backend by createApi.

import type { Program } from '../backend.js'
import type { VectorOption } from '../record.js'
import {
  type Differentiable,
  type ProgramOf,
  pointOf,
  type VectorDifferentiable,
  type VectorOpts,
  withProgram,
} from '../transforms.js'
import { type CompareOptions, type Comparison, compareProgram } from './compare.js'
import {
  type DerivativeOptions,
  type DerivativeResult,
  defaultStep,
  NUMERIC_METHODS,
  type NumericMethod,
  type ScalarFunction,
} from './differences.js'
import { DEFAULT_HS, type ErrorSweep, type ErrorSweepOptions, errorSweepProgram } from './error-sweep.js'
import { derivative, type GradientEstimate, gradient, type VectorFunction } from './estimate.js'
import { checkGradient, type GradcheckOptions, type GradcheckResult, gradcheckProgram } from './gradcheck.js'

export interface Numeric {
  /** f′(x) of a plain `(x: number) => number` or a one-input, one-output Program. */
  derivative(f: ScalarFunction | Program, x: number, opts?: DerivativeOptions): DerivativeResult
  /** ∇f(x) of a plain `(x: number[]) => number` or a one-output Program. */
  gradient(f: VectorFunction | Program, x: ArrayLike<number>, opts?: DerivativeOptions): GradientEstimate
  /**
   * Every method's error against AD over a range of steps; f is traced (it receives Vars,
   * or one array of them with `{ vector: true }`) or a Program.
   */
  errorSweep(
    f: VectorDifferentiable,
    x: number | ArrayLike<number>,
    opts: ErrorSweepOptions & VectorOpts,
  ): ErrorSweep
  errorSweep(
    f: Differentiable,
    x: number | ArrayLike<number>,
    opts?: ErrorSweepOptions & VectorOption,
  ): ErrorSweep
  /**
   * The CLI's and the API's compare: along one variable, AD beside each method at its default
   * step, the error sweep over hs, and gradcheck; f is traced or a Program.
   */
  compare(
    f: VectorDifferentiable,
    x: number | ArrayLike<number>,
    opts: CompareOptions & VectorOpts,
  ): Comparison
  compare(f: Differentiable, x: number | ArrayLike<number>, opts?: CompareOptions & VectorOption): Comparison
  /** gradcheck for a gradient computed elsewhere, against a plain function or a Program. */
  checkGradient(
    gradient: ArrayLike<number>,
    f: VectorFunction | Program,
    x: ArrayLike<number>,
    opts?: GradcheckOptions,
  ): GradcheckResult
  defaultStep(method: NumericMethod, x: number): number
  readonly methods: readonly NumericMethod[]
  /** errorSweep's default steps, 1e-1 … 1e-16. */
  readonly defaultHs: readonly number[]
}

export function createNumeric(programOf: ProgramOf): Numeric {
  return Object.freeze({
    derivative,
    gradient,
    errorSweep: ((
      f: Differentiable | VectorDifferentiable,
      x: number | ArrayLike<number>,
      opts?: ErrorSweepOptions & VectorOption,
    ) => {
      const point = pointOf('numeric.errorSweep', x)
      return withProgram(programOf, f, point, (p) => errorSweepProgram(p, point, opts), opts)
    }) as Numeric['errorSweep'],
    compare: ((
      f: Differentiable | VectorDifferentiable,
      x: number | ArrayLike<number>,
      opts?: CompareOptions & VectorOption,
    ) => {
      const point = pointOf('numeric.compare', x)
      return withProgram(programOf, f, point, (p) => compareProgram(p, point, opts), opts)
    }) as Numeric['compare'],
    checkGradient,
    defaultStep,
    methods: NUMERIC_METHODS,
    defaultHs: DEFAULT_HS,
  })
}

/** gradcheck(f, x): f's AD gradient at x against central differences. */
export interface Gradcheck {
  (f: VectorDifferentiable, x: ArrayLike<number>, opts: GradcheckOptions & VectorOpts): GradcheckResult
  (f: Differentiable, x: ArrayLike<number>, opts?: GradcheckOptions & VectorOption): GradcheckResult
}

export function createGradcheck(programOf: ProgramOf): Gradcheck {
  return (
    f: Differentiable | VectorDifferentiable,
    x: ArrayLike<number>,
    opts?: GradcheckOptions & VectorOption,
  ): GradcheckResult =>
    withProgram(programOf, f, pointOf('gradcheck', x), (p) => gradcheckProgram(p, x, opts), opts)
}

export type { ProgramOf } from '../transforms.js'
export type { ComparedMethod, CompareOptions, CompareProblem, Comparison } from './compare.js'
export type { DerivativeOptions, DerivativeResult, NumericMethod, ScalarFunction } from './differences.js'
export type { ErrorSweep, ErrorSweepOptions, SweepBest, SweepCell, SweepRow } from './error-sweep.js'
export type { GradientEstimate, VectorFunction } from './estimate.js'
export type { GradcheckComponent, GradcheckOptions, GradcheckResult } from './gradcheck.js'
