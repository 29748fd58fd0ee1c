// The throughput workload's function of 10 variables, with transcendental
// ops (sin, exp, log1p, tanh), in every form the batch workload times:
//   f(x) = Σᵢ sin(xᵢ)·exp(−x²ᵢ₊₁/2) + log(1 + Σᵢ x²ᵢ) + tanh(x₀x₉),  i + 1 taken mod 10.
import type { Var } from '@chainrule/core'
import { compute, f32, tf } from '../peers/tfjs.js'

export const TEN = 10

export function tenVar(x: ArrayLike<number>, o = 0): number {
  let s = 0
  let sq = 0
  for (let i = 0; i < TEN; i++) {
    const next = x[o + ((i + 1) % TEN)]
    s += Math.sin(x[o + i]) * Math.exp(-0.5 * next * next)
    sq += x[o + i] * x[o + i]
  }
  return s + Math.log1p(sq) + Math.tanh(x[o] * x[o + 9])
}

/** The hand-written gradient of the point at offset o, into g at the same offset. */
export function tenVarGradient(x: ArrayLike<number>, g: Float64Array, o = 0): void {
  let sq = 0
  for (let i = 0; i < TEN; i++) sq += x[o + i] * x[o + i]
  const h = Math.tanh(x[o] * x[o + 9])
  for (let i = 0; i < TEN; i++) g[o + i] = (2 * x[o + i]) / (1 + sq)
  for (let i = 0; i < TEN; i++) {
    const j = (i + 1) % TEN
    const e = Math.exp(-0.5 * x[o + j] * x[o + j])
    g[o + i] += Math.cos(x[o + i]) * e
    g[o + j] -= Math.sin(x[o + i]) * e * x[o + j]
  }
  g[o] += (1 - h * h) * x[o + 9]
  g[o + 9] += (1 - h * h) * x[o]
}

/** The floors over k points of X, back to back: imported fresh by the batch workload (fresh.ts), like Rosenbrock's. */
export function tenVarFloors(X: Float64Array, k: number) {
  const G = new Float64Array(k * TEN)
  return {
    primal: () => {
      let s = 0
      for (let p = 0; p < k; p++) s += tenVar(X, p * TEN)
      return s
    },
    gradient: () => {
      for (let p = 0; p < k; p++) tenVarGradient(X, G, p * TEN)
      return G
    },
  }
}

export function tenVarVars(...x: Var[]): Var {
  const squares = x.map((xi) => xi.square())
  let s = x[0].sin().mul(squares[1].mul(-0.5).exp())
  let sq = squares[0]
  for (let i = 1; i < TEN; i++) {
    s = s.add(x[i].sin().mul(squares[(i + 1) % TEN].mul(-0.5).exp()))
    sq = sq.add(squares[i])
  }
  return s.add(sq.log1p()).add(x[0].mul(x[9]).tanh())
}

/** TensorFlow.js over the whole k×10 batch at once; rows are independent, so ∇ of the sum is each row's gradient. */
export function tenVarTf(k: number): (X: Float64Array) => Float64Array {
  const f = (X: tf.Tensor) => {
    const e = X.square().mul(-0.5).exp()
    const next = tf.concat([e.slice([0, 1], [k, TEN - 1]), e.slice([0, 0], [k, 1])], 1)
    const s = X.sin().mul(next).sum(1)
    const l = X.square().sum(1).log1p()
    const h = X.slice([0, 0], [k, 1])
      .mul(X.slice([0, TEN - 1], [k, 1]))
      .tanh()
      .reshape([k])
    return s.add(l).add(h).sum()
  }
  const g = tf.grad(f)
  return (X) => compute(() => g(tf.tensor2d(f32(X), [k, TEN])))
}
