// The transforms: grad, gradient, jacobian, … over JS functions of Vars.
// Each records on first use (per function and arity) and replays afterwards;
// the ReplayedProgram re-records when a guard flips or `.value` was read.

import { type Backend, defaultVariables, type Program } from './backend.js'
import { ReplayedProgram } from './program.js'
import { type Output, recordFunction, type Traceable } from './record.js'
import type { Var } from './var.js'

export type Differentiable = Traceable | Program

export interface Transforms {
  /** grad(f)(x) = f′(x); with several arguments, the gradient as an array. */
  grad(f: (x: Var) => Output): (x: number) => number
  grad(f: Traceable): (...x: number[]) => number[]
  valueAndGrad(f: (x: Var) => Output): (x: number) => { value: number; grad: number }
  valueAndGrad(f: Traceable): (...x: number[]) => { value: number; grad: number[] }
  gradient(f: Differentiable, x: ArrayLike<number>): number[]
  jacobian(f: Differentiable, x: ArrayLike<number>): number[][]
  hessian(f: Differentiable, x: ArrayLike<number>): number[][]
  jvp(f: Differentiable, x: ArrayLike<number>, v: ArrayLike<number>): { value: number[]; jvp: number[] }
  vjp(f: Differentiable, x: ArrayLike<number>, w: ArrayLike<number>): { value: number[]; vjp: number[] }
  hvp(f: Differentiable, x: ArrayLike<number>, v: ArrayLike<number>): number[]
  /**
   * Record f once and return the Program that replays it. `at` is the recording
   * point, or the number of arguments (recorded at 1, 1, …); default f.length.
   */
  trace(f: Traceable, at?: number | ArrayLike<number>): ReplayedProgram
  /** The Program behind f (recorded on first use), or f itself when it is one. */
  programOf(f: Differentiable, x: ArrayLike<number>): Program
}

export function isProgram(f: unknown): f is Program {
  return typeof f === 'object' && f !== null && typeof (f as Program).gradient === 'function'
}

export function createTransforms(backend: Backend): Transforms {
  const cache = new WeakMap<Traceable, Map<number, ReplayedProgram>>()

  function trace(f: Traceable, at: number | ArrayLike<number> = f.length): ReplayedProgram {
    const x0 = typeof at === 'number' ? new Array<number>(at).fill(1) : at
    const recorder = (x: ArrayLike<number>) => recordFunction(f, x)
    return new ReplayedProgram(backend, recorder, recorder(x0), defaultVariables(x0.length))
  }

  function programOf(f: Differentiable, x: ArrayLike<number>): Program {
    if (isProgram(f)) return f
    let byArity = cache.get(f)
    if (byArity === undefined) cache.set(f, (byArity = new Map()))
    let p = byArity.get(x.length)
    if (p === undefined) byArity.set(x.length, (p = trace(f, x)))
    return p
  }

  const scalarOrList = (g: Float64Array, arity: number) => (arity === 1 ? g[0] : Array.from(g))

  return {
    grad: ((f: Traceable) =>
      (...x: number[]) =>
        scalarOrList(programOf(f, x).gradient(x).gradient, x.length)) as Transforms['grad'],
    valueAndGrad: ((f: Traceable) =>
      (...x: number[]) => {
        const r = programOf(f, x).gradient(x)
        return { value: r.value, grad: scalarOrList(r.gradient, x.length) }
      }) as Transforms['valueAndGrad'],
    gradient: (f, x) => Array.from(programOf(f, x).gradient(x).gradient),
    jacobian: (f, x) =>
      programOf(f, x)
        .jacobian(x)
        .jacobian.map((row) => Array.from(row)),
    hessian: (f, x) =>
      programOf(f, x)
        .hessian(x)
        .hessian.map((row) => Array.from(row)),
    jvp: (f, x, v) => {
      const r = programOf(f, x).jvp(x, v)
      return { value: Array.from(r.value), jvp: Array.from(r.jvp) }
    },
    vjp: (f, x, w) => {
      const r = programOf(f, x).vjp(x, w)
      return { value: Array.from(r.value), vjp: Array.from(r.vjp) }
    },
    hvp: (f, x, v) => Array.from(programOf(f, x).hvp(x, v).hvp),
    trace,
    programOf,
  }
}
