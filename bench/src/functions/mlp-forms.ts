// The MLP loss of mlp.ts as chainrule Vars, as micrograd's closure-per-node
// graph, and as TensorFlow.js layers of matrices, all in mlp.ts's parameter order.
import type { Operand, Var } from '@chainrule/core'
import { f32, read, tf } from '../peers/tfjs.js'
import { Value } from '../value-graph.js'
import { ALPHA, LAYERS } from './mlp.js'
import type { Dataset } from './moons.js'

/** The loss as a function of the 337 parameters; the data are constants of the tape. */
export function mlpVars(data: Dataset): (...p: Var[]) => Var {
  return (...p) => {
    let loss: Operand = 0
    for (let k = 0; k < data.n; k++) {
      let a: Operand[] = [data.x[2 * k], data.x[2 * k + 1]]
      let o = 0
      for (let l = 1; l < LAYERS.length; l++) {
        const next: Operand[] = []
        for (let j = 0; j < LAYERS[l]; j++) {
          let z: Var = p[o + a.length]
          for (let i = 0; i < a.length; i++) z = z.add(p[o + i].mul(a[i]))
          next.push(l === LAYERS.length - 1 ? z : z.tanh())
          o += a.length + 1
        }
        a = next
      }
      const margin = (a[0] as Var).mul(-data.y[k]).add(1).relu()
      loss = k === 0 ? margin : margin.add(loss)
    }
    let reg = p[0].square()
    for (let i = 1; i < p.length; i++) reg = reg.add(p[i].square())
    return (loss as Var).div(data.n).add(reg.mul(ALPHA))
  }
}

/**
 * micrograd's training step: persistent parameter Values, a fresh graph of
 * Values and closures per step, backward(), then p ← p − lr·∇.
 */
export class ValueMlp {
  readonly params: Value[]
  constructor(p: ArrayLike<number>) {
    this.params = Array.from(p, (v) => new Value(v))
  }

  /** Loss and gradient at the current parameters. */
  lossAndGradient(data: Dataset): { loss: number; gradient: Float64Array } {
    for (const p of this.params) p.grad = 0
    let loss = new Value(0)
    for (let k = 0; k < data.n; k++) {
      let a: Value[] = [new Value(data.x[2 * k]), new Value(data.x[2 * k + 1])]
      let o = 0
      for (let l = 1; l < LAYERS.length; l++) {
        const next: Value[] = []
        for (let j = 0; j < LAYERS[l]; j++) {
          let z = this.params[o + a.length]
          for (let i = 0; i < a.length; i++) z = z.add(this.params[o + i].mul(a[i]))
          next.push(l === LAYERS.length - 1 ? z : z.tanh())
          o += a.length + 1
        }
        a = next
      }
      loss = loss.add(a[0].mul(-data.y[k]).add(1).relu())
    }
    let reg = new Value(0)
    for (const p of this.params) reg = reg.add(p.mul(p))
    const total = loss.mul(1 / data.n).add(reg.mul(ALPHA))
    total.backward()
    return { loss: total.data, gradient: Float64Array.from(this.params, (p) => p.grad) }
  }

  step(data: Dataset, lr: number): number {
    const { loss } = this.lossAndGradient(data)
    for (const p of this.params) p.data -= lr * p.grad
    return loss
  }
}

/** TensorFlow.js: one weight matrix and bias per layer, the batch as one matrix, an SGD optimiser. */
export class TfMlp {
  private readonly vars: tf.Variable[] = []
  private readonly X: tf.Tensor2D
  private readonly Y: tf.Tensor1D
  private readonly optimizer: tf.SGDOptimizer

  constructor(
    p: ArrayLike<number>,
    private readonly data: Dataset,
    lr: number,
  ) {
    let o = 0
    for (let l = 1; l < LAYERS.length; l++) {
      const nin = LAYERS[l - 1]
      const nout = LAYERS[l]
      const W = new Float32Array(nin * nout)
      const b = new Float32Array(nout)
      for (let j = 0; j < nout; j++, o += nin + 1) {
        for (let i = 0; i < nin; i++) W[i * nout + j] = p[o + i]
        b[j] = p[o + nin]
      }
      this.vars.push(tf.variable(tf.tensor2d(W, [nin, nout])), tf.variable(tf.tensor1d(b)))
    }
    this.X = tf.tensor2d(f32(data.x), [data.n, 2])
    this.Y = tf.tensor1d(f32(data.y))
    this.optimizer = tf.train.sgd(lr)
  }

  private loss = (): tf.Scalar => {
    let a: tf.Tensor = this.X
    for (let l = 0; l < this.vars.length; l += 2) {
      a = a.matMul(this.vars[l]).add(this.vars[l + 1])
      if (l + 2 < this.vars.length) a = a.tanh()
    }
    const score = a.reshape([this.data.n])
    const dataLoss = tf.relu(tf.scalar(1).sub(this.Y.mul(score))).mean()
    const reg = tf.addN(this.vars.map((v) => v.square().sum()))
    return dataLoss.add(reg.mul(ALPHA)) as tf.Scalar
  }

  step(): number {
    const loss = this.optimizer.minimize(this.loss, true, this.vars)!
    const value = loss.dataSync()[0]
    loss.dispose()
    return value
  }

  /** ∇ in mlp.ts's parameter order. */
  gradient(): Float64Array {
    const { value, grads } = tf.variableGrads(this.loss, this.vars)
    const parts = this.vars.map((v) => read(grads[v.name]))
    tf.dispose([value, ...Object.values(grads)])
    const g: number[] = []
    for (let l = 0; l < parts.length; l += 2) {
      const [nin, nout] = this.vars[l].shape as [number, number]
      for (let j = 0; j < nout; j++) {
        for (let i = 0; i < nin; i++) g.push(parts[l][i * nout + j])
        g.push(parts[l + 1][j])
      }
    }
    return Float64Array.from(g)
  }

  dispose(): void {
    for (const v of this.vars) v.dispose()
    this.X.dispose()
    this.Y.dispose()
    this.optimizer.dispose()
  }
}
