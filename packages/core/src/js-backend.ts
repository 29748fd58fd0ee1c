// The JS backend: a loaded tape plus the work arrays its sweeps reuse.

import {
  type Backend,
  type BatchGradientResult,
  checkInto,
  checkLength,
  defaultVariables,
  type IntoOptions,
  type LoadOptions,
  OK,
  type ReplayStatus,
  requireScalar,
} from './backend.js'
import { CONST } from './ops.js'
import { StatusChecker } from './status.js'
import { SweepProgram } from './sweep-program.js'
import { forward, forwardBatch, reverse, reverseBatch, reverseTangent, tangent } from './sweeps.js'
import { type TapeData, validateTape } from './tape.js'

const CHUNK_VALUES = 1 << 17

class JsProgram extends SweepProgram {
  readonly backend = 'js' as const
  private lastStatus: ReplayStatus = OK
  /** A single-point sweep's status is worked out when first asked for: a transform's one sweep never asks. */
  private statusPending = false
  private checkerOnce: StatusChecker | null = null
  /** Values, with constants preset; inputs are written by each sweep. */
  private readonly v: Float64Array
  private readonly g: Float64Array
  private t: Float64Array | null = null
  private gt: Float64Array | null = null
  /** v still holds the values recorded at the tape's inputs (a one-shot tape, not yet swept). */
  private primed: boolean

  constructor(tape: TapeData, variables: readonly string[], options: LoadOptions = {}) {
    if (options.recorded !== true) validateTape(tape)
    super(tape, variables)
    // A one-shot tape's values are the recording's: the first sweep at the recording point needs no forward pass.
    this.v = options.oneShot === true ? tape.val : tape.val.slice()
    this.primed = options.oneShot === true
    this.g = new Float64Array(this.size)
  }

  private get checker(): StatusChecker {
    this.checkerOnce ??= new StatusChecker(this.tape)
    return this.checkerOnce
  }

  protected run(x: ArrayLike<number>): void {
    const { inputs } = this.tape
    const { v } = this
    let same = this.primed
    this.primed = false
    for (let j = 0; j < inputs.length; j++) {
      if (same && !Object.is(v[inputs[j]], x[j])) same = false
      v[inputs[j]] = x[j]
    }
    if (!same) forward(this.tape, v)
    this.statusPending = true
  }

  get status(): ReplayStatus {
    if (this.statusPending) {
      this.statusPending = false
      this.lastStatus = this.checker.trivial ? OK : this.checker.check(this.v)
    }
    return this.lastStatus
  }

  private pick(arr: Float64Array, nodes: Int32Array, into?: Float64Array): Float64Array {
    const out = into ?? new Float64Array(nodes.length)
    for (let j = 0; j < out.length; j++) out[j] = arr[nodes[j]]
    return out
  }

  protected outputValues(): Float64Array {
    return this.pick(this.v, this.tape.outputs)
  }

  protected pullback(w: ArrayLike<number>, into?: Float64Array): Float64Array {
    const { g, tape } = this
    g.fill(0)
    for (let j = 0; j < tape.outputs.length; j++) g[tape.outputs[j]] += w[j]
    reverse(tape, this.v, g)
    return this.pick(g, tape.inputs, into)
  }

  private tangents(dir: ArrayLike<number>): Float64Array {
    this.t ??= new Float64Array(this.size)
    const { t, tape } = this
    t.fill(0)
    for (let j = 0; j < tape.inputs.length; j++) t[tape.inputs[j]] = dir[j]
    tangent(tape, this.v, t)
    return t
  }

  protected pushforward(dir: ArrayLike<number>): Float64Array {
    return this.pick(this.tangents(dir), this.tape.outputs)
  }

  protected secondOrder(dir: ArrayLike<number>): [Float64Array, Float64Array] {
    const t = this.tangents(dir)
    this.gt ??= new Float64Array(this.size)
    const { g, gt, tape } = this
    g.fill(0)
    gt.fill(0)
    g[tape.outputs[0]] = 1
    reverseTangent(tape, this.v, t, g, gt)
    return [this.pick(g, tape.inputs), this.pick(gt, tape.inputs)]
  }

  /**
   * Batches run in chunks of points whose node-major arrays hold about 2¹⁷
   * values (1 MiB) each: a chunk stays in cache, and the two arrays are
   * allocated once per program instead of once per call (fresh memory is
   * costly to map and zero, often more than the sweep itself).
   */
  private chunk: { points: number; V: Float64Array; G: Float64Array } | null = null

  /** Runs fn on each chunk [p0, p0 + c) after its forward sweep; the status is the batch's first flip, else first kink. */
  private batched(
    X: ArrayLike<number>,
    k: number,
    reverseToo: boolean,
    fn: (V: Float64Array, G: Float64Array, p0: number, c: number) => void,
  ): void {
    const n = this.inputs
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`batch: k must be a whole number, got ${k}`)
    checkLength('batch points', X, k * n)
    const { tape, size } = this
    if (this.chunk === null) {
      const points = Math.max(1, Math.floor(CHUNK_VALUES / Math.max(1, size)))
      this.chunk = { points, V: new Float64Array(points * size), G: new Float64Array(points * size) }
    }
    let status: ReplayStatus = OK
    for (let p0 = 0; p0 < k; p0 += this.chunk.points) {
      const c = Math.min(this.chunk.points, k - p0)
      const V = this.chunk.V.subarray(0, size * c)
      const G = this.chunk.G.subarray(0, size * c)
      for (let i = 0; i < size; i++) if (tape.op[i] === CONST) V.fill(tape.val[i], i * c, i * c + c)
      for (let j = 0; j < n; j++) {
        const base = tape.inputs[j] * c
        for (let p = 0; p < c; p++) V[base + p] = X[(p0 + p) * n + j]
      }
      forwardBatch(tape, V, c)
      if (!this.checker.trivial && status.kind !== 'retrace') {
        const s = this.checker.check(V, c)
        if (s.kind === 'retrace' || (s.kind === 'kink' && status.kind === 'ok'))
          status = { ...s, point: s.point + p0 }
      }
      if (reverseToo) {
        G.fill(0)
        const out = tape.outputs[0] * c
        for (let p = 0; p < c; p++) G[out + p] = 1
        reverseBatch(tape, V, G, c)
      }
      fn(V, G, p0, c)
    }
    this.lastStatus = status
    this.statusPending = false
  }

  evaluateBatch(X: ArrayLike<number>, k: number): Float64Array {
    const m = this.outputs
    const out = new Float64Array(k * m)
    this.batched(X, k, false, (V, _, p0, c) => {
      for (let r = 0; r < m; r++) {
        const base = this.tape.outputs[r] * c
        for (let p = 0; p < c; p++) out[(p0 + p) * m + r] = V[base + p]
      }
    })
    return out
  }

  gradientBatch(X: ArrayLike<number>, k: number, options?: IntoOptions): BatchGradientResult {
    requireScalar(this, 'gradientBatch')
    const { tape, inputs: n } = this
    // A bad k is batched()'s error to report.
    const into = Number.isInteger(k) && k >= 0 ? checkInto('gradientBatch', options, k * n, X) : undefined
    const value = new Float64Array(k)
    const gradient = into ?? new Float64Array(k * n)
    this.batched(X, k, true, (V, G, p0, c) => {
      value.set(V.subarray(tape.outputs[0] * c, tape.outputs[0] * c + c), p0)
      for (let j = 0; j < n; j++) {
        const base = tape.inputs[j] * c
        for (let p = 0; p < c; p++) gradient[(p0 + p) * n + j] = G[base + p]
      }
    })
    return { value, gradient }
  }

  nodeValues(): Float64Array {
    return this.v.slice()
  }

  nodeAdjoints(): Float64Array {
    return this.g.slice()
  }

  dispose(): void {}
}

export const jsBackend: Backend = {
  name: 'js',
  load: (tape, variables, options) =>
    new JsProgram(tape, variables ?? defaultVariables(tape.inputs.length), options),
}
