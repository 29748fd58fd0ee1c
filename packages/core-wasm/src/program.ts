// A tape loaded into WebAssembly memory. Each method crosses into the module
// once per sweep (never per op): it writes the point into the value array,
// runs the sweep over the whole tape, and copies only the results out. vjp,
// jvp, hvp, the Jacobian and the Hessian come from core's SweepProgram, as the
// JS backend's do, so both compose their sweeps alike.
//
// Memory may grow only inside heap.alloc, so helpers fetch the views afresh
// (heap.views()) instead of holding one across a call that allocates.

import {
  type BatchGradientResult,
  type LoadOptions,
  OK,
  type ReplayStatus,
  requireScalar,
  StatusChecker,
  SweepProgram,
  type TapeData,
} from '@chainrule/core'
import { Batch } from './batch.js'
import { layoutTape, regionBytes, type TapeLayout, writeTape } from './layout.js'
import { type Regions, type SweepInstance, sweepFailed } from './sweep-instance.js'

export class WasmProgram extends SweepProgram {
  readonly backend = 'wasm' as const
  readonly layout: TapeLayout
  private checkerOnce: StatusChecker | null = null
  private lastStatus: ReplayStatus = OK
  /** A single-point sweep's status is worked out when first asked for: a transform's one sweep never asks. */
  private statusPending = false
  /** v still holds the values recorded at the tape's inputs (a one-shot tape, not yet swept). */
  private primed: boolean
  /** Tangents t and their adjoints gt (jvp, hvp, jacobian, hessian), allocated on first use. */
  private t = 0
  private gt = 0
  private readonly batch: Batch
  private readonly regions: Regions = new Set()
  private disposed = false
  /** Registered to be freed if garbage-collected undisposed (every program but a one-shot one). */
  private readonly watched: boolean

  constructor(
    private readonly instance: SweepInstance,
    tape: TapeData,
    variables: readonly string[],
    options: LoadOptions = {},
  ) {
    super(tape, variables)
    // A one-shot tape's values are the recording's: the first sweep at the recording point needs no forward pass.
    this.primed = options.oneShot === true
    const region = instance.heap.alloc(
      regionBytes(this.size, this.inputs, this.outputs),
      `a tape of ${this.size} nodes`,
    )
    this.regions.add(region)
    this.layout = layoutTape(region, this.size, this.inputs)
    const views = instance.heap.views()
    writeTape(views, this.layout, tape)
    views.f64.fill(0, this.layout.g >>> 3, (this.layout.g >>> 3) + this.size)
    this.batch = new Batch(instance, this.layout, this.regions, () => this.checker, this.inputs, this.outputs)
    // A one-shot program is disposed by its caller right after its sweep: registering it would cost more than the sweep.
    this.watched = options.oneShot !== true
    if (this.watched) instance.watch(this, this.regions)
  }

  private live(): void {
    if (this.disposed) throw new Error('wasm backend: this program was disposed')
  }

  private get checker(): StatusChecker {
    this.checkerOnce ??= new StatusChecker(this.tape)
    return this.checkerOnce
  }

  get status(): ReplayStatus {
    if (this.statusPending) {
      this.statusPending = false
      const v0 = this.layout.v >>> 3
      const values = this.instance.heap.views().f64.subarray(v0, v0 + this.size)
      this.lastStatus = this.checker.trivial ? OK : this.checker.check(values)
    }
    return this.lastStatus
  }

  private set status(s: ReplayStatus) {
    this.lastStatus = s
    this.statusPending = false
  }

  /** Forward sweep at x: inputs copied in, every value recomputed (status checked when asked for). */
  protected run(x: ArrayLike<number>): void {
    this.live()
    const { f64, i32 } = this.instance.heap.views()
    const { n, op, a, b, v, inputs } = this.layout
    const v0 = v >>> 3
    const in0 = inputs >>> 2
    let same = this.primed
    this.primed = false
    for (let j = 0; j < this.inputs; j++) {
      const k = v0 + i32[in0 + j]
      if (same && !Object.is(f64[k], x[j])) same = false
      f64[k] = x[j]
    }
    if (!same) {
      try {
        this.instance.sweeps.forward(n, op, a, b, v)
      } catch (e) {
        throw sweepFailed('forward', e)
      }
    }
    this.statusPending = true
  }

  /** Entries of the f64 array at `arr` for the nodes listed in the i32 array at `nodes`. */
  private pick(arr: number, nodes: number, count: number): Float64Array {
    const { f64, i32 } = this.instance.heap.views()
    const out = new Float64Array(count)
    for (let j = 0; j < count; j++) out[j] = f64[(arr >>> 3) + i32[(nodes >>> 2) + j]]
    return out
  }

  protected outputValues(): Float64Array {
    return this.pick(this.layout.v, this.layout.outputs, this.outputs)
  }

  /** Reverse sweep from output weights w; returns the input adjoints. */
  protected pullback(w: ArrayLike<number>): Float64Array {
    const { f64, i32 } = this.instance.heap.views()
    const { n, op, a, b, v, g, outputs } = this.layout
    const g0 = g >>> 3
    f64.fill(0, g0, g0 + n)
    for (let j = 0; j < this.outputs; j++) f64[g0 + i32[(outputs >>> 2) + j]] += w[j]
    try {
      this.instance.sweeps.reverse(n, op, a, b, v, g)
    } catch (e) {
      throw sweepFailed('reverse', e)
    }
    return this.pick(g, this.layout.inputs, this.inputs)
  }

  /** The tangent region; constants' tangents are zeroed once and stay 0, inputs' are set per sweep. */
  private reserveTangents(): void {
    if (this.t !== 0) return
    const n = this.size
    const region = this.instance.heap.alloc(16 * n, `the tangents of a tape of ${n} nodes`)
    this.regions.add(region)
    this.t = region
    this.gt = region + 8 * n
    this.instance.heap.views().f64.fill(0, region >>> 3, (region >>> 3) + n)
  }

  /** Tangent sweep in direction dir, after reserveTangents() and run(). */
  private tangents(dir: ArrayLike<number>): void {
    const { f64, i32 } = this.instance.heap.views()
    const { n, op, a, b, v, inputs } = this.layout
    const t0 = this.t >>> 3
    for (let j = 0; j < this.inputs; j++) f64[t0 + i32[(inputs >>> 2) + j]] = dir[j]
    try {
      this.instance.sweeps.tangent(n, op, a, b, v, this.t)
    } catch (e) {
      throw sweepFailed('tangent', e)
    }
  }

  protected pushforward(dir: ArrayLike<number>): Float64Array {
    this.reserveTangents()
    this.tangents(dir)
    return this.pick(this.t, this.layout.outputs, this.outputs)
  }

  /** Forward-over-reverse at the current values: gradient and Hessian-vector product. */
  protected secondOrder(dir: ArrayLike<number>): [Float64Array, Float64Array] {
    this.reserveTangents()
    this.tangents(dir)
    const { f64, i32 } = this.instance.heap.views()
    const { n, op, a, b, v, g, outputs, inputs } = this.layout
    const { t, gt } = this
    f64.fill(0, g >>> 3, (g >>> 3) + n)
    f64.fill(0, gt >>> 3, (gt >>> 3) + n)
    f64[(g >>> 3) + i32[outputs >>> 2]] = 1
    try {
      this.instance.sweeps.reverseTangent(n, op, a, b, v, t, g, gt)
    } catch (e) {
      throw sweepFailed('tangent-of-adjoint', e)
    }
    return [this.pick(g, inputs, this.inputs), this.pick(gt, inputs, this.inputs)]
  }

  evaluateBatch(X: ArrayLike<number>, k: number): Float64Array {
    this.live()
    this.batch.check(X, k)
    const out = new Float64Array(k * this.outputs)
    this.evaluateBatchInto(X, k, out)
    return out
  }

  gradientBatch(X: ArrayLike<number>, k: number): BatchGradientResult {
    this.live()
    requireScalar(this, 'gradientBatch')
    this.batch.check(X, k)
    const result = { value: new Float64Array(k), gradient: new Float64Array(k * this.inputs) }
    this.gradientBatchInto(X, k, result)
    return result
  }

  /**
   * evaluateBatch into the caller's array (k×m): for hot loops, where a fresh
   * result per call would cost more than the sweep (a large result is new
   * memory the OS must map and zero).
   */
  evaluateBatchInto(X: ArrayLike<number>, k: number, out: Float64Array): void {
    this.live()
    this.batch.evaluate(X, k, out)
    this.status = this.batch.status
  }

  /** gradientBatch into the caller's arrays: value (k) and gradient (k×n). */
  gradientBatchInto(X: ArrayLike<number>, k: number, out: BatchGradientResult): void {
    this.live()
    requireScalar(this, 'gradientBatch')
    this.batch.gradient(X, k, out.value, out.gradient)
    this.status = this.batch.status
  }

  nodeValues(): Float64Array {
    this.live()
    const v0 = this.layout.v >>> 3
    return this.instance.heap.views().f64.slice(v0, v0 + this.size)
  }

  nodeAdjoints(): Float64Array {
    this.live()
    const g0 = this.layout.g >>> 3
    return this.instance.heap.views().f64.slice(g0, g0 + this.size)
  }

  /** Gives the program's memory back; using it afterwards throws. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.watched) this.instance.forget(this)
    this.instance.release(this.regions)
  }
}
