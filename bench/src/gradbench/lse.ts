// GradBench's `lse` eval: LSE(x) = max x + log Σ exp(xᵢ − max x), and its
// gradient (the softmax of x). The primal is plain JS; the gradient is taken
// through chainrule's logsumexp, which is built from primitives (a chain of
// max, then sub, exp, add, log), as the eval asks, not a hand-written rule.
import { logsumexp, type Var } from '@chainrule/core'
import { type Module, tapeGradient, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

export function lsePrimal(x: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i]
  let s = 0
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m)
  return m + Math.log(s)
}

export const lseVars = (x: Var[]) => logsumexp(x)

export const lse: Module = {
  primal: (input) => {
    const x = vector(input, 'x')
    return repeat(runsOf(input), () => lsePrimal(x))
  },
  gradient: (input, api) => {
    const x = vector(input, 'x')
    const r = tapeGradient(input, () => api.trace(lseVars, x, { vector: true }), x)
    return { ...r, output: Array.from(r.output) }
  },
}
