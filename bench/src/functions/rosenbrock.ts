// Rosenbrock, f(x) = Σ 100(x[i+1] − x[i]²)² + (1 − x[i])², written five ways:
// plain JS (the floor), its hand-written gradient, as chainrule Vars, as the
// closure-per-node Value graph, and as TensorFlow.js tensors.
import type { Var } from '@chainrule/core'
import { compute, f32, tf } from '../peers/tfjs.js'
import { Value } from '../value-graph.js'

export function rosenbrock(x: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i]
    const b = 1 - x[i]
    s += 100 * a * a + b * b
  }
  return s
}

/** ∇f of the n numbers of x from offset o, into g at the same offset; returns f. */
export function rosenbrockGradient(x: ArrayLike<number>, g: Float64Array, o = 0, n = x.length - o): number {
  g.fill(0, o, o + n)
  let s = 0
  for (let i = o; i + 1 < o + n; i++) {
    const a = x[i + 1] - x[i] * x[i]
    const b = 1 - x[i]
    s += 100 * a * a + b * b
    g[i] += -400 * a * x[i] - 2 * b
    g[i + 1] += 200 * a
  }
  return s
}

/**
 * The floors, as closures over one point (or k points of n, back to back, for
 * the batch workload): a workload imports this module fresh (fresh.ts), so V8
 * compiles them for that point alone, called by nothing else.
 */
export function rosenbrockFloors(x: Float64Array, k = 1) {
  const n = x.length / k
  const g = new Float64Array(x.length)
  return {
    /** f over the whole of x (k = 1). */
    primal: () => rosenbrock(x),
    gradient: () => {
      for (let p = 0; p < k; p++) rosenbrockGradient(x, g, p * n, n)
      return g
    },
  }
}

export function rosenbrockVars(...x: Var[]): Var {
  let s = x[1].sub(x[0].square()).square().mul(100).add(x[0].neg().add(1).square())
  for (let i = 1; i + 1 < x.length; i++) {
    s = s.add(x[i + 1].sub(x[i].square()).square().mul(100)).add(x[i].neg().add(1).square())
  }
  return s
}

export function rosenbrockValues(x: ArrayLike<number>): number[] {
  const vs = Array.from(x, (v) => new Value(v))
  let s = new Value(0)
  for (let i = 0; i + 1 < vs.length; i++) {
    const a = vs[i + 1].sub(vs[i].mul(vs[i]))
    const b = new Value(1).sub(vs[i])
    s = s.add(a.mul(a).mul(100)).add(b.mul(b))
  }
  s.backward()
  return vs.map((v) => v.grad)
}

/**
 * TensorFlow.js, vectorised as its users write it: slices of one tensor, no
 * loop. Each call moves the point in and the gradient out (float32 both ways).
 */
export function rosenbrockTf(n: number): (x: Float64Array) => Float64Array {
  const f = (x: tf.Tensor1D) => {
    const head = x.slice(0, n - 1)
    const tail = x.slice(1, n - 1)
    return tail.sub(head.square()).square().mul(100).add(tf.scalar(1).sub(head).square()).sum()
  }
  const g = tf.grad(f as (x: tf.Tensor) => tf.Tensor)
  return (x) => compute(() => g(tf.tensor1d(f32(x))))
}
