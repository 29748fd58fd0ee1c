// The origin text's running example, f(x) = x² + x = add(mul(x, x), x), in
// every form the latency workload times. f′(x) = 2x + 1, so f′(2) = 5.
import type { Var } from '@chainrule/core'
import { tf } from '../peers/tfjs.js'
import { Value } from '../value-graph.js'

export const squarePlus = (x: number): number => x * x + x

export const squarePlusDerivative = (x: number): number => 2 * x + 1

/** The floor at x: imported fresh by the latency workload (fresh.ts), like the other floors. */
export const squarePlusFloor = (x: number) => () => squarePlusDerivative(x)

export const squarePlusVar = (x: Var): Var => x.mul(x).add(x)

export function squarePlusValue(x: number): number {
  const v = new Value(x)
  v.mul(v).add(v).backward()
  return v.grad
}

/** tf.grad of x·x + x; each call moves the scalar in and the derivative out, as a caller must. */
export function squarePlusTf(): (x: number) => number {
  const g = tf.grad((x: tf.Tensor) => x.mul(x).add(x))
  return (x) => tf.tidy(() => g(tf.scalar(x)).dataSync()[0])
}
