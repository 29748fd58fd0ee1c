// The JS backend: a loaded tape plus the work arrays its sweeps reuse.

import {
  type Backend,
  type BatchGradientResult,
  checkLength,
  defaultVariables,
  OK,
  type ReplayStatus,
  requireScalar,
} from './backend.js'
import { StatusChecker } from './status.js'
import { SweepProgram } from './sweep-program.js'
import { forward, forwardBatch, reverse, reverseBatch, reverseTangent, tangent } from './sweeps.js'
import { type TapeData, validateTape } from './tape.js'

class JsProgram extends SweepProgram {
  readonly backend = 'js' as const
  status: ReplayStatus = OK
  private readonly checker: StatusChecker
  /** Values, with constants preset; inputs are written by each sweep. */
  private readonly v: Float64Array
  private readonly g: Float64Array
  private t: Float64Array | null = null
  private gt: Float64Array | null = null

  constructor(tape: TapeData, variables: readonly string[]) {
    validateTape(tape)
    super(tape, variables)
    this.checker = new StatusChecker(tape)
    this.v = tape.val.slice()
    this.g = new Float64Array(this.size)
  }

  protected run(x: ArrayLike<number>): void {
    const { inputs } = this.tape
    for (let j = 0; j < inputs.length; j++) this.v[inputs[j]] = x[j]
    forward(this.tape, this.v)
    this.status = this.checker.trivial ? OK : this.checker.check(this.v)
  }

  private pick(arr: Float64Array, nodes: Int32Array): Float64Array {
    const out = new Float64Array(nodes.length)
    for (let j = 0; j < out.length; j++) out[j] = arr[nodes[j]]
    return out
  }

  protected outputValues(): Float64Array {
    return this.pick(this.v, this.tape.outputs)
  }

  protected pullback(w: ArrayLike<number>): Float64Array {
    const { g, tape } = this
    g.fill(0)
    for (let j = 0; j < tape.outputs.length; j++) g[tape.outputs[j]] += w[j]
    reverse(tape, this.v, g)
    return this.pick(g, tape.inputs)
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

  /** Node-major values at k points: constants broadcast, inputs scattered from row-major X. */
  private runBatch(X: ArrayLike<number>, k: number): Float64Array {
    const n = this.inputs
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`batch: k must be a whole number, got ${k}`)
    checkLength('batch points', X, k * n)
    const { tape } = this
    const V = new Float64Array(this.size * k)
    for (let i = 0; i < this.size; i++) if (tape.op[i] === 1) V.fill(tape.val[i], i * k, i * k + k)
    for (let j = 0; j < n; j++) {
      const base = tape.inputs[j] * k
      for (let p = 0; p < k; p++) V[base + p] = X[p * n + j]
    }
    forwardBatch(tape, V, k)
    this.status = this.checker.trivial ? OK : this.checker.check(V, k)
    return V
  }

  evaluateBatch(X: ArrayLike<number>, k: number): Float64Array {
    const V = this.runBatch(X, k)
    const m = this.outputs
    const out = new Float64Array(k * m)
    for (let r = 0; r < m; r++) {
      const base = this.tape.outputs[r] * k
      for (let p = 0; p < k; p++) out[p * m + r] = V[base + p]
    }
    return out
  }

  gradientBatch(X: ArrayLike<number>, k: number): BatchGradientResult {
    requireScalar(this, 'gradientBatch')
    const V = this.runBatch(X, k)
    const { tape, inputs: n } = this
    const G = new Float64Array(V.length)
    const out = tape.outputs[0] * k
    for (let p = 0; p < k; p++) G[out + p] += 1
    reverseBatch(tape, V, G, k)
    const gradient = new Float64Array(k * n)
    for (let j = 0; j < n; j++) {
      const base = tape.inputs[j] * k
      for (let p = 0; p < k; p++) gradient[p * n + j] = G[base + p]
    }
    return { value: V.slice(out, out + k), gradient }
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
  load: (tape, variables) => new JsProgram(tape, variables ?? defaultVariables(tape.inputs.length)),
}
