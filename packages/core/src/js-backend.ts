// The JS backend: a loaded tape plus the work arrays its sweeps reuse.

import {
  type Backend,
  type BatchGradientResult,
  checkLength,
  defaultVariables,
  type GradientResult,
  type HessianResult,
  type HvpResult,
  type JacobianResult,
  type JvpResult,
  OK,
  type Program,
  type ReplayStatus,
  requireScalar,
  type VjpResult,
} from './backend.js'
import { StatusChecker } from './status.js'
import { forward, forwardBatch, reverse, reverseBatch, reverseTangent, tangent } from './sweeps.js'
import { type TapeData, validateTape } from './tape.js'

class JsProgram implements Program {
  readonly backend = 'js' as const
  readonly inputs: number
  readonly outputs: number
  readonly size: number
  status: ReplayStatus = OK
  private readonly checker: StatusChecker
  /** Values, with constants preset; inputs are written by each sweep. */
  private readonly v: Float64Array
  private readonly g: Float64Array
  private t: Float64Array | null = null
  private gt: Float64Array | null = null

  constructor(
    readonly tape: TapeData,
    readonly variables: readonly string[],
  ) {
    validateTape(tape)
    this.inputs = tape.inputs.length
    this.outputs = tape.outputs.length
    this.size = tape.op.length
    this.checker = new StatusChecker(tape)
    this.v = tape.val.slice()
    this.g = new Float64Array(this.size)
  }

  private run(x: ArrayLike<number>): void {
    checkLength('point', x, this.inputs)
    const { inputs } = this.tape
    for (let j = 0; j < inputs.length; j++) this.v[inputs[j]] = x[j]
    forward(this.tape, this.v)
    this.status = this.checker.trivial ? OK : this.checker.check(this.v)
  }

  private outputValues(): Float64Array {
    const out = new Float64Array(this.outputs)
    for (let j = 0; j < out.length; j++) out[j] = this.v[this.tape.outputs[j]]
    return out
  }

  /** Reverse sweep from output weights w; returns the input adjoints. */
  private pullback(w: ArrayLike<number>): Float64Array {
    const { g, tape } = this
    g.fill(0)
    for (let j = 0; j < tape.outputs.length; j++) g[tape.outputs[j]] += w[j]
    reverse(tape, this.v, g)
    return this.gather(g)
  }

  private gather(arr: Float64Array): Float64Array {
    const r = new Float64Array(this.inputs)
    for (let j = 0; j < r.length; j++) r[j] = arr[this.tape.inputs[j]]
    return r
  }

  private tangents(dir: ArrayLike<number>): Float64Array {
    this.t ??= new Float64Array(this.size)
    const { t, tape } = this
    t.fill(0)
    for (let j = 0; j < tape.inputs.length; j++) t[tape.inputs[j]] = dir[j]
    tangent(tape, this.v, t)
    return t
  }

  evaluate(x: ArrayLike<number>): Float64Array {
    this.run(x)
    return this.outputValues()
  }

  gradient(x: ArrayLike<number>): GradientResult {
    requireScalar(this, 'gradient')
    this.run(x)
    return { value: this.v[this.tape.outputs[0]], gradient: this.pullback([1]) }
  }

  vjp(x: ArrayLike<number>, w: ArrayLike<number>): VjpResult {
    checkLength('vjp weights', w, this.outputs)
    this.run(x)
    return { value: this.outputValues(), vjp: this.pullback(w) }
  }

  jvp(x: ArrayLike<number>, dir: ArrayLike<number>): JvpResult {
    checkLength('jvp direction', dir, this.inputs)
    this.run(x)
    const t = this.tangents(dir)
    const out = new Float64Array(this.outputs)
    for (let j = 0; j < out.length; j++) out[j] = t[this.tape.outputs[j]]
    return { value: this.outputValues(), jvp: out }
  }

  hvp(x: ArrayLike<number>, dir: ArrayLike<number>): HvpResult {
    requireScalar(this, 'hvp')
    checkLength('hvp direction', dir, this.inputs)
    this.run(x)
    const [gradient, hvp] = this.secondOrder(dir)
    return { value: this.v[this.tape.outputs[0]], gradient, hvp }
  }

  /** Forward-over-reverse at the current values: gradient and Hessian-vector product. */
  private secondOrder(dir: ArrayLike<number>): [Float64Array, Float64Array] {
    const t = this.tangents(dir)
    this.gt ??= new Float64Array(this.size)
    const { g, gt, tape } = this
    g.fill(0)
    gt.fill(0)
    g[tape.outputs[0]] = 1
    reverseTangent(tape, this.v, t, g, gt)
    return [this.gather(g), this.gather(gt)]
  }

  jacobian(x: ArrayLike<number>): JacobianResult {
    this.run(x)
    const { inputs: n, outputs: m } = this
    const rows = Array.from({ length: m }, () => new Float64Array(n))
    if (m <= n) {
      // One reverse sweep per output row.
      const w = new Float64Array(m)
      for (let r = 0; r < m; r++) {
        w.fill(0)
        w[r] = 1
        rows[r].set(this.pullback(w))
      }
    } else {
      // One tangent sweep per input column.
      const dir = new Float64Array(n)
      for (let c = 0; c < n; c++) {
        dir.fill(0)
        dir[c] = 1
        const t = this.tangents(dir)
        for (let r = 0; r < m; r++) rows[r][c] = t[this.tape.outputs[r]]
      }
    }
    return { value: this.outputValues(), jacobian: rows }
  }

  hessian(x: ArrayLike<number>): HessianResult {
    requireScalar(this, 'hessian')
    this.run(x)
    const n = this.inputs
    const rows: Float64Array[] = []
    let gradient: Float64Array = new Float64Array(n)
    const dir = new Float64Array(n)
    for (let c = 0; c < n; c++) {
      dir.fill(0)
      dir[c] = 1
      const [g, col] = this.secondOrder(dir)
      gradient = g
      rows.push(col)
    }
    if (n === 0) gradient = this.pullback([1])
    return { value: this.v[this.tape.outputs[0]], gradient, hessian: rows }
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
