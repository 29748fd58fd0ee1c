// Composites: built from primitives, so they need no row in the op table and
// no case in any sweep; their derivatives follow from the chain rule.

import { type Operand, ops, Var } from './var.js'

const { add, sub, mul, div, neg, min, max, relu, exp, log, square } = ops

export type Branch = Operand | (() => Operand)

/**
 * `c > 0 ? a : b`. When c is recorded, the choice is a guard: replaying where
 * it flips re-records. Pass the branches as functions, `where(x, () => x.sqrt(),
 * () => x.neg())`, and only the taken one is recorded: a branch computed
 * eagerly is on the tape with adjoint 0, and 0 · NaN (say sqrt′ at −1) is NaN,
 * which IEEE arithmetic carries into the gradient. (compile() does this for you.)
 */
export function where(c: Operand | boolean, a: Branch, b: Branch): Operand {
  const taken = typeof c === 'boolean' ? c : c instanceof Var ? c.gt(0) : c > 0
  const branch = taken ? a : b
  return typeof branch === 'function' ? branch() : branch
}

/** min(max(x, lo), hi). */
export function clamp(x: Operand, lo: Operand, hi: Operand): Operand {
  return min(max(x, lo), hi)
}

/** ln Σ eˣⁱ, shifted by the largest term so that no exponential overflows. */
export function logsumexp(xs: readonly Operand[]): Operand {
  if (xs.length === 0) return Number.NEGATIVE_INFINITY
  let m: Operand = xs[0]
  for (let i = 1; i < xs.length; i++) m = max(m, xs[i])
  let s: Operand = exp(sub(xs[0], m))
  for (let i = 1; i < xs.length; i++) s = add(s, exp(sub(xs[i], m)))
  return add(m, log(s))
}

/** x for x > 0, αx otherwise (α = 0.01 by default); slope 0 exactly at 0, as relu. */
export function leakyRelu(x: Operand, alpha: Operand = 0.01): Operand {
  return sub(relu(x), mul(alpha, relu(neg(x))))
}

/** Mean squared error of two equal-length lists. */
export function mse(predicted: readonly Operand[], target: readonly Operand[]): Operand {
  if (predicted.length !== target.length) throw new RangeError('mse: lists differ in length')
  if (predicted.length === 0) return Number.NaN
  let s: Operand = square(sub(predicted[0], target[0]))
  for (let i = 1; i < predicted.length; i++) s = add(s, square(sub(predicted[i], target[i])))
  return div(s, predicted.length)
}
