// The seam between the public API and whatever runs the sweeps. A backend
// loads a frozen tape into a Program; the JS backend (js-backend.ts) is the
// reference, @chainrule/core-wasm supplies one that sweeps in WebAssembly.

import type { TapeData } from './tape.js'
import { NESTED, Var } from './var.js'

/** After each sweep: `ok`, `kink` (an op evaluated exactly at a kink) or `retrace` (a guard flipped). */
export type ReplayStatus =
  | { readonly kind: 'ok' }
  | { readonly kind: 'kink' | 'retrace'; readonly node: number; readonly point: number }

export const OK: ReplayStatus = Object.freeze({ kind: 'ok' })

export interface GradientResult {
  readonly value: number
  readonly gradient: Float64Array
}
export interface VjpResult {
  readonly value: Float64Array
  readonly vjp: Float64Array
}
export interface JvpResult {
  readonly value: Float64Array
  readonly jvp: Float64Array
}
export interface HvpResult {
  readonly value: number
  readonly gradient: Float64Array
  readonly hvp: Float64Array
}
export interface JacobianResult {
  readonly value: Float64Array
  /** m rows of n partials. */
  readonly jacobian: Float64Array[]
}
export interface HessianResult {
  readonly value: number
  readonly gradient: Float64Array
  /** n rows of n second partials. */
  readonly hessian: Float64Array[]
}
export interface BatchGradientResult {
  /** k values. */
  readonly value: Float64Array
  /** k×n gradients, row-major. */
  readonly gradient: Float64Array
}

/**
 * Where gradient, vjp and gradientBatch write their result array instead of a
 * fresh one, for a loop that replays a program many times: over 64 bytes a
 * fresh Float64Array is allocated off the JS heap, which can cost more than
 * the sweep itself (docs/ARCHITECTURE.md §6).
 */
export interface IntoOptions {
  /**
   * Filled and returned as the result's array (`gradient`, `vjp`, or the batch's
   * k×n `gradient`): a Float64Array of exactly that length, else a RangeError.
   * The numbers are the same bit for bit as without it. It may share memory
   * with the point (a single point is read in full before anything is
   * written), not with a batch's points.
   */
  readonly into?: Float64Array
}

export interface Program {
  readonly backend: 'js' | 'wasm'
  readonly inputs: number
  readonly outputs: number
  /** Number of tape nodes. */
  readonly size: number
  /** Variable names when compiled from an expression; otherwise x, y, z (up to three) or x0, x1, …. */
  readonly variables: readonly string[]
  readonly tape: TapeData
  /** Forward sweep: the outputs at x. */
  evaluate(x: ArrayLike<number>): Float64Array
  /** Forward + reverse sweep of a one-output program; `{ into }` receives the gradient (n). */
  gradient(x: ArrayLike<number>, options?: IntoOptions): GradientResult
  /** Reverse sweep seeded with the output weights w: wᵀJ; `{ into }` receives it (n). */
  vjp(x: ArrayLike<number>, w: ArrayLike<number>, options?: IntoOptions): VjpResult
  /** Tangent sweep in direction v: Jv. */
  jvp(x: ArrayLike<number>, v: ArrayLike<number>): JvpResult
  /** Tangent-of-adjoint sweep (forward over reverse): Hv of a one-output program. */
  hvp(x: ArrayLike<number>, v: ArrayLike<number>): HvpResult
  jacobian(x: ArrayLike<number>): JacobianResult
  hessian(x: ArrayLike<number>): HessianResult
  /** Forward sweep at k points; X is k×n row-major, the result k×m row-major. */
  evaluateBatch(X: ArrayLike<number>, k: number): Float64Array
  /** Forward + reverse sweep at k points of a one-output program; `{ into }` receives the k×n gradients. */
  gradientBatch(X: ArrayLike<number>, k: number, options?: IntoOptions): BatchGradientResult
  /** Of the most recent sweep. */
  readonly status: ReplayStatus
  /**
   * Whether single-point sweeps now run compiled code (the WASM backend's tape
   * compiler, docs/ARCHITECTURE.md §6) rather than the interpreter; always false on the JS backend.
   */
  readonly compiled: boolean
  /**
   * Settles when the modules this program is compiling asynchronously (the WASM
   * backend on a browser's main thread, docs/ARCHITECTURE.md §6) are ready or
   * refused; absent where nothing compiles asynchronously.
   */
  readonly pendingCompile?: Promise<void>
  /** Values of every node after the most recent single-point sweep (for explain, graphs, provenance). */
  nodeValues(): Float64Array
  /** Adjoints of every node after the most recent single-point reverse sweep. */
  nodeAdjoints(): Float64Array
  dispose(): void
}

/** How a tape reaches `load`; both default to false, for tapes from anywhere. */
export interface LoadOptions {
  /** Frozen by a RecordingTape in this process, so well formed by construction: not validated again. */
  readonly recorded?: boolean
  /**
   * Loaded for one sweep (a transform's call): the caller hands the tape over
   * and will not read it again, so the program may sweep in its arrays, and
   * disposes the program as soon as the sweep is done, so the backend need not
   * watch for it being dropped undisposed.
   */
  readonly oneShot?: boolean
  /**
   * Whether to compile the tape to WebAssembly (the WASM backend; the JS backend
   * is the reference interpreter and ignores it): 'auto' (default) interprets
   * first and compiles once the program has been replayed often enough to pay
   * for compiling, 'always' compiles at load, 'never' keeps the interpreter.
   * A tape over the compiler's size bounds is interpreted whatever this says.
   */
  readonly compile?: CompileMode
}

/** See LoadOptions.compile. */
export type CompileMode = 'auto' | 'always' | 'never'

const checkedModes: readonly CompileMode[] = ['auto', 'always', 'never']

/** Throws unless `compile` is a CompileMode: a caller's typo must not pass silently. */
export function checkCompileMode(compile: CompileMode): CompileMode {
  if (!checkedModes.includes(compile)) {
    throw new TypeError(`compile: expected 'auto', 'always' or 'never', got ${String(compile)}`)
  }
  return compile
}

/** A recorded tape's load options with a compile mode, checked. */
export function loadOptions(compile: CompileMode): LoadOptions {
  return { recorded: true, compile: checkCompileMode(compile) }
}

export interface Backend {
  readonly name: 'js' | 'wasm'
  load(tape: TapeData, variables?: readonly string[], options?: LoadOptions): Program
}

/** x; x, y; x, y, z; beyond three, x0, x1, …. */
export function defaultVariables(n: number): string[] {
  if (n <= 3) return ['x', 'y', 'z'].slice(0, n)
  return Array.from({ length: n }, (_, i) => `x${i}`)
}

export function checkLength(what: string, got: ArrayLike<number>, want: number): void {
  if (got.length !== want) throw new RangeError(`${what}: expected ${want} numbers, got ${got.length}`)
  checkNumbers(what, got)
}

/**
 * The `into` of a method's options, checked: undefined without one, else a
 * Float64Array of `want` entries. `points`, a batch's X, must not share memory with it.
 */
export function checkInto(
  what: string,
  options: IntoOptions | undefined,
  want: number,
  points?: ArrayLike<number>,
): Float64Array | undefined {
  if (options === undefined) return undefined
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${what} options: expected an object, got ${describe(options)}`)
  const { into } = options
  if (into === undefined) return undefined
  if (!(into instanceof Float64Array))
    throw new TypeError(`${what} into: expected a Float64Array, got ${describe(into)}`)
  if (into.length !== want)
    throw new RangeError(`${what} into: expected a Float64Array of ${want} numbers, got ${into.length}`)
  if (points !== undefined && ArrayBuffer.isView(points) && overlaps(points, into))
    throw new RangeError(`${what} into: shares memory with the batch's points, which it would overwrite`)
  return into
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (typeof v !== 'object') return typeof v
  return Array.isArray(v) ? 'an array' : (v.constructor?.name ?? 'an object')
}

/** Whether two typed arrays share bytes of one buffer. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  )
}

/**
 * Every entry is a number. A Var here means a transform was called inside a
 * function being differentiated: without nested differentiation its answer
 * would be a silent 0 or NaN, so it is an error instead.
 */
export function checkNumbers(what: string, x: ArrayLike<number>): void {
  if (ArrayBuffer.isView(x)) return
  for (let j = 0; j < x.length; j++) {
    const v: unknown = x[j]
    if (typeof v === 'number') continue
    if (v instanceof Var) throw new TypeError(`${what}: entry ${j} is a Var: ${NESTED}`)
    throw new TypeError(`${what}: entry ${j} is ${v === null ? 'null' : typeof v}, not a number`)
  }
}

export function requireScalar(p: { outputs: number }, what: string): void {
  if (p.outputs !== 1)
    throw new RangeError(`${what} needs a function with one output; this one has ${p.outputs}`)
}
