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
  type CompileMode,
  checkCompileMode,
  checkInto,
  checkLength,
  type GradientResult,
  type HvpResult,
  type IntoOptions,
  type JvpResult,
  type LoadOptions,
  OK,
  OP,
  type ReplayStatus,
  requireScalar,
  StatusChecker,
  SweepProgram,
  type TapeData,
  type VjpResult,
} from '@chainrule/core'
import { Batch, type CompiledBatch } from './batch.js'
import { compileBatch } from './compiler/batch.js'
import {
  COMPILER_LIMITS,
  type CompiledLayout,
  type CompileOutput,
  type CompilerLimits,
  type CompileUnit,
  compileTape,
} from './compiler/tape-compiler.js'
import { type CompiledSweeps, compileModule, compileModuleAsync, instantiateCompiled } from './host.js'
import { layoutTape, regionBytes, type TapeLayout, writeTape } from './layout.js'
import { type Regions, type SweepInstance, sweepFailed } from './sweep-instance.js'

/**
 * 'auto' compiles a program on its COMPILE_AFTER-th single-point replay: by then
 * the replays it saves have about paid for compiling. Measured on Rosenbrock
 * (scripts/measure-compiler.mjs, docs/ARCHITECTURE.md §6): compiling costs
 * ~2–9 µs a node (emitting, and V8 compiling the straight-line function on its
 * first call) and saves ~2 ns a node per gradient, so it pays after ~1000–5000
 * replays whatever the tape's size. 'auto' compiles only tapes that fit the
 * locals layout: the split memory layout measured no faster than the
 * interpreter at 100 000 nodes ('always' still compiles it).
 */
export const COMPILE_AFTER = 2000

/**
 * 'auto' compiles the batched sweeps once this many points have been replayed
 * in batches, counting the batch about to run (so one batch this large
 * compiles at once). Measured (scripts/measure-batch.mjs; docs/ARCHITECTURE.md §6):
 * compiling the batch module costs ~1–17 µs a node and saves ~0.45 ns a
 * node per point on arithmetic, so it pays after ~2500–10 000 points; on host
 * Math calls it saves ~10% and pays later.
 */
export const BATCH_COMPILE_AFTER = 10_000

/** 'auto' compiles the memory layout only when re-rolled loops cover this share of the tape. */
const REROLLED_SHARE = 0.9

/**
 * Before a compiled gradient that accumulates adjoints in memory, g is zeroed whole (TypedArray
 * fill, a native memset) rather than by the module's zero() once re-rolled loops cover this share
 * of the tape. Measured on Rosenbrock (loops over all but 12 nodes): zero() ~0.088 ns a node,
 * fill ~0.048 ns a node, at 10⁴, 10⁵ and 10⁶ nodes (876 ns against 483 ns at 10⁴).
 */
const FILL_SHARE = 0.6

const SEED = [1]
/** inputAdjointsView before its first use: one shared empty array, not one per program. */
const NO_VIEW = new Float64Array(0)
/** The compiled units: the tape compiler's, and the batched sweeps ('batch', compiler/batch.ts). */
export type ProgramUnit = CompileUnit | 'batch'
const UNITS: readonly ProgramUnit[] = ['primary', 'jvp', 'hvp', 'batch']

/** On a browser's main thread a large module must be compiled asynchronously; elsewhere synchronously. */
const mainThread = () => typeof (globalThis as { document?: unknown }).document !== 'undefined'

/** What the tape compiler made of a program. */
export interface Compilation {
  /** Values and adjoints in locals (one function per sweep), or in linear memory (split into functions). */
  readonly compiledLayout: CompiledLayout
  readonly moduleBytes: number
  /** Loops re-rolled from repeated runs of the tape (memory layout), and the nodes they cover. */
  readonly loops: number
  readonly rerolledNodes: number
}

const CONST = OP.const.code

/** A unit's module as emitted; the batch unit's also says how much scratch it needs. */
type Emitted = CompileOutput & { readonly scratchBytes?: number; readonly constantsInScratch?: boolean }

/** Where the compiled tier stands. */
type Tier =
  | { readonly kind: 'interpreting'; replays: number }
  | { readonly kind: 'compiling'; readonly done: Promise<void> }
  | {
      readonly kind: 'compiled'
      readonly sweeps: CompiledSweeps
      readonly compilation: Compilation
      readonly zeroAdjoints: boolean
      /** The batch unit's scratch area (a region of the program's). */
      readonly scratch: number
    }
  | { readonly kind: 'never'; readonly why?: string }

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
  private readonly mode: CompileMode
  private readonly tiers: Record<ProgramUnit, Tier>
  /**
   * After a compiled reverse sweep g holds only the inputs' adjoints (adjointsStale);
   * the point and seeds it ran from, to redo it on the interpreter if nodeAdjoints() asks.
   */
  private adjointsFrom: { point: Float64Array; seed: Float64Array; dir: Float64Array | null } | null = null
  private adjointsStale = false
  /**
   * The point those stale adjoints ran from is still the inputs in v, not yet copied to
   * adjointsFrom.point: it is copied only when v's inputs are about to be overwritten
   * (savePoint), so a run of compiled gradients copies no point (~15 ns at n = 100).
   */
  private pointInV = false
  /**
   * The first input's node when the inputs are nodes first, first + 1, … (every recorded tape:
   * inputs are recorded before any op), so a point and the inputs' adjoints move as one block
   * copy each (TypedArray set/slice) instead of an element loop through the input list;
   * -1 otherwise, and for fewer than BLOCK_INPUTS inputs, where the loops are the cheaper (a
   * builtin call costs ~20–70 ns). At n = 100 the element loops cost more than the compiled sweep.
   */
  private readonly firstInput: number
  private inputAdjointsOf: Float64Array | null = null
  /** A view of the inputs' adjoints in g, kept while memory stays (made on first use: most programs never need it). */
  private inputAdjointsView: Float64Array = NO_VIEW

  constructor(
    private readonly instance: SweepInstance,
    tape: TapeData,
    variables: readonly string[],
    options: LoadOptions = {},
    private readonly limits: CompilerLimits = COMPILER_LIMITS,
  ) {
    super(tape, variables)
    this.firstInput = tape.inputs.length >= BLOCK_INPUTS ? contiguousFrom(tape.inputs) : -1
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
    this.mode = options.oneShot === true ? 'never' : checkCompileMode(options.compile ?? 'auto')
    const first = (): Tier =>
      this.mode === 'never' ? { kind: 'never' } : { kind: 'interpreting', replays: 0 }
    this.tiers = { primary: first(), jvp: first(), hvp: first(), batch: first() }
    // 'always' compiles the primary sweeps at load, jvp and hvp on their first call.
    if (this.mode === 'always') this.compileNow('primary')
  }

  /** Whether single-point evaluate, gradient and vjp run compiled code (jvp and hvp compile on their own). */
  override get compiled(): boolean {
    return this.tiers.primary.kind === 'compiled'
  }

  /** The primary compiled module's layout and size, once compiled. */
  get compilation(): Compilation | undefined {
    const t = this.tiers.primary
    return t.kind === 'compiled' ? t.compilation : undefined
  }

  /** The batched sweeps' compiled module (compiler/batch.ts), once compiled. */
  get batchCompilation(): Compilation | undefined {
    const t = this.tiers.batch
    return t.kind === 'compiled' ? t.compilation : undefined
  }

  /**
   * Settles when every module being compiled asynchronously (on a browser's
   * main thread) is ready or refused; the program switches to it by itself.
   */
  get pendingCompile(): Promise<void> {
    return Promise.all(
      UNITS.map((u) => this.tiers[u]).flatMap((t) => (t.kind === 'compiling' ? [t.done] : [])),
    ).then(() => undefined)
  }

  /** Which units (primary: evaluate, gradient, vjp; jvp; hvp; batch: the batched sweeps) run compiled code. */
  get compiledUnits(): ProgramUnit[] {
    return UNITS.filter((u) => this.tiers[u].kind === 'compiled')
  }

  /** Why this program's primary sweeps are not compiled, when the compiler refused them. */
  get notCompiledReason(): string | undefined {
    const t = this.tiers.primary
    return t.kind === 'never' ? t.why : undefined
  }

  /** Why this program's batched sweeps are not compiled, when the compiler refused them. */
  get batchNotCompiledReason(): string | undefined {
    const t = this.tiers.batch
    return t.kind === 'never' ? t.why : undefined
  }

  private refuse(unit: ProgramUnit, e: unknown): null {
    this.tiers[unit] = { kind: 'never', why: e instanceof Error ? e.message : String(e) }
    return null
  }

  private emit(unit: ProgramUnit): Emitted | null {
    try {
      const share = this.mode === 'auto' ? REROLLED_SHARE : 0
      if (unit === 'batch') {
        const { bytes, scratchBytes, constantsInScratch } = compileBatch(this.tape, this.limits, share)
        return {
          bytes,
          layout: constantsInScratch ? 'memory' : 'locals',
          rerolledNodes: 0,
          loops: 0,
          zeroAdjoints: false,
          scratchBytes,
          constantsInScratch,
        }
      }
      // Beyond the locals layout, straight-line code measured no faster than the interpreter: 'auto' compiles
      // such a tape only when loops re-roll nearly all of it (checked before anything is emitted).
      return compileTape(this.tape, this.layout, this.limits, new Set([unit]), share)
    } catch (e) {
      return this.refuse(unit, e)
    }
  }

  private install(unit: ProgramUnit, module: object, out: Emitted): void {
    if (this.disposed) return
    const sweeps = instantiateCompiled(module, this.instance.heap.memory)
    let scratch = 0
    if (out.scratchBytes !== undefined) {
      scratch = this.instance.heap.alloc(
        out.scratchBytes,
        `the batch scratch of a tape of ${this.size} nodes`,
      )
      this.regions.add(scratch)
      if (out.constantsInScratch) {
        // Each constant's value in both lanes of its entry (16 bytes a node), where the sweeps read it.
        const { f64 } = this.instance.heap.views()
        const { op, val } = this.tape
        for (let i = 0; i < this.size; i++) {
          if (op[i] === CONST) f64.fill(val[i], (scratch >>> 3) + 2 * i, (scratch >>> 3) + 2 * i + 2)
        }
      }
    }
    this.tiers[unit] = {
      kind: 'compiled',
      sweeps,
      compilation: {
        compiledLayout: out.layout,
        moduleBytes: out.bytes.length,
        loops: out.loops,
        rerolledNodes: out.rerolledNodes,
      },
      zeroAdjoints: out.zeroAdjoints,
      scratch,
    }
  }

  /**
   * Emits and compiles `unit` ('always' at load or first call, 'auto' on the
   * threshold replay): synchronously, except on a browser's main thread, which
   * compiles asynchronously (browsers refuse large synchronous compiles there)
   * and keeps interpreting until the module is ready.
   */
  private compileNow(unit: ProgramUnit): void {
    const out = this.emit(unit)
    if (out === null) return
    if (!mainThread()) {
      try {
        this.install(unit, compileModule(out.bytes), out)
      } catch (e) {
        this.refuse(unit, e)
      }
      return
    }
    // install's own errors (instantiating can fail) refuse the unit too, so `done` always resolves.
    const done = compileModuleAsync(out.bytes)
      .then((module) => this.install(unit, module, out))
      .catch((e: unknown) => {
        this.refuse(unit, e)
      })
    this.tiers[unit] = { kind: 'compiling', done }
  }

  /** Counts `replays` replays of `unit`'s sweeps (points, for the batch); returns its compiled sweeps when ready. */
  private ready(unit: ProgramUnit, replays = 1): CompiledSweeps | null {
    const tier = this.tiers[unit]
    if (tier.kind === 'compiled') return tier.sweeps
    if (tier.kind !== 'interpreting') return null
    const after = this.mode === 'always' ? 1 : unit === 'batch' ? BATCH_COMPILE_AFTER : COMPILE_AFTER
    tier.replays += replays
    if (tier.replays < after) return null
    this.compileNow(unit)
    const now = this.tiers[unit]
    return now.kind === 'compiled' ? now.sweeps : null
  }

  /** The point's inputs into v, as run() writes them. */
  private writeInputs(x: ArrayLike<number>): void {
    if (this.pointInV) this.savePoint()
    const { f64, i32 } = this.instance.heap.views()
    const v0 = this.layout.v >>> 3
    if (this.firstInput >= 0) {
      f64.set(x, v0 + this.firstInput)
      return
    }
    const in0 = this.layout.inputs >>> 2
    for (let j = 0; j < this.inputs; j++) f64[v0 + i32[in0 + j]] = x[j]
  }

  /** A compiled sweep: inputs in, forward (and reverse), then the status is pending as after run(). */
  private runCompiled(sweeps: CompiledSweeps, x: ArrayLike<number>, reverse: boolean): void {
    this.primed = false
    this.writeInputs(x)
    // seed() ran just before a reverse sweep: its adjoints run from the inputs now in v.
    if (reverse) this.pointInV = true
    try {
      // The primary unit's module exports both.
      if (reverse) sweeps.gradient!()
      else sweeps.forward!()
    } catch (e) {
      throw sweepFailed(reverse ? 'compiled gradient' : 'compiled forward', e)
    }
    this.statusPending = true
  }

  /** Copies the inputs in v to adjointsFrom.point (before v's inputs are overwritten). */
  private savePoint(): void {
    this.pointInV = false
    const from = this.adjointsFrom
    if (from === null || !this.adjointsStale) return
    const { f64, i32 } = this.instance.heap.views()
    const v0 = this.layout.v >>> 3
    if (this.firstInput >= 0)
      from.point.set(f64.subarray(v0 + this.firstInput, v0 + this.firstInput + this.inputs))
    else {
      const in0 = this.layout.inputs >>> 2
      for (let j = 0; j < this.inputs; j++) from.point[j] = f64[v0 + i32[in0 + j]]
    }
  }

  /**
   * Seeds g at the outputs as pullback() does (from +0, in order), and remembers them for
   * nodeAdjoints(); the caller then writes the point and sweeps, and sets pointInV.
   */
  private seed(w: ArrayLike<number>, dir: ArrayLike<number> | null = null): void {
    // The adjoints seeded now replace any stale ones: their point need not be kept.
    this.pointInV = false
    const { f64, i32 } = this.instance.heap.views()
    const g0 = this.layout.g >>> 3
    const out0 = this.layout.outputs >>> 2
    const primary = this.tiers.primary
    if (primary.kind === 'compiled' && primary.zeroAdjoints) {
      // The compiled module zeroes just the adjoints its loops accumulate in memory; when they are
      // most of the tape, zeroing all of g (a superset: straight-line code writes before it reads) is the cheaper.
      if (primary.sweeps.zero && primary.compilation.rerolledNodes < FILL_SHARE * this.size)
        primary.sweeps.zero()
      else f64.fill(0, g0, g0 + this.size)
    }
    for (let j = 0; j < this.outputs; j++) f64[g0 + i32[out0 + j]] = 0
    for (let j = 0; j < this.outputs; j++) f64[g0 + i32[out0 + j]] += w[j]
    const from = (this.adjointsFrom ??= {
      point: new Float64Array(this.inputs),
      seed: new Float64Array(this.outputs),
      dir: null,
    })
    for (let j = 0; j < this.outputs; j++) from.seed[j] = w[j]
    if (dir === null) from.dir = null
    else {
      from.dir ??= new Float64Array(this.inputs)
      for (let j = 0; j < this.inputs; j++) from.dir[j] = dir[j]
    }
    this.adjointsStale = true
  }

  override evaluate(x: ArrayLike<number>): Float64Array {
    const sweeps = this.ready('primary')
    if (sweeps === null) return super.evaluate(x)
    this.live()
    checkLength('point', x, this.inputs)
    this.runCompiled(sweeps, x, false)
    return this.outputValues()
  }

  override gradient(x: ArrayLike<number>, options?: IntoOptions): GradientResult {
    const sweeps = this.ready('primary')
    if (sweeps === null) return super.gradient(x, options)
    this.live()
    requireScalar(this, 'gradient')
    const into = checkInto('gradient', options, this.inputs)
    checkLength('point', x, this.inputs)
    this.seed(SEED)
    this.runCompiled(sweeps, x, true)
    return {
      value: this.outputValue(),
      gradient: this.pick(this.layout.g, this.layout.inputs, this.inputs, into),
    }
  }

  override vjp(x: ArrayLike<number>, w: ArrayLike<number>, options?: IntoOptions): VjpResult {
    const sweeps = this.ready('primary')
    if (sweeps === null) return super.vjp(x, w, options)
    this.live()
    checkLength('vjp weights', w, this.outputs)
    const into = checkInto('vjp', options, this.inputs)
    checkLength('point', x, this.inputs)
    this.seed(w)
    this.runCompiled(sweeps, x, true)
    return {
      value: this.outputValues(),
      vjp: this.pick(this.layout.g, this.layout.inputs, this.inputs, into),
    }
  }

  /** The interpreter's forward sweep over the inputs now in v. */
  private interpretForward(): void {
    const { n, op, a, b, v } = this.layout
    try {
      this.instance.sweeps.forward(n, op, a, b, v)
    } catch (e) {
      throw sweepFailed('forward', e)
    }
  }

  /** Checks x and dir, and writes dir as the inputs' tangents for a compiled jvp or hvp. */
  private seedTangents(what: string, x: ArrayLike<number>, dir: ArrayLike<number>): void {
    checkLength(what, dir, this.inputs)
    checkLength('point', x, this.inputs)
    this.reserveTangents()
    const { f64, i32 } = this.instance.heap.views()
    const t0 = this.t >>> 3
    const in0 = this.layout.inputs >>> 2
    for (let j = 0; j < this.inputs; j++) f64[t0 + i32[in0 + j]] = dir[j]
  }

  override jvp(x: ArrayLike<number>, dir: ArrayLike<number>): JvpResult {
    const sweeps = this.ready('jvp')
    if (sweeps?.jvp === undefined) return super.jvp(x, dir)
    this.live()
    this.seedTangents('jvp direction', x, dir)
    this.primed = false
    this.writeInputs(x)
    try {
      sweeps.jvp(this.t)
    } catch (e) {
      throw sweepFailed('compiled tangent', e)
    }
    this.statusPending = true
    return { value: this.outputValues(), jvp: this.pick(this.t, this.layout.outputs, this.outputs) }
  }

  override hvp(x: ArrayLike<number>, dir: ArrayLike<number>): HvpResult {
    const sweeps = this.ready('hvp')
    if (sweeps?.hvp === undefined) return super.hvp(x, dir)
    this.live()
    requireScalar(this, 'hvp')
    this.seedTangents('hvp direction', x, dir)
    // secondOrder seeds g with 1 at the output (gt starts at 0 everywhere: no seed to write).
    this.seed(SEED, dir)
    this.primed = false
    this.writeInputs(x)
    this.pointInV = true
    try {
      sweeps.hvp(this.t)
    } catch (e) {
      throw sweepFailed('compiled tangent-of-adjoint', e)
    }
    this.statusPending = true
    const { g, inputs } = this.layout
    return {
      value: this.outputValue(),
      gradient: this.pick(g, inputs, this.inputs),
      hvp: this.pick(this.gt, inputs, this.inputs),
    }
  }

  /**
   * Every adjoint in g after a compiled reverse sweep: the interpreter redoes it
   * from its point and seeds, then the values go back to the latest point.
   */
  private completeAdjoints(): void {
    const from = this.adjointsFrom
    if (from === null || !this.adjointsStale) return
    if (this.pointInV) {
      // v still holds the point they ran from.
      if (from.dir === null) this.pullback(from.seed)
      else this.secondOrder(from.dir)
      return
    }
    const { f64, i32 } = this.instance.heap.views()
    const v0 = this.layout.v >>> 3
    const in0 = this.layout.inputs >>> 2
    const now = Float64Array.from({ length: this.inputs }, (_, j) => f64[v0 + i32[in0 + j]])
    const moved = now.some((xj, j) => !Object.is(xj, from.point[j]))
    if (moved) {
      this.writeInputs(from.point)
      this.interpretForward()
    }
    if (from.dir === null) this.pullback(from.seed)
    else this.secondOrder(from.dir)
    if (moved) {
      this.writeInputs(now)
      this.interpretForward()
    }
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
    if (this.pointInV) this.savePoint()
    const { f64, i32 } = this.instance.heap.views()
    const { n, op, a, b, v, inputs } = this.layout
    const v0 = v >>> 3
    const in0 = inputs >>> 2
    let same = this.primed
    this.primed = false
    if (!same && this.firstInput >= 0) f64.set(x, v0 + this.firstInput)
    else
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

  /** Entries of the f64 array at `arr` for the nodes listed in the i32 array at `nodes` (into `into` when given). */
  private pick(arr: number, nodes: number, count: number, into?: Float64Array): Float64Array {
    const { f64, i32 } = this.instance.heap.views()
    if (nodes === this.layout.inputs && this.firstInput >= 0) {
      const from = (arr >>> 3) + this.firstInput
      if (into === undefined) return f64.slice(from, from + count)
      into.set(arr === this.layout.g ? this.inputAdjoints(f64) : f64.subarray(from, from + count))
      return into
    }
    const out = into ?? new Float64Array(count)
    for (let j = 0; j < count; j++) out[j] = f64[(arr >>> 3) + i32[(nodes >>> 2) + j]]
    return out
  }

  /** The one output's value, read in place (outputValues()[0] without the one-entry array: ~15 ns a call). */
  private outputValue(): number {
    const { f64, i32 } = this.instance.heap.views()
    return f64[(this.layout.v >>> 3) + i32[this.layout.outputs >>> 2]]
  }

  /**
   * The inputs' block of g as a view over `f64`, kept while `f64` is the current view (memory
   * growth replaces it): a gradient into the caller's array copies from it without a new
   * subarray a call (~15 ns at n = 100). Only with firstInput >= 0.
   */
  private inputAdjoints(f64: Float64Array): Float64Array {
    if (this.inputAdjointsOf !== f64) {
      const from = (this.layout.g >>> 3) + this.firstInput
      this.inputAdjointsView = f64.subarray(from, from + this.inputs)
      this.inputAdjointsOf = f64
    }
    return this.inputAdjointsView
  }

  protected outputValues(): Float64Array {
    return this.pick(this.layout.v, this.layout.outputs, this.outputs)
  }

  /** Reverse sweep from output weights w; returns the input adjoints. */
  protected pullback(w: ArrayLike<number>, into?: Float64Array): Float64Array {
    this.adjointsStale = false
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
    return this.pick(g, this.layout.inputs, this.inputs, into)
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
    this.adjointsStale = false
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

  gradientBatch(X: ArrayLike<number>, k: number, options?: IntoOptions): BatchGradientResult {
    this.live()
    requireScalar(this, 'gradientBatch')
    this.batch.check(X, k)
    const into = checkInto('gradientBatch', options, k * this.inputs, X)
    const result = { value: new Float64Array(k), gradient: into ?? new Float64Array(k * this.inputs) }
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
    this.batch.compiled = this.readyBatch(k)
    this.batch.evaluate(X, k, out)
    this.status = this.batch.status
  }

  /** gradientBatch into the caller's arrays: value (k) and gradient (k×n). */
  gradientBatchInto(X: ArrayLike<number>, k: number, out: BatchGradientResult): void {
    this.live()
    requireScalar(this, 'gradientBatch')
    this.batch.compiled = this.readyBatch(k)
    this.batch.gradient(X, k, out.value, out.gradient)
    this.status = this.batch.status
  }

  /** Counts k batched points; the compiled batched sweeps and their scratch once the batch unit is ready. */
  private readyBatch(k: number): CompiledBatch | null {
    if (!Number.isInteger(k) || k <= 0) return null
    const sweeps = this.ready('batch', k)
    const tier = this.tiers.batch
    return sweeps === null || tier.kind !== 'compiled' ? null : { sweeps, scratch: tier.scratch }
  }

  nodeValues(): Float64Array {
    this.live()
    const v0 = this.layout.v >>> 3
    return this.instance.heap.views().f64.slice(v0, v0 + this.size)
  }

  nodeAdjoints(): Float64Array {
    this.live()
    this.completeAdjoints()
    const g0 = this.layout.g >>> 3
    return this.instance.heap.views().f64.slice(g0, g0 + this.size)
  }

  /** Gives the program's memory back; using it afterwards throws. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    // The compiled modules' code goes with the tiers: nothing else refers to it.
    for (const u of UNITS) this.tiers[u] = { kind: 'never', why: 'disposed' }
    if (this.watched) this.instance.forget(this)
    this.instance.release(this.regions)
  }
}

/** Fewest inputs moved by block copies rather than element loops (WasmProgram.firstInput). */
const BLOCK_INPUTS = 16

/** `first` when `inputs` is first, first + 1, …; -1 otherwise (or when empty). */
function contiguousFrom(inputs: Int32Array): number {
  if (inputs.length === 0) return -1
  const first = inputs[0]
  for (let j = 1; j < inputs.length; j++) if (inputs[j] !== first + j) return -1
  return first
}
