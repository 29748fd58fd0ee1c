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
  checkLength,
  checkNumbers,
  defaultVariables,
  type LoadOptions,
  loadOptions,
  type Program,
  requireScalar,
} from './backend.js'
import { emitReverse, emitTangent, numberOf, Values } from './nested.js'
import {
  type Output,
  type Recording,
  recordFunction,
  type Traceable,
  type VectorOption,
  type VectorTraceable,
} from './record.js'
import { ReplayedProgram } from './replayed-program.js'
import type { TapeData } from './tape.js'
import { activeRecording, NESTED, type Operand, type RecordingTape, Var } from './var.js'

export type Differentiable = Traceable | Program
/** What the vector form of a transform takes: a function of one array of Vars, or a Program. */
export type VectorDifferentiable = VectorTraceable | Program
/** The options every transform given a function takes: `{ vector: true }` passes it one array of Vars. */
export type VectorOpts = VectorOption & { readonly vector: true }

/** grad(f) of a function of one Var: f′ at a number, or at a Var when nested. */
export interface ScalarDerivative {
  (x: number): number
  (x: Operand): Operand
}
/** grad(f) of a function of several Vars: the gradient as an array. */
export interface GradientFunction {
  (...x: number[]): number[]
  (...x: Operand[]): Operand[]
}
/** grad(f, { vector: true }): the point as one array. */
export interface VectorGradientFunction {
  (x: ArrayLike<number>): number[]
  (x: ArrayLike<Operand>): Operand[]
}
type Point = ArrayLike<number>
/** A point that may hold Vars: a transform called inside a function being differentiated. */
type NestedPoint = ArrayLike<Operand>
type Fn = Differentiable
type VFn = VectorDifferentiable

/**
 * The transforms. Each also works nested — called inside a function being differentiated,
 * given that function's Vars as the point or closing over them (docs/ARCHITECTURE.md §5):
 * the answer is then made of Vars of the enclosing recording, differentiable in turn.
 * It is typed `number` when the point is numbers, but where it depends on a closed-over
 * Var it is one; a Var refuses JS arithmetic (`x * 2` throws), so use its methods.
 */
export interface Transforms {
  /**
   * grad(f)(x) = f′(x); with several arguments, the gradient as an array. Records f at every call.
   * `grad(f, { vector: true })(x)` takes the point as one array and f receives one array of Vars.
   */
  grad(f: VectorTraceable, opts: VectorOpts): VectorGradientFunction
  grad(f: (x: Var) => Output): ScalarDerivative
  grad(f: Traceable): GradientFunction
  valueAndGrad(
    f: VectorTraceable,
    opts: VectorOpts,
  ): {
    (x: Point): { value: number; grad: number[] }
    (x: NestedPoint): { value: Operand; grad: Operand[] }
  }
  valueAndGrad(f: (x: Var) => Output): {
    (x: number): { value: number; grad: number }
    (x: Operand): { value: Operand; grad: Operand }
  }
  valueAndGrad(f: Traceable): {
    (...x: number[]): { value: number; grad: number[] }
    (...x: Operand[]): { value: Operand; grad: Operand[] }
  }
  gradient(f: VFn, x: Point, opts: VectorOpts): number[]
  gradient(f: Fn, x: Point, opts?: VectorOption): number[]
  gradient(f: VFn, x: NestedPoint, opts: VectorOpts): Operand[]
  gradient(f: Fn, x: NestedPoint, opts?: VectorOption): Operand[]
  jacobian(f: VFn, x: Point, opts: VectorOpts): number[][]
  jacobian(f: Fn, x: Point, opts?: VectorOption): number[][]
  jacobian(f: VFn, x: NestedPoint, opts: VectorOpts): Operand[][]
  jacobian(f: Fn, x: NestedPoint, opts?: VectorOption): Operand[][]
  hessian(f: VFn, x: Point, opts: VectorOpts): number[][]
  hessian(f: Fn, x: Point, opts?: VectorOption): number[][]
  hessian(f: VFn, x: NestedPoint, opts: VectorOpts): Operand[][]
  hessian(f: Fn, x: NestedPoint, opts?: VectorOption): Operand[][]
  jvp(f: VFn, x: Point, v: Point, opts: VectorOpts): { value: number[]; jvp: number[] }
  jvp(f: Fn, x: Point, v: Point, opts?: VectorOption): { value: number[]; jvp: number[] }
  jvp(f: VFn, x: NestedPoint, v: NestedPoint, opts: VectorOpts): { value: Operand[]; jvp: Operand[] }
  jvp(f: Fn, x: NestedPoint, v: NestedPoint, opts?: VectorOption): { value: Operand[]; jvp: Operand[] }
  vjp(f: VFn, x: Point, w: Point, opts: VectorOpts): { value: number[]; vjp: number[] }
  vjp(f: Fn, x: Point, w: Point, opts?: VectorOption): { value: number[]; vjp: number[] }
  vjp(f: VFn, x: NestedPoint, w: NestedPoint, opts: VectorOpts): { value: Operand[]; vjp: Operand[] }
  vjp(f: Fn, x: NestedPoint, w: NestedPoint, opts?: VectorOption): { value: Operand[]; vjp: Operand[] }
  hvp(f: VFn, x: Point, v: Point, opts: VectorOpts): number[]
  hvp(f: Fn, x: Point, v: Point, opts?: VectorOption): number[]
  hvp(f: VFn, x: NestedPoint, v: NestedPoint, opts: VectorOpts): Operand[]
  hvp(f: Fn, x: NestedPoint, v: NestedPoint, opts?: VectorOption): Operand[]
  /**
   * Record f once and return the Program that replays it. `at` is the recording
   * point, or the number of arguments (recorded at 1, 1, …); default f.length
   * (with `{ vector: true }`, where f receives one array of Vars, `at` is required).
   * Whatever f reads from outside its arguments is baked into the tape as a
   * constant with the value it had while recording: change it, and the
   * Program still answers for the old value (trace again to see the new one).
   */
  trace(f: VectorTraceable, at: number | ArrayLike<number>, opts: TraceOptions & VectorOpts): ReplayedProgram
  trace(f: Traceable, at?: number | ArrayLike<number>, opts?: TraceOptions & VectorOption): ReplayedProgram
  /**
   * f itself when it is a Program; otherwise a fresh recording of f at x (never a cached one),
   * f receiving one array of Vars when `opts.vector`.
   */
  programOf(f: Differentiable | VectorDifferentiable, x: ArrayLike<number>, opts?: VectorOption): Program
}

export interface TraceOptions {
  /** Whether the WASM backend compiles the tape (LoadOptions.compile); the JS backend ignores it. */
  readonly compile?: CompileMode
}

export function isProgram(f: unknown): f is Program {
  return typeof f === 'object' && f !== null && typeof (f as Program).gradient === 'function'
}

/**
 * defaultVariables(n), made once per n: a one-shot sweep must not build n names every call.
 * Below 1024 inputs every n is kept; above, the last one only (10⁶ names are tens of MB).
 */
const names: (readonly string[])[] = []
let large: readonly string[] = []
const variablesOf = (n: number) => {
  if (n < 1024) return (names[n] ??= Object.freeze(defaultVariables(n)))
  if (large.length !== n) large = Object.freeze(defaultVariables(n))
  return large
}

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

const VECTOR: VectorOption = Object.freeze({ vector: true })

/** Whether a point holds a Var (a typed array cannot). */
function hasVar(x: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(x)) return false
  for (let j = 0; j < x.length; j++) if (x[j] instanceof Var) return true
  return false
}

/** A point's numbers now; a Var must belong to a recording in progress. */
function valuesOf(x: ArrayLike<Operand>): ArrayLike<number> {
  if (!hasVar(x)) return x as ArrayLike<number>
  return Array.from(x, (v, j) => {
    if (!(v instanceof Var)) return v
    if (!v.tape.recording)
      throw new Error(
        `entry ${j} of the point is a Var of a finished recording: cannot mix Vars from different recordings`,
      )
    return numberOf(v)
  })
}

/**
 * A nested call whose function read `.value` (or a value-dependent Program): its answer holds only
 * on that branch, so the recordings the answer is recorded on are value-dependent too — a trace of
 * them must record again at every call rather than replay the branch it saw first.
 */
function markValueDependent(x: ArrayLike<Operand>, seed: ArrayLike<Operand> | undefined): void {
  const mark = (t: RecordingTape | null) => {
    if (t?.recording) t.valueDependent = true
  }
  mark(activeRecording())
  for (const list of seed === undefined ? [x] : [x, seed])
    for (let j = 0; j < list.length; j++) {
      const v = list[j]
      if (v instanceof Var) mark(v.tape)
    }
}

const RECORDED: LoadOptions = Object.freeze({ recorded: true })
const ONE_SHOT: LoadOptions = Object.freeze({ recorded: true, oneShot: true })

type AnyFunction = Traceable | VectorTraceable
type AnyDifferentiable = AnyFunction | Program

export function createTransforms(backend: Backend): Transforms {
  function trace(
    f: AnyFunction,
    at?: number | ArrayLike<number>,
    opts?: TraceOptions & VectorOption,
  ): ReplayedProgram {
    const vector = opts?.vector === true
    const where = at ?? (vector ? undefined : f.length)
    if (where === undefined)
      throw new TypeError('trace: with { vector: true }, give the point or the number of inputs')
    const x0 = typeof where === 'number' ? new Array<number>(where).fill(1) : pointOf('trace', where)
    const recorder = (x: ArrayLike<number>) => {
      const r = recordFunction(f, x, vector)
      if ((r.freeNodes?.length ?? 0) > 0) {
        throw new Error(
          'trace: the function uses Vars of the recording in progress, which a Program replayed later cannot see; ' +
            'pass them as arguments, or use a transform (grad, gradient, …), which differentiates through them',
        )
      }
      return r
    }
    const load = opts?.compile === undefined ? RECORDED : loadOptions(opts.compile)
    return new ReplayedProgram(backend, recorder, recorder(x0), variablesOf(x0.length), load)
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
    return sweepRecording(recordFunction(f, x, opts?.vector === true), x, sweep)
  }

  function sweepRecording<T>(r: Recording, x: ArrayLike<number>, sweep: (p: Program) => T): T {
    const p = backend.load(r.tape, variablesOf(x.length), ONE_SHOT)
    try {
      return sweep(p)
    } finally {
      p.dispose()
    }
  }

  /**
   * A transform call that may be nested (docs/ARCHITECTURE.md §5): inside another recording, or at
   * a point holding Vars, f is recorded on a child tape and, if the answer depends on Vars of an
   * enclosing recording, `emit` runs its sweep as operations recorded there (nested.ts); otherwise
   * `sweep` runs it in numbers, as `once` does.
   */
  function run<T>(
    f: AnyDifferentiable,
    x: ArrayLike<Operand>,
    opts: VectorOption | undefined,
    sweep: (p: Program, x: ArrayLike<number>) => T,
    emit: (tape: TapeData, V: Values) => T,
    /** The jvp's direction or the vjp's weights: Vars there make the call nested too. */
    seed?: ArrayLike<Operand>,
  ): T {
    const vars = hasVar(x) || (seed !== undefined && hasVar(seed))
    if (!vars && activeRecording() === null) {
      const xs = x as ArrayLike<number>
      return once(f, xs, opts, (p) => sweep(p, xs))
    }
    const values = valuesOf(x)
    if (seed !== undefined) valuesOf(seed) // its Vars must belong to a recording in progress too
    if (isProgram(f)) {
      if (!vars) return sweep(f, values)
      checkLength('point', values, f.inputs)
      f.evaluate(values) // a replayed program records again here if its tape does not hold at this point
      if ((f as { isValueDependent?: boolean }).isValueDependent === true) markValueDependent(x, seed)
      return emit(f.tape, new Values(f.tape, Array.from(x)))
    }
    const r = recordFunction(f, values, opts?.vector === true)
    if (!vars && (r.freeNodes?.length ?? 0) === 0) return sweepRecording(r, values, (p) => sweep(p, values))
    if (r.valueDependent) markValueDependent(x, seed)
    return emit(r.tape, new Values(r.tape, Array.from(x), r.freeNodes, r.freeVars))
  }

  const scalarOrList = (g: ArrayLike<Operand>, arity: number) => (arity === 1 ? g[0] : Array.from(g))
  const seed = (t: TapeData, k: number) => Array.from(t.outputs, (_, j) => (j === k ? 1 : 0))
  const scalar = (t: TapeData, what: string) => requireScalar({ outputs: t.outputs.length }, what)

  const gradientOf = (f: AnyDifferentiable, x: ArrayLike<Operand>, opts?: VectorOption) =>
    run(
      f,
      x,
      opts,
      (p, xs) => {
        const r = p.gradient(xs)
        return { value: r.value as Operand, gradient: list(r.gradient) as Operand[] }
      },
      (t, V) => {
        scalar(t, 'gradient')
        // The value is recorded only if read (grad alone never does): see Values.
        const gradient = emitReverse(V, [1])
        return {
          get value() {
            return V.at(t.outputs[0])
          },
          gradient,
        }
      },
    )

  // The vector form takes its point as one array and always answers with an array.
  const grad = (f: AnyFunction, opts?: VectorOption) =>
    opts?.vector === true
      ? (x: ArrayLike<Operand>) => gradientOf(f, x, opts).gradient
      : (...x: Operand[]) => scalarOrList(gradientOf(f, x, opts).gradient, x.length)
  const valueAndGrad = (f: AnyFunction, opts?: VectorOption) =>
    opts?.vector === true
      ? (x: ArrayLike<Operand>) => {
          const r = gradientOf(f, x, opts)
          return { value: r.value, grad: r.gradient }
        }
      : (...x: Operand[]) => {
          const r = gradientOf(f, x, opts)
          return { value: r.value, grad: scalarOrList(r.gradient, x.length) }
        }

  const jacobian = (f: AnyDifferentiable, x: ArrayLike<Operand>, opts?: VectorOption) =>
    run(
      f,
      x,
      opts,
      (p, xs) => p.jacobian(xs).jacobian.map((row) => list(row) as Operand[]),
      (t, V) => Array.from(t.outputs, (_, k) => emitReverse(V, seed(t, k))),
    )
  const jvp = (f: AnyDifferentiable, x: ArrayLike<Operand>, v: ArrayLike<Operand>, opts?: VectorOption) =>
    run(
      f,
      x,
      opts,
      (p, xs) => {
        const r = p.jvp(xs, valuesOf(v))
        return { value: list(r.value) as Operand[], jvp: list(r.jvp) as Operand[] }
      },
      (t, V) => {
        checkLength('jvp direction', valuesOf(v), t.inputs.length)
        const tangents = emitTangent(V, Array.from(v))
        return {
          get value() {
            return V.outputs()
          },
          jvp: tangents,
        }
      },
      v,
    )
  const vjp = (f: AnyDifferentiable, x: ArrayLike<Operand>, w: ArrayLike<Operand>, opts?: VectorOption) =>
    run(
      f,
      x,
      opts,
      (p, xs) => {
        const r = p.vjp(xs, valuesOf(w))
        return { value: list(r.value) as Operand[], vjp: list(r.vjp) as Operand[] }
      },
      (t, V) => {
        checkLength('vjp weights', valuesOf(w), t.outputs.length)
        const adjoints = emitReverse(V, Array.from(w))
        return {
          get value() {
            return V.outputs()
          },
          vjp: adjoints,
        }
      },
      w,
    )

  /** Second order, nested: the Jacobian or a jvp of the gradient, each level a recording of its own. */
  const nestedSecondOrder = (f: AnyDifferentiable, x: ArrayLike<Operand>) =>
    hasVar(x) || (activeRecording() !== null && !isProgram(f))
  const gradientFunction = (f: AnyDifferentiable, opts?: VectorOption) => (xs: Var[]) =>
    gradientOf(f, xs, opts).gradient

  return {
    grad: grad as Transforms['grad'],
    valueAndGrad: valueAndGrad as Transforms['valueAndGrad'],
    gradient: ((f: AnyDifferentiable, x: ArrayLike<Operand>, opts?: VectorOption) =>
      gradientOf(f, x, opts).gradient) as Transforms['gradient'],
    jacobian: jacobian as Transforms['jacobian'],
    hessian: ((f: AnyDifferentiable, x: ArrayLike<Operand>, opts?: VectorOption) =>
      nestedSecondOrder(f, x)
        ? jacobian(gradientFunction(f, opts), x, VECTOR)
        : once(f, x as ArrayLike<number>, opts, (p) =>
            p.hessian(x as ArrayLike<number>).hessian.map((row) => list(row)),
          )) as Transforms['hessian'],
    jvp: jvp as Transforms['jvp'],
    vjp: vjp as Transforms['vjp'],
    hvp: ((f: AnyDifferentiable, x: ArrayLike<Operand>, v: ArrayLike<Operand>, opts?: VectorOption) =>
      nestedSecondOrder(f, x) || hasVar(v)
        ? jvp(gradientFunction(f, opts), x, v, VECTOR).jvp
        : list(
            once(f, x as ArrayLike<number>, opts, (p) =>
              p.hvp(x as ArrayLike<number>, v as ArrayLike<number>),
            ).hvp,
          )) as Transforms['hvp'],
    trace: trace as Transforms['trace'],
    programOf: programOf as Transforms['programOf'],
  }
}
