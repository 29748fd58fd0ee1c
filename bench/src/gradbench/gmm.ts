// GradBench's `gmm` eval: `objective` (the log posterior, plain JS) and
// `jacobian` (its gradient through chainrule), with inputs d, k, n, x, m,
// gamma and the independent variables alpha, mu, q, l.
//
// The log-likelihood is a sum over the n data points of one function of the
// parameters and the point, so `jacobian` records that function once as a tape
// over [parameters, point] and sweeps its gradient at each point, summing the
// parameters' part; the objective's other terms (−n·logsumexp(α), the prior)
// are a second, small tape. Memory is then one point's tape, not n of them
// (at d = 64, K = 100: ~4·10⁵ nodes instead of ~4·10⁸).
import {
  type GmmData,
  gmmObjective,
  gmmPointVars,
  gmmRestVars,
  lowerSize,
  paramCount,
} from './gmm-objective.js'
import { int, type Module, matrix, num, type ToolApi, vector } from './module.js'
import { once, repeat, runsOf, type Timing } from './runs.js'

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

interface Swept {
  readonly size: number
  gradient(x: ArrayLike<number>): { gradient: Float64Array }
  dispose(): void
}

/** The two tapes of the objective: one data point's term (replayed at every point) and the rest. */
export function gmmTapes(api: ToolApi, data: GmmData, params: Float64Array): { point: Swept; rest: Swept } {
  const z = new Float64Array(params.length + data.d)
  z.set(params)
  // Recorded at the first point (any point would do: the term has no branch).
  z.set(data.x.subarray(0, data.d), params.length)
  const point = api.trace(gmmPointVars(data), z, { vector: true })
  try {
    return { point, rest: api.trace(gmmRestVars(data), params, { vector: true }) }
  } catch (e) {
    point.dispose()
    throw e
  }
}

/** The objective's gradient: the rest tape's, plus the point tape's parameter part at each of the n points. */
export function gmmGradient(
  { d, n, x }: GmmData,
  params: Float64Array,
  { point, rest }: { point: Swept; rest: Swept },
): Float64Array {
  const count = params.length
  const g = rest.gradient(params).gradient
  const z = new Float64Array(count + d)
  z.set(params)
  for (let i = 0; i < n; i++) {
    z.set(x.subarray(i * d, i * d + d), count)
    const gi = point.gradient(z).gradient
    for (let j = 0; j < count; j++) g[j] += gi[j]
  }
  return g
}

export const gmm: Module = {
  objective: (input) => {
    const { data, params } = parseGmm(input)
    return repeat(runsOf(input), () => gmmObjective(data, params))
  },
  jacobian: (input, api) => {
    const { data, params } = parseGmm(input)
    const recorded = once('record', () => gmmTapes(api, data, params))
    const tapes = recorded.result
    try {
      const r = repeat(runsOf(input), () => gmmGradient(data, params, tapes))
      const { point, rest } = tapes
      return {
        output: independent(data, r.output),
        timings: [recorded.timing, ...r.timings] as Timing[],
        nodes: point.size + rest.size,
        note: `tape nodes: one data point's term, ${point.size} nodes (inputs: ${paramCount(data)} parameters + ${data.d} coordinates), swept at each of the ${data.n} points, + the other terms, ${rest.size} nodes`,
      }
    } finally {
      tapes.point.dispose()
      tapes.rest.dispose()
    }
  },
}
