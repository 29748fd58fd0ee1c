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
  readonly compiled: boolean
  gradient(x: ArrayLike<number>, options?: { into?: Float64Array }): { gradient: Float64Array }
  gradientBatch(
    X: ArrayLike<number>,
    k: number,
    options?: { into?: Float64Array },
  ): { gradient: Float64Array }
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

/**
 * Tapes up to this size are swept a batch of points per call (gradientBatch):
 * both backends then run several points per sweep, and a call's overhead and
 * result are per batch, not per point. Larger ones get one point per call
 * (a batch would hold one or two at a time anyway), as do compiled tapes
 * (compiled code serves single-point sweeps).
 */
const BATCH_NODES = 1 << 14
/** Numbers in one batch's points (and in its gradients): 512 KiB. */
const BATCH_VALUES = 1 << 16

/** The objective's gradient: the rest tape's, plus the point tape's parameter part at each of the n points. */
export function gmmGradient(
  { d, n, x }: GmmData,
  params: Float64Array,
  { point, rest }: { point: Swept; rest: Swept },
): Float64Array {
  const count = params.length
  const width = count + d
  const g = rest.gradient(params).gradient
  const batch = point.size <= BATCH_NODES && !point.compiled
  const k = batch ? Math.max(2, Math.min(n, Math.floor(BATCH_VALUES / width))) : 1
  const X = new Float64Array(k * width)
  for (let b = 0; b < k; b++) X.set(params, b * width)
  // The point tape's gradients go into one array for the whole sum, not a fresh one a call.
  const into = new Float64Array(k * width)
  for (let i0 = 0; i0 < n; i0 += k) {
    const c = Math.min(k, n - i0)
    for (let b = 0; b < c; b++) X.set(x.subarray((i0 + b) * d, (i0 + b + 1) * d), b * width + count)
    const G = batch
      ? point.gradientBatch(X.subarray(0, c * width), c, { into: into.subarray(0, c * width) }).gradient
      : point.gradient(X, { into }).gradient
    for (let b = 0; b < c; b++) for (let j = 0, o = b * width; j < count; j++) g[j] += G[o + j]
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
