// The transforms: grad, gradient, jacobian, … over JS functions of Vars.
//
// Given a JS function, every call records it afresh at the point asked for:
// f may read outer state (a closure's number, an array of weights, the
// current batch) that changes between calls, and no cache keyed by f can see
// that, so a cached tape would give silently stale derivatives. No opt-in
// cache either: what it saves is one recording, and what it risks is a wrong
// gradient nobody notices. Record-once replay is the explicit path: `trace`
// (and `compile`) return a Program, which every transform also accepts.

import { type Backend, checkNumbers, defaultVariables, type LoadOptions, type Program } from './backend.js'
import {
  type Output,
  recordFunction,
  type Traceable,
  type VectorOption,
  type VectorTraceable,
} from './record.js'
import { ReplayedProgram } from './replayed-program.js'
import { NESTED, Var } from './var.js'

export type Differentiable = Traceable | Program
/** What the vector form of a transform takes: a function of one array of Vars, or a Program. */
export type VectorDifferentiable = VectorTraceable | Program
/** The options every transform given a function takes: `{ vector: true }` passes it one array of Vars. */
export type VectorOpts = VectorOption & { readonly vector: true }

export interface Transforms {
  /**
   * grad(f)(x) = f′(x); with several arguments, the gradient as an array. Records f at every call.
   * `grad(f, { vector: true })(x)` takes the point as one array and f receives one array of Vars.
   */
  grad(f: VectorTraceable, opts: VectorOpts): (x: ArrayLike<number>) => number[]
  grad(f: (x: Var) => Output): (x: number) => number
  grad(f: Traceable): (...x: number[]) => number[]
  valueAndGrad(
    f: VectorTraceable,
    opts: VectorOpts,
  ): (x: ArrayLike<number>) => { value: number; grad: number[] }
  valueAndGrad(f: (x: Var) => Output): (x: number) => { value: number; grad: number }
  valueAndGrad(f: Traceable): (...x: number[]) => { value: number; grad: number[] }
  gradient(f: VectorDifferentiable, x: ArrayLike<number>, opts: VectorOpts): number[]
  gradient(f: Differentiable, x: ArrayLike<number>, opts?: VectorOption): number[]
  jacobian(f: VectorDifferentiable, x: ArrayLike<number>, opts: VectorOpts): number[][]
  jacobian(f: Differentiable, x: ArrayLike<number>, opts?: VectorOption): number[][]
  hessian(f: VectorDifferentiable, x: ArrayLike<number>, opts: VectorOpts): number[][]
  hessian(f: Differentiable, x: ArrayLike<number>, opts?: VectorOption): number[][]
  jvp(
    f: VectorDifferentiable,
    x: ArrayLike<number>,
    v: ArrayLike<number>,
    opts: VectorOpts,
  ): { value: number[]; jvp: number[] }
  jvp(
    f: Differentiable,
    x: ArrayLike<number>,
    v: ArrayLike<number>,
    opts?: VectorOption,
  ): { value: number[]; jvp: number[] }
  vjp(
    f: VectorDifferentiable,
    x: ArrayLike<number>,
    w: ArrayLike<number>,
    opts: VectorOpts,
  ): { value: number[]; vjp: number[] }
  vjp(
    f: Differentiable,
    x: ArrayLike<number>,
    w: ArrayLike<number>,
    opts?: VectorOption,
  ): { value: number[]; vjp: number[] }
  hvp(f: VectorDifferentiable, x: ArrayLike<number>, v: ArrayLike<number>, opts: VectorOpts): number[]
  hvp(f: Differentiable, x: ArrayLike<number>, v: ArrayLike<number>, opts?: VectorOption): number[]
  /**
   * Record f once and return the Program that replays it. `at` is the recording
   * point, or the number of arguments (recorded at 1, 1, …); default f.length
   * (with `{ vector: true }`, where f receives one array of Vars, `at` is required).
   * Whatever f reads from outside its arguments is baked into the tape as a
   * constant with the value it had while recording: change it, and the
   * Program still answers for the old value (trace again to see the new one).
   */
  trace(f: VectorTraceable, at: number | ArrayLike<number>, opts: VectorOpts): ReplayedProgram
  trace(f: Traceable, at?: number | ArrayLike<number>, opts?: VectorOption): ReplayedProgram
  /**
   * f itself when it is a Program; otherwise a fresh recording of f at x (never a cached one),
   * f receiving one array of Vars when `opts.vector`.
   */
  programOf(f: Differentiable | VectorDifferentiable, x: ArrayLike<number>, opts?: VectorOption): Program
}

export function isProgram(f: unknown): f is Program {
  return typeof f === 'object' && f !== null && typeof (f as Program).gradient === 'function'
}

/** defaultVariables(n), made once per n: a one-shot sweep must not build n names every call. */
const names: (readonly string[])[] = []
const variablesOf = (n: number) =>
  names[n] ?? (n < 1024 ? (names[n] = Object.freeze(defaultVariables(n))) : defaultVariables(n))

/** A plain array of a typed array's numbers (a loop: Array.from is several times slower on typed arrays). */
function list(v: Float64Array): number[] {
  const out = new Array<number>(v.length)
  for (let i = 0; i < v.length; i++) out[i] = v[i]
  return out
}

/**
 * Runs `use` on f's Program: f itself when it is one, else a fresh recording at
 * x from `programOf`, freed afterwards (a WASM program holds memory until disposed).
 */
export function withProgram<T>(
  programOf: ProgramOf,
  f: Differentiable | VectorDifferentiable,
  x: ArrayLike<number>,
  use: (p: Program) => T,
  opts?: VectorOption,
): T {
  if (isProgram(f)) return use(f)
  const p = programOf(f, x, opts)
  try {
    return use(p)
  } finally {
    p.dispose()
  }
}

/** How the API's other entries reach the transforms' recordings. */
export type ProgramOf = (
  f: Differentiable | VectorDifferentiable,
  x: ArrayLike<number>,
  opts?: VectorOption,
) => Program

/** A point as numbers: a lone number becomes [x]; a Var (or an array of them) is the nested-differentiation error. */
export function pointOf(what: string, x: number | ArrayLike<number>): ArrayLike<number> {
  if (typeof x === 'number') return [x]
  if (x instanceof Var) throw new TypeError(`${what}: the point is a Var: ${NESTED}`)
  checkNumbers(what, x)
  return x
}

const RECORDED: LoadOptions = Object.freeze({ recorded: true })
const ONE_SHOT: LoadOptions = Object.freeze({ recorded: true, oneShot: true })

type AnyFunction = Traceable | VectorTraceable
type AnyDifferentiable = AnyFunction | Program

export function createTransforms(backend: Backend): Transforms {
  function trace(f: AnyFunction, at?: number | ArrayLike<number>, opts?: VectorOption): ReplayedProgram {
    const vector = opts?.vector === true
    const where = at ?? (vector ? undefined : f.length)
    if (where === undefined)
      throw new TypeError('trace: with { vector: true }, give the point or the number of inputs')
    const x0 = typeof where === 'number' ? new Array<number>(where).fill(1) : pointOf('trace', where)
    const recorder = (x: ArrayLike<number>) => recordFunction(f, x, vector)
    return new ReplayedProgram(backend, recorder, recorder(x0), variablesOf(x0.length), RECORDED)
  }

  const programOf = (f: AnyDifferentiable, x: ArrayLike<number>, opts?: VectorOption): Program =>
    isProgram(f) ? f : trace(f, x, opts)

  /**
   * One transform call: a Program is swept as it is; a function is recorded at
   * x, loaded without a replaying wrapper (a tape recorded at x is on x's
   * branch by construction), swept once and freed.
   */
  function once<T>(
    f: AnyDifferentiable,
    x: ArrayLike<number>,
    opts: VectorOption | undefined,
    sweep: (p: Program) => T,
  ): T {
    if (isProgram(f)) return sweep(f)
    const p = backend.load(recordFunction(f, x, opts?.vector === true).tape, variablesOf(x.length), ONE_SHOT)
    try {
      return sweep(p)
    } finally {
      p.dispose()
    }
  }

  const scalarOrList = (g: Float64Array, arity: number) => (arity === 1 ? g[0] : list(g))

  // The vector form takes its point as one array and always answers with an array.
  const grad = (f: AnyFunction, opts?: VectorOption) =>
    opts?.vector === true
      ? (x: ArrayLike<number>) => list(once(f, x, opts, (p) => p.gradient(x)).gradient)
      : (...x: number[]) => scalarOrList(once(f, x, opts, (p) => p.gradient(x)).gradient, x.length)
  const valueAndGrad = (f: AnyFunction, opts?: VectorOption) =>
    opts?.vector === true
      ? (x: ArrayLike<number>) => {
          const r = once(f, x, opts, (p) => p.gradient(x))
          return { value: r.value, grad: list(r.gradient) }
        }
      : (...x: number[]) => {
          const r = once(f, x, opts, (p) => p.gradient(x))
          return { value: r.value, grad: scalarOrList(r.gradient, x.length) }
        }

  return {
    grad: grad as Transforms['grad'],
    valueAndGrad: valueAndGrad as Transforms['valueAndGrad'],
    gradient: ((f: AnyDifferentiable, x: ArrayLike<number>, opts?: VectorOption) =>
      list(once(f, x, opts, (p) => p.gradient(x)).gradient)) as Transforms['gradient'],
    jacobian: ((f: AnyDifferentiable, x: ArrayLike<number>, opts?: VectorOption) =>
      once(f, x, opts, (p) => p.jacobian(x)).jacobian.map((row) => list(row))) as Transforms['jacobian'],
    hessian: ((f: AnyDifferentiable, x: ArrayLike<number>, opts?: VectorOption) =>
      once(f, x, opts, (p) => p.hessian(x)).hessian.map((row) => list(row))) as Transforms['hessian'],
    jvp: ((f: AnyDifferentiable, x: ArrayLike<number>, v: ArrayLike<number>, opts?: VectorOption) => {
      const r = once(f, x, opts, (p) => p.jvp(x, v))
      return { value: list(r.value), jvp: list(r.jvp) }
    }) as Transforms['jvp'],
    vjp: ((f: AnyDifferentiable, x: ArrayLike<number>, w: ArrayLike<number>, opts?: VectorOption) => {
      const r = once(f, x, opts, (p) => p.vjp(x, w))
      return { value: list(r.value), vjp: list(r.vjp) }
    }) as Transforms['vjp'],
    hvp: ((f: AnyDifferentiable, x: ArrayLike<number>, v: ArrayLike<number>, opts?: VectorOption) =>
      list(once(f, x, opts, (p) => p.hvp(x, v)).hvp)) as Transforms['hvp'],
    trace: trace as Transforms['trace'],
    programOf: programOf as Transforms['programOf'],
  }
}
