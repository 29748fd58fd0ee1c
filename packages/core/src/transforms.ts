// The transforms: grad, gradient, jacobian, … over JS functions of Vars.
//
// Given a JS function, every call records it afresh at the point asked for:
// f may read outer state (a closure's number, an array of weights, the
// current batch) that changes between calls, and no cache keyed by f can see
// that, so a cached tape would give silently stale derivatives. No opt-in
// cache either: what it saves is one recording, and what it risks is a wrong
// gradient nobody notices. Record-once replay is the explicit path: `trace`
// (and `compile`) return a Program, which every transform also accepts.

import {
  type Backend,
  type CompileMode,
  checkNumbers,
  defaultVariables,
  type LoadOptions,
  loadOptions,
  type Program,
} from './backend.js'
import { type Output, recordFunction, type Traceable } from './record.js'
import { ReplayedProgram } from './replayed-program.js'
import { NESTED, Var } from './var.js'

export type Differentiable = Traceable | Program

export interface Transforms {
  /** grad(f)(x) = f′(x); with several arguments, the gradient as an array. Records f at every call. */
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
   * Whatever f reads from outside its arguments is baked into the tape as a
   * constant with the value it had while recording: change it, and the
   * Program still answers for the old value (trace again to see the new one).
   */
  trace(f: Traceable, at?: number | ArrayLike<number>, opts?: TraceOptions): ReplayedProgram
  /** f itself when it is a Program; otherwise a fresh recording of f at x (never a cached one). */
  programOf(f: Differentiable, x: ArrayLike<number>): Program
}

export interface TraceOptions {
  /** Whether the WASM backend compiles the tape (LoadOptions.compile); the JS backend ignores it. */
  readonly compile?: CompileMode
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
  programOf: (f: Differentiable, x: ArrayLike<number>) => Program,
  f: Differentiable,
  x: ArrayLike<number>,
  use: (p: Program) => T,
): T {
  if (isProgram(f)) return use(f)
  const p = programOf(f, x)
  try {
    return use(p)
  } finally {
    p.dispose()
  }
}

/** A point as numbers: a lone number becomes [x]; a Var (or an array of them) is the nested-differentiation error. */
export function pointOf(what: string, x: number | ArrayLike<number>): ArrayLike<number> {
  if (typeof x === 'number') return [x]
  if (x instanceof Var) throw new TypeError(`${what}: the point is a Var: ${NESTED}`)
  checkNumbers(what, x)
  return x
}

const RECORDED: LoadOptions = Object.freeze({ recorded: true })
const ONE_SHOT: LoadOptions = Object.freeze({ recorded: true, oneShot: true })
export function createTransforms(backend: Backend): Transforms {
  function trace(
    f: Traceable,
    at: number | ArrayLike<number> = f.length,
    opts: TraceOptions = {},
  ): ReplayedProgram {
    const x0 = typeof at === 'number' ? new Array<number>(at).fill(1) : pointOf('trace', at)
    const recorder = (x: ArrayLike<number>) => recordFunction(f, x)
    const load = opts.compile === undefined ? RECORDED : loadOptions(opts.compile)
    return new ReplayedProgram(backend, recorder, recorder(x0), variablesOf(x0.length), load)
  }

  const programOf = (f: Differentiable, x: ArrayLike<number>): Program => (isProgram(f) ? f : trace(f, x))

  /**
   * One transform call: a Program is swept as it is; a function is recorded at
   * x, loaded without a replaying wrapper (a tape recorded at x is on x's
   * branch by construction), swept once and freed.
   */
  function once<T>(f: Differentiable, x: ArrayLike<number>, sweep: (p: Program) => T): T {
    if (isProgram(f)) return sweep(f)
    const p = backend.load(recordFunction(f, x).tape, variablesOf(x.length), ONE_SHOT)
    try {
      return sweep(p)
    } finally {
      p.dispose()
    }
  }

  const scalarOrList = (g: Float64Array, arity: number) => (arity === 1 ? g[0] : list(g))

  return {
    grad: ((f: Traceable) =>
      (...x: number[]) =>
        scalarOrList(once(f, x, (p) => p.gradient(x)).gradient, x.length)) as Transforms['grad'],
    valueAndGrad: ((f: Traceable) =>
      (...x: number[]) => {
        const r = once(f, x, (p) => p.gradient(x))
        return { value: r.value, grad: scalarOrList(r.gradient, x.length) }
      }) as Transforms['valueAndGrad'],
    gradient: (f, x) => list(once(f, x, (p) => p.gradient(x)).gradient),
    jacobian: (f, x) => once(f, x, (p) => p.jacobian(x)).jacobian.map((row) => list(row)),
    hessian: (f, x) => once(f, x, (p) => p.hessian(x)).hessian.map((row) => list(row)),
    jvp: (f, x, v) => {
      const r = once(f, x, (p) => p.jvp(x, v))
      return { value: list(r.value), jvp: list(r.jvp) }
    },
    vjp: (f, x, w) => {
      const r = once(f, x, (p) => p.vjp(x, w))
      return { value: list(r.value), vjp: list(r.vjp) }
    },
    hvp: (f, x, v) => list(once(f, x, (p) => p.hvp(x, v)).hvp),
    trace,
    programOf,
  }
}
