// Two interleaving half-circles, as scikit-learn's make_moons draws them and
// micrograd's demo trains on: N points, Gaussian noise 0.1, labels −1 / +1.
// Seeded, so every run trains on the same set.
import { normal, rng } from '../rng.js'

export interface Dataset {
  /** N×2, row-major. */
  readonly x: Float64Array
  /** N labels, −1 or +1. */
  readonly y: Float64Array
  readonly n: number
}

export function moons(n = 100, noise = 0.1, seed = 1): Dataset {
  const r = rng(seed)
  const outer = n >> 1
  const inner = n - outer
  const x = new Float64Array(2 * n)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const isOuter = i < outer
    const t = isOuter
      ? (Math.PI * i) / Math.max(1, outer - 1)
      : (Math.PI * (i - outer)) / Math.max(1, inner - 1)
    x[2 * i] = (isOuter ? Math.cos(t) : 1 - Math.cos(t)) + noise * normal(r)
    x[2 * i + 1] = (isOuter ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * normal(r)
    y[i] = isOuter ? -1 : 1
  }
  return { x, y, n }
}
