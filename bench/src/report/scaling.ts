// Reading the Rosenbrock series: how each method's time grows with n (the
// exponent of n between the two largest sizes it ran at), and where finite
// differences, O(n²), overtake the O(n) reverse sweep.
import type { RosenbrockResult } from '../workloads/rosenbrock.js'

export function series(r: RosenbrockResult, id: string): [number, number][] {
  return r.byN.flatMap(({ n, rows }) => {
    const row = rows.find((x) => x.id === id)
    return row && Number.isFinite(row.seconds) ? [[n, row.seconds] as [number, number]] : []
  })
}

/** d log t / d log n between the two largest sizes measured. */
export function exponent(r: RosenbrockResult, id: string): number {
  const s = series(r, id)
  if (s.length < 2) return Number.NaN
  const [n1, t1] = s[s.length - 2]
  const [n2, t2] = s[s.length - 1]
  return Math.log(t2 / t1) / Math.log(n2 / n1)
}

/**
 * The n (interpolated on the log–log plot) beyond which `slow` costs more
 * than `fast`; 0 when it already does at the smallest size, NaN when never.
 */
export function crossover(r: RosenbrockResult, slow: string, fast: string): number {
  const a = new Map(series(r, slow))
  const pairs = series(r, fast)
    .filter(([n]) => a.has(n))
    .map(([n, t]) => [n, Math.log(a.get(n)! / t)] as const)
  if (pairs.length === 0) return Number.NaN
  if (pairs[0][1] > 0) return 0
  for (let i = 1; i < pairs.length; i++) {
    const [n1, d1] = pairs[i - 1]
    const [n2, d2] = pairs[i]
    if (d2 > 0) return Math.exp(Math.log(n1) + (Math.log(n2 / n1) * -d1) / (d2 - d1))
  }
  return Number.NaN
}
