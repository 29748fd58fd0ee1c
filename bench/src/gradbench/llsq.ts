// GradBench's `llsq` eval (cmpad's llsq_obj): with tᵢ = −1 + 2i/(n − 1) and
// sᵢ = sign(tᵢ), y(x) = ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)². Both forms evaluate the
// polynomial by Horner's rule, so the primal and the tape do the same
// arithmetic and their ratio compares like with like.
import { type Operand, sub, type Var } from '@chainrule/core'
import { int, type Module, tapeGradient, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

export const llsqT = (i: number, n: number) => -1 + (i * 2) / (n - 1)

export function llsqPrimal(x: Float64Array, n: number): number {
  const m = x.length
  let sum = 0
  for (let i = 0; i < n; i++) {
    const t = llsqT(i, n)
    let p = x[m - 1]
    for (let j = m - 2; j >= 0; j--) p = p * t + x[j]
    const r = Math.sign(t) - p
    sum += r * r
  }
  return sum / 2
}

export function llsqVars(n: number): (x: Var[]) => Operand {
  return (x) => {
    const m = x.length
    let sum: Operand = 0
    for (let i = 0; i < n; i++) {
      const t = llsqT(i, n)
      let p = x[m - 1]
      for (let j = m - 2; j >= 0; j--) p = p.mul(t).add(x[j])
      const r = sub(Math.sign(t), p).square()
      sum = i === 0 ? r : r.add(sum)
    }
    return typeof sum === 'number' ? sum : sum.mul(0.5)
  }
}

export const llsq: Module = {
  primal: (input) => {
    const x = vector(input, 'x')
    const n = int(input, 'n')
    return repeat(runsOf(input), () => llsqPrimal(x, n))
  },
  gradient: (input, api) => {
    const x = vector(input, 'x')
    const n = int(input, 'n')
    const r = tapeGradient(input, () => api.trace(llsqVars(n), x, { vector: true }), x)
    return { ...r, output: Array.from(r.output) }
  },
}
