// Batched replay at k points, in chunks. Values V and adjoints G are
// node-major (node i's lanes contiguous) so the module dispatches once per
// node and runs f64x2 SIMD along the row; rows are padded to an even stride
// whose pad lane repeats the last point (the module's scatter does that), so
// the status checker can read the padded rows as they are.
//
// Points are replayed in chunks whose values and adjoints take about
// CHUNK_BYTES: a whole batch of a large tape would stream V and G through
// main memory on every sweep, while a chunk stays in cache and still gives
// each node's dispatch a row of lanes to amortise over (measured on
// Rosenbrock, README). Every point is independent, so chunking changes no
// result; the status of a chunk is exactly the JS backend's, and across
// chunks the first retrace wins, then the first kink.

import { checkLength, OK, type ReplayStatus, type StatusChecker } from '@chainrule/core'
import type { CompiledSweeps } from './host.js'
import type { TapeLayout } from './layout.js'
import { type Regions, type SweepInstance, sweepFailed } from './sweep-instance.js'

const CHUNK_BYTES = 2 * 2 ** 20

/** Points per chunk for a tape of n nodes: even, at least 2. */
export function chunkPoints(n: number): number {
  return Math.max(2, Math.floor(CHUNK_BYTES / (16 * Math.max(1, n))) & ~1)
}

/** A program's compiled batched sweeps (src/compiler/batch.ts) and the scratch area they use. */
export interface CompiledBatch {
  readonly sweeps: CompiledSweeps
  readonly scratch: number
}

export class Batch {
  status: ReplayStatus = OK
  /** Set while the program's batch unit runs compiled: it replaces the interpreter's forward and reverse. */
  compiled: CompiledBatch | null = null
  /** The batch region: V, G, the chunk's points and its gathered results, for `capacity` lanes. */
  private region = 0
  private capacity = 0

  constructor(
    private readonly instance: SweepInstance,
    private readonly layout: TapeLayout,
    private readonly regions: Regions,
    /** The program's status checker, built on first use. */
    private readonly checker: () => StatusChecker,
    private readonly inputs: number,
    private readonly outputs: number,
  ) {}

  /** Outputs at k points into `out` (k×m, row-major). */
  evaluate(X: ArrayLike<number>, k: number, out: Float64Array): void {
    const m = this.outputs
    this.check(X, k)
    checkLength('evaluateBatch output', out, k * m)
    this.chunks(X, k, false, (s, c, V, stride, w) => {
      const { f64 } = this.instance.heap.views()
      this.call('gather', () => this.instance.sweeps.gather(V, stride, this.layout.outputs, m, c, w))
      out.set(f64.subarray(w >>> 3, (w >>> 3) + c * m), s * m)
    })
  }

  /** Values (k) and gradients (k×n, row-major) at k points of a one-output tape. */
  gradient(X: ArrayLike<number>, k: number, value: Float64Array, gradient: Float64Array): void {
    const { n, op, a, b, inputs, outputs } = this.layout
    const ni = this.inputs
    this.check(X, k)
    checkLength('gradientBatch values', value, k)
    checkLength('gradientBatch gradients', gradient, k * ni)
    this.chunks(X, k, true, (s, c, V, stride, w) => {
      const { f64, i32 } = this.instance.heap.views()
      const G = V + 8 * n * stride
      const seed = (G >>> 3) + i32[outputs >>> 2] * stride
      if (this.compiled === null) {
        f64.fill(1, seed, seed + stride)
        this.call('reverse', () => this.instance.sweeps.reverseBatch(n, op, a, b, V, G, stride))
      }
      this.call('gather', () => this.instance.sweeps.gather(G, stride, inputs, ni, c, w))
      gradient.set(f64.subarray(w >>> 3, (w >>> 3) + c * ni), s * ni)
      const row = (V >>> 3) + i32[outputs >>> 2] * stride
      value.set(f64.subarray(row, row + c), s)
    })
  }

  /** k and the points, worded as the JS backend words them. */
  check(X: ArrayLike<number>, k: number): void {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`batch: k must be a whole number, got ${k}`)
    checkLength('batch points', X, k * this.inputs)
  }

  /**
   * Forward sweep over chunks of the k points of row-major X, calling `each`
   * with the chunk's first point s, its size c, its values V (stride lanes a
   * row; zeroed adjoint rows follow when `adjoints`) and a scratch area w for
   * gathered results.
   */
  private chunks(
    X: ArrayLike<number>,
    k: number,
    adjoints: boolean,
    each: (s: number, c: number, V: number, stride: number, w: number) => void,
  ): void {
    const ni = this.inputs
    const { n, op, a, b, v, inputs } = this.layout
    const chunk = Math.min(chunkPoints(n), k + (k & 1))
    let retrace: ReplayStatus | null = null
    let kink: ReplayStatus | null = null
    for (let s = 0; s < k; s += chunk) {
      const c = Math.min(chunk, k - s)
      const stride = c + (c & 1)
      this.reserve(chunk)
      const V = this.region
      const x = V + 16 * n * this.capacity
      const w = x + 8 * ni * this.capacity
      const { f64 } = this.instance.heap.views()
      if (X instanceof Float64Array) f64.set(X.subarray(s * ni, (s + c) * ni), x >>> 3)
      else for (let j = 0; j < c * ni; j++) f64[(x >>> 3) + j] = X[s * ni + j]
      this.call('scatter', () => this.instance.sweeps.scatter(x, c, ni, inputs, V, stride))
      const G = adjoints ? V + 8 * n * stride : 0
      const compiled = this.compiled
      if (compiled === null) {
        this.call('forward', () => this.instance.sweeps.forwardBatch(n, op, a, b, v, V, G, stride))
      } else {
        // Forward and, for a gradient, reverse in one call: the status needs only the values, which are the same.
        const { sweeps, scratch } = compiled
        if (adjoints) this.call('compiled gradient', () => sweeps.gradientBatch!(V, G, stride, scratch))
        else this.call('compiled forward', () => sweeps.forwardBatch!(V, G, stride, scratch))
      }
      const checker = this.checker()
      if (!checker.trivial && retrace === null) {
        const st = checker.check(f64.subarray(V >>> 3, (V >>> 3) + n * stride), stride)
        if (st.kind === 'retrace') retrace = { ...st, point: st.point + s }
        else if (st.kind === 'kink' && kink === null) kink = { ...st, point: st.point + s }
      }
      each(s, c, V, stride, w)
    }
    this.status = retrace ?? kink ?? OK
  }

  /** Ensures the batch region holds `lanes` lanes (even); reused across calls, freed with the program. */
  private reserve(lanes: number): void {
    if (lanes <= this.capacity) return
    if (this.region !== 0) {
      this.instance.heap.free(this.region)
      this.regions.delete(this.region)
      this.region = 0
      this.capacity = 0
    }
    const { n } = this.layout
    const bytes = 8 * lanes * (2 * n + this.inputs + Math.max(this.inputs, this.outputs))
    this.region = this.instance.heap.alloc(bytes, `a batch of ${lanes} points over a tape of ${n} nodes`)
    this.regions.add(this.region)
    this.capacity = lanes
  }

  private call(sweep: string, run: () => void): void {
    try {
      run()
    } catch (e) {
      throw sweepFailed(`batched ${sweep}`, e)
    }
  }
}
