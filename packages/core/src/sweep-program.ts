// What every backend's Program builds from its sweeps: vjp, jvp, hvp, the
// Jacobian and the Hessian are compositions of the same few sweeps, so they
// are written once here. A backend supplies the sweeps themselves (where the
// values live and how a sweep runs) and its batched versions.

import {
  type BatchGradientResult,
  checkInto,
  checkLength,
  type GradientResult,
  type HessianResult,
  type HvpResult,
  type IntoOptions,
  type JacobianResult,
  type JvpResult,
  type Program,
  type ReplayStatus,
  requireScalar,
  type VjpResult,
} from './backend.js'
import type { TapeData } from './tape.js'

const SEED = [1]

export abstract class SweepProgram implements Program {
  abstract readonly backend: 'js' | 'wasm'
  abstract readonly status: ReplayStatus
  /** A backend with compiled code says so; the interpreter's answer is false. */
  get compiled(): boolean {
    return false
  }
  readonly inputs: number
  readonly outputs: number
  readonly size: number

  constructor(
    readonly tape: TapeData,
    readonly variables: readonly string[],
  ) {
    this.inputs = tape.inputs.length
    this.outputs = tape.outputs.length
    this.size = tape.op.length
  }

  /** Forward sweep at x (length already checked): every value, then the status. */
  protected abstract run(x: ArrayLike<number>): void
  /** The outputs' values after run(). */
  protected abstract outputValues(): Float64Array
  /** Reverse sweep seeded with output weights w; the inputs' adjoints (in `into` when given). */
  protected abstract pullback(w: ArrayLike<number>, into?: Float64Array): Float64Array
  /** Tangent sweep in direction dir after run(); the outputs' tangents. */
  protected abstract pushforward(dir: ArrayLike<number>): Float64Array
  /** Forward over reverse in direction dir after run(): the gradient and Hv of output 0. */
  protected abstract secondOrder(dir: ArrayLike<number>): [Float64Array, Float64Array]
  abstract evaluateBatch(X: ArrayLike<number>, k: number): Float64Array
  abstract gradientBatch(X: ArrayLike<number>, k: number, options?: IntoOptions): BatchGradientResult
  abstract nodeValues(): Float64Array
  abstract nodeAdjoints(): Float64Array
  abstract dispose(): void

  private at(x: ArrayLike<number>): void {
    checkLength('point', x, this.inputs)
    this.run(x)
  }

  evaluate(x: ArrayLike<number>): Float64Array {
    this.at(x)
    return this.outputValues()
  }

  gradient(x: ArrayLike<number>, options?: IntoOptions): GradientResult {
    requireScalar(this, 'gradient')
    const into = checkInto('gradient', options, this.inputs)
    this.at(x)
    return { value: this.outputValues()[0], gradient: this.pullback(SEED, into) }
  }

  vjp(x: ArrayLike<number>, w: ArrayLike<number>, options?: IntoOptions): VjpResult {
    checkLength('vjp weights', w, this.outputs)
    const into = checkInto('vjp', options, this.inputs)
    this.at(x)
    return { value: this.outputValues(), vjp: this.pullback(w, into) }
  }

  jvp(x: ArrayLike<number>, dir: ArrayLike<number>): JvpResult {
    checkLength('jvp direction', dir, this.inputs)
    this.at(x)
    return { value: this.outputValues(), jvp: this.pushforward(dir) }
  }

  hvp(x: ArrayLike<number>, dir: ArrayLike<number>): HvpResult {
    requireScalar(this, 'hvp')
    checkLength('hvp direction', dir, this.inputs)
    this.at(x)
    const [gradient, hvp] = this.secondOrder(dir)
    return { value: this.outputValues()[0], gradient, hvp }
  }

  jacobian(x: ArrayLike<number>): JacobianResult {
    this.at(x)
    const { inputs: n, outputs: m } = this
    const rows = Array.from({ length: m }, () => new Float64Array(n))
    const unit = new Float64Array(Math.max(m, n))
    if (m <= n) {
      // One reverse sweep per output row.
      for (let r = 0; r < m; r++) {
        unit.fill(0)
        unit[r] = 1
        rows[r].set(this.pullback(unit.subarray(0, m)))
      }
    } else {
      // One tangent sweep per input column.
      for (let c = 0; c < n; c++) {
        unit.fill(0)
        unit[c] = 1
        const col = this.pushforward(unit.subarray(0, n))
        for (let r = 0; r < m; r++) rows[r][c] = col[r]
      }
    }
    return { value: this.outputValues(), jacobian: rows }
  }

  hessian(x: ArrayLike<number>): HessianResult {
    requireScalar(this, 'hessian')
    this.at(x)
    const n = this.inputs
    const rows: Float64Array[] = []
    let gradient: Float64Array | null = null
    const unit = new Float64Array(n)
    // One forward-over-reverse sweep per column; every sweep also yields the gradient.
    for (let c = 0; c < n; c++) {
      unit.fill(0)
      unit[c] = 1
      const [g, col] = this.secondOrder(unit)
      gradient = g
      rows.push(col)
    }
    return { value: this.outputValues()[0], gradient: gradient ?? this.pullback(SEED), hessian: rows }
  }
}
