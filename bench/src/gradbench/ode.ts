// GradBench's `ode` eval (cmpad's an_ode): y(0) = 0 and y₀' = x₀,
// yᵢ' = xᵢ·yᵢ₋₁ (i > 0), integrated to t = 2 by s classical Runge–Kutta
// steps. `primal` is y(2); `gradient` the gradient of its last element with
// respect to x, taken through chainrule over the whole loop (about 17 nodes
// per element and step).
import type { Operand, Var } from '@chainrule/core'
import { InputError, int, type Module, tapeGradient, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

export function odePrimal(x: Float64Array, s: number): Float64Array {
  const n = x.length
  const h = 2 / s
  const y = new Float64Array(n)
  const k = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  const tmp = new Float64Array(n)
  const slope = (from: Float64Array, out: Float64Array) => {
    out[0] = x[0]
    for (let i = 1; i < n; i++) out[i] = x[i] * from[i - 1]
  }
  for (let step = 0; step < s; step++) {
    slope(y, k[0])
    for (let i = 0; i < n; i++) tmp[i] = y[i] + (h / 2) * k[0][i]
    slope(tmp, k[1])
    for (let i = 0; i < n; i++) tmp[i] = y[i] + (h / 2) * k[1][i]
    slope(tmp, k[2])
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k[2][i]
    slope(tmp, k[3])
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k[0][i] + 2 * k[1][i] + 2 * k[2][i] + k[3][i])
  }
  return y
}

/** The last element of y(2), over Vars; y starts as numbers (zeros) and becomes Vars. */
export function odeLastVars(s: number): (x: Var[]) => Operand {
  return (x) => {
    const n = x.length
    const h = 2 / s
    const slope = (from: readonly Operand[]): Operand[] =>
      from.map((_, i) => (i === 0 ? x[0] : x[i].mul(from[i - 1])))
    const shift = (y: readonly Operand[], c: number, k: readonly Operand[]) =>
      y.map((yi, i) =>
        typeof yi === 'number' && yi === 0 ? (k[i] as Var).mul(c) : (k[i] as Var).mul(c).add(yi),
      )
    let y: Operand[] = new Array<Operand>(n).fill(0)
    for (let step = 0; step < s; step++) {
      const k1 = slope(y)
      const k2 = slope(shift(y, h / 2, k1))
      const k3 = slope(shift(y, h / 2, k2))
      const k4 = slope(shift(y, h, k3))
      y = y.map((yi, i) => {
        const d = (k2[i] as Var)
          .mul(2)
          .add(k1[i])
          .add((k3[i] as Var).mul(2))
          .add(k4[i])
          .mul(h / 6)
        return typeof yi === 'number' && yi === 0 ? d : d.add(yi)
      })
    }
    return y[n - 1]
  }
}

function steps(input: unknown): number {
  const s = int(input, 's')
  if (s < 1) throw new InputError('input.s must be at least 1')
  return s
}

export const ode: Module = {
  primal: (input) => {
    const x = vector(input, 'x')
    const s = steps(input)
    const r = repeat(runsOf(input), () => odePrimal(x, s))
    return { ...r, output: Array.from(r.output) }
  },
  gradient: (input, api) => {
    const x = vector(input, 'x')
    const s = steps(input)
    const r = tapeGradient(input, () => api.trace(odeLastVars(s), x, { vector: true }), x)
    return { ...r, output: Array.from(r.output) }
  },
}
