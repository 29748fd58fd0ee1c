// GradBench's `gmm` eval: `objective` (the log posterior, plain JS) and
// `jacobian` (its gradient through chainrule), with inputs d, k, n, x, m,
// gamma and the independent variables alpha, mu, q, l.
import { type GmmData, gmmObjective, gmmVars, lowerSize } from './gmm-objective.js'
import { int, type Module, matrix, num, tapeGradient, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

export interface GmmInput {
  readonly data: GmmData
  /** α, μ, q, L flattened (gmm-objective.ts's order). */
  readonly params: Float64Array
}

export function parseGmm(input: unknown): GmmInput {
  const d = int(input, 'd')
  const k = int(input, 'k')
  const n = int(input, 'n')
  const data = { d, k, n, x: matrix(input, 'x', n, d), m: num(input, 'm'), gamma: num(input, 'gamma') }
  const parts = [vector(input, 'alpha', k), matrix(input, 'mu', k, d), matrix(input, 'q', k, d)]
  parts.push(matrix(input, 'l', k, lowerSize(d)))
  const params = new Float64Array(parts.reduce((s, v) => s + v.length, 0))
  let o = 0
  for (const v of parts) {
    params.set(v, o)
    o += v.length
  }
  return { data, params }
}

const rows = (v: Float64Array, k: number, cols: number) =>
  Array.from({ length: k }, (_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols)))

/** The flat gradient as GradBench's `Independent`: { alpha, mu, q, l }. */
export function independent({ d, k }: GmmData, g: Float64Array) {
  const ls = lowerSize(d)
  return {
    alpha: Array.from(g.subarray(0, k)),
    mu: rows(g.subarray(k, k + k * d), k, d),
    q: rows(g.subarray(k + k * d, k + 2 * k * d), k, d),
    l: rows(g.subarray(k + 2 * k * d), k, ls),
  }
}

export const gmm: Module = {
  objective: (input) => {
    const { data, params } = parseGmm(input)
    return repeat(runsOf(input), () => gmmObjective(data, params))
  },
  jacobian: (input, api) => {
    const { data, params } = parseGmm(input)
    const r = tapeGradient(input, () => api.trace(gmmVars(data), params, { vector: true }), params)
    return { ...r, output: independent(data, r.output) }
  },
}
