// GradBench's `kmeans` eval: cost(P, C) = Σᵢ minⱼ |Cⱼ − Pᵢ|², and `dir`, the
// gradient J with respect to C divided elementwise by the Hessian's diagonal H
// (the Hessian of this cost is diagonal, so H = H·1). The cost is a sum over
// points, so its derivatives are sums of the per-point ones: the tool traces
// one point's term gᵢ(C, p) = minⱼ |Cⱼ − p|² once, with the point p as an input,
// and replays that tape at every point — one forward, reverse and
// tangent-of-adjoint sweep (Program.hvp in direction [1…1, 0…0]) each — adding
// up the gradients and Hessian-vector products. No derivative is written by
// hand: chainrule differentiates min and the squares.
import { min, type Operand, type Var } from '@chainrule/core'
import { field, InputError, type Module, type ToolApi } from './module.js'
import { once, repeat, runsOf, type Timing } from './runs.js'

export interface KMeansInput {
  readonly n: number
  readonly k: number
  readonly d: number
  /** n × d, row-major. */
  readonly points: Float64Array
  /** k × d, row-major. */
  readonly centroids: Float64Array
}

function rowsOf(input: unknown, name: string): number[][] {
  const v = field(input, name)
  if (!Array.isArray(v) || v.length === 0)
    throw new InputError(`input.${name} must be a non-empty list of points`)
  return v as number[][]
}

function flat(rows: number[][], name: string, d: number): Float64Array {
  const out = new Float64Array(rows.length * d)
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d || !row.every((e) => typeof e === 'number'))
      throw new InputError(`input.${name}[${i}] must be a list of ${d} numbers`)
    out.set(row, i * d)
  })
  return out
}

export function parseKMeans(input: unknown): KMeansInput {
  const points = rowsOf(input, 'points')
  const centroids = rowsOf(input, 'centroids')
  const d = Array.isArray(points[0]) ? points[0].length : 0
  if (d === 0) throw new InputError('input.points[0] must be a non-empty list of numbers')
  return {
    n: points.length,
    k: centroids.length,
    d,
    points: flat(points, 'points', d),
    centroids: flat(centroids, 'centroids', d),
  }
}

export function kmeansCost({ n, k, d, points, centroids }: KMeansInput): number {
  let cost = 0
  for (let i = 0; i < n; i++) {
    let closest = Number.POSITIVE_INFINITY
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let t = 0; t < d; t++) {
        const e = centroids[j * d + t] - points[i * d + t]
        s += e * e
      }
      if (s < closest) closest = s
    }
    cost += closest
  }
  return cost
}

/** One point's term over z = [C (k·d), p (d)]. */
export function kmeansPointVars(k: number, d: number): (z: Var[]) => Operand {
  return (z) => {
    let closest: Operand = Number.POSITIVE_INFINITY
    for (let j = 0; j < k; j++) {
      let s: Operand = 0
      for (let t = 0; t < d; t++) {
        const e = z[j * d + t].sub(z[k * d + t]).square()
        s = t === 0 ? e : e.add(s)
      }
      closest = j === 0 ? s : min(closest, s)
    }
    return closest
  }
}

export const kmeans: Module = {
  cost: (input) => {
    const data = parseKMeans(input)
    return repeat(runsOf(input), () => kmeansCost(data))
  },
  dir: (input, api: ToolApi) => {
    const data = parseKMeans(input)
    const { n, k, d, points, centroids } = data
    const kd = k * d
    const z = new Float64Array(kd + d)
    z.set(centroids)
    z.set(points.subarray(0, d), kd)
    const direction = new Float64Array(kd + d).fill(1, 0, kd)
    const recorded = once('record', () => api.trace(kmeansPointVars(k, d), z, { vector: true }))
    const program = recorded.result
    const nodes = program.size
    try {
      const r = repeat(runsOf(input), () => {
        const g = new Float64Array(kd)
        const h = new Float64Array(kd)
        for (let i = 0; i < n; i++) {
          z.set(points.subarray(i * d, (i + 1) * d), kd)
          const { gradient, hvp } = program.hvp(z, direction)
          for (let j = 0; j < kd; j++) {
            g[j] += gradient[j]
            h[j] += hvp[j]
          }
        }
        return g.map((gj, j) => gj / h[j])
      })
      const output = Array.from({ length: k }, (_, j) => Array.from(r.output.subarray(j * d, (j + 1) * d)))
      return { output, timings: [recorded.timing, ...r.timings] as Timing[], nodes }
    } finally {
      program.dispose()
    }
  },
}
