// A program that knows how to re-record itself. A loaded tape is exact only
// on the branch it was recorded on: when a guard flips (status `retrace`) or
// the recording read `.value` (value-dependent), this wrapper records again at
// the point asked for and answers from the new tape — correctness before speed.

import {
  type Backend,
  type BatchGradientResult,
  checkInto,
  checkLength,
  type GradientResult,
  type HessianResult,
  type HvpResult,
  type IntoOptions,
  type JacobianResult,
  type JvpResult,
  type LoadOptions,
  OK,
  overlaps,
  type Program,
  type ReplayStatus,
  type VjpResult,
} from './backend.js'
import type { Recording } from './record.js'
import type { TapeData } from './tape.js'

export type Recorder = (x: ArrayLike<number>) => Recording

/**
 * A point or weights that the caller's `into` shares memory with, copied: the first sweep writes
 * into `into`, and a retrace must re-record and sweep again from the point as it was given.
 */
function unaliased(v: ArrayLike<number>, options: IntoOptions | undefined): ArrayLike<number> {
  const into = options?.into
  return into instanceof Float64Array && ArrayBuffer.isView(v) && overlaps(v, into) ? Float64Array.from(v) : v
}

export class ReplayedProgram implements Program {
  readonly backend: 'js' | 'wasm'
  status: ReplayStatus = OK
  /** How many times the function has been recorded (1 after construction). */
  recordings = 1
  private current: Program
  private valueDependent: boolean

  constructor(
    private readonly backendImpl: Backend,
    private readonly recorder: Recorder,
    first: Recording,
    readonly variables: readonly string[],
    /** How the recorder's tapes are loaded: `{ recorded: true }` when it records through a RecordingTape. */
    private readonly loadOptions?: LoadOptions,
  ) {
    this.backend = backendImpl.name
    this.current = backendImpl.load(first.tape, variables, loadOptions)
    this.valueDependent = first.valueDependent
  }

  get inputs(): number {
    return this.current.inputs
  }
  get outputs(): number {
    return this.current.outputs
  }
  get size(): number {
    return this.current.size
  }
  get tape(): TapeData {
    return this.current.tape
  }
  /** Whether the current recording's single-point sweeps run compiled code. */
  get compiled(): boolean {
    return this.current.compiled
  }
  /** Settles when the current recording's asynchronous compiles are done (see Program.pendingCompile). */
  get pendingCompile(): Promise<void> {
    return this.current.pendingCompile ?? Promise.resolve()
  }
  /** True when the recording read `.value`: every call records afresh. */
  get isValueDependent(): boolean {
    return this.valueDependent
  }

  private rerecord(x: ArrayLike<number>): void {
    const r = this.recorder(x)
    const next = this.backendImpl.load(r.tape, this.variables, this.loadOptions)
    this.current.dispose()
    this.current = next
    this.valueDependent = r.valueDependent
    this.recordings++
  }

  /** Runs one single-point sweep, re-recording first or after as the tape requires. */
  private sweep<T>(x: ArrayLike<number>, run: (p: Program) => T): T {
    checkLength('point', x, this.inputs)
    if (this.valueDependent) this.rerecord(x)
    let result = run(this.current)
    let status = this.current.status
    if (status.kind === 'retrace') {
      this.rerecord(x)
      result = run(this.current)
      // Report that the answer came from a new recording (or a kink it found).
      if (this.current.status.kind !== 'kink') status = { ...status, point: 0 }
      else status = this.current.status
    }
    this.status = status
    return result
  }

  /** A batch is exact only if no point leaves the recorded branch; null sends it point by point. */
  private tryBatch<T>(X: ArrayLike<number>, k: number, run: (p: Program) => T): T | null {
    checkLength('batch points', X, k * this.inputs)
    if (this.valueDependent) return null
    const result = run(this.current)
    this.status = this.current.status
    return this.status.kind === 'retrace' ? null : result
  }

  /** Point p of a row-major batch. */
  private row(X: ArrayLike<number>, p: number): number[] {
    const n = this.inputs
    return Array.prototype.slice.call(X, p * n, p * n + n)
  }

  /** Keeps a batch's first flip as its status after the point-by-point fallback. */
  private pointwise(k: number, each: (p: number) => void): void {
    const flip = this.status
    for (let p = 0; p < k; p++) each(p)
    if (flip.kind === 'retrace') this.status = flip
  }

  evaluate(x: ArrayLike<number>): Float64Array {
    return this.sweep(x, (p) => p.evaluate(x))
  }
  gradient(x: ArrayLike<number>, options?: IntoOptions): GradientResult {
    const at = unaliased(x, options)
    return this.sweep(at, (p) => p.gradient(at, options))
  }
  vjp(x: ArrayLike<number>, w: ArrayLike<number>, options?: IntoOptions): VjpResult {
    const at = unaliased(x, options)
    const weights = unaliased(w, options)
    return this.sweep(at, (p) => p.vjp(at, weights, options))
  }
  jvp(x: ArrayLike<number>, v: ArrayLike<number>): JvpResult {
    return this.sweep(x, (p) => p.jvp(x, v))
  }
  hvp(x: ArrayLike<number>, v: ArrayLike<number>): HvpResult {
    return this.sweep(x, (p) => p.hvp(x, v))
  }
  jacobian(x: ArrayLike<number>): JacobianResult {
    return this.sweep(x, (p) => p.jacobian(x))
  }
  hessian(x: ArrayLike<number>): HessianResult {
    return this.sweep(x, (p) => p.hessian(x))
  }

  evaluateBatch(X: ArrayLike<number>, k: number): Float64Array {
    const batched = this.tryBatch(X, k, (p) => p.evaluateBatch(X, k))
    if (batched) return batched
    const m = this.outputs
    const out = new Float64Array(k * m)
    this.pointwise(k, (p) => out.set(this.evaluate(this.row(X, p)), p * m))
    return out
  }

  gradientBatch(X: ArrayLike<number>, k: number, options?: IntoOptions): BatchGradientResult {
    const batched = this.tryBatch(X, k, (p) => p.gradientBatch(X, k, options))
    if (batched) return batched
    const n = this.inputs
    const value = new Float64Array(k)
    const gradient = checkInto('gradientBatch', options, k * n, X) ?? new Float64Array(k * n)
    this.pointwise(k, (p) => {
      const r = this.gradient(this.row(X, p))
      value[p] = r.value
      gradient.set(r.gradient, p * n)
    })
    return { value, gradient }
  }

  nodeValues(): Float64Array {
    return this.current.nodeValues()
  }
  nodeAdjoints(): Float64Array {
    return this.current.nodeAdjoints()
  }
  dispose(): void {
    this.current.dispose()
  }
}
