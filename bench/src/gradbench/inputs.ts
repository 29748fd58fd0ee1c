// Inputs drawn the way GradBench's evals draw theirs (python/gradbench/…/
// evals/*/run.py): lse and llsq take x uniform in [0, 1); gmm takes data
// points, log-diagonals, lower parts and weights standard normal and means
// uniform, with m = 0 and γ = 1. Our generator is seeded but is not numpy's,
// so the numbers differ from GradBench's while the distributions match.

import { normal, rng } from '../rng.js'
import { lowerSize } from './gmm-objective.js'

const SEED = 31337

export function lseInput(n: number) {
  const r = rng(SEED + n)
  return { x: Array.from({ length: n }, r) }
}

export function llsqInput(n: number, m: number) {
  const r = rng(SEED + n * 131 + m)
  return { x: Array.from({ length: m }, r), n }
}

export function gmmInput(d: number, k: number, n: number) {
  const r = rng(SEED + d * 1009 + k)
  const rows = (count: number, cols: number, draw: () => number) =>
    Array.from({ length: count }, () => Array.from({ length: cols }, draw))
  const z = () => normal(r)
  return {
    d,
    k,
    n,
    x: rows(n, d, z),
    m: 0,
    gamma: 1,
    mu: rows(k, d, r),
    q: rows(k, d, z),
    l: rows(k, lowerSize(d), z),
    alpha: Array.from({ length: k }, z),
  }
}
