// Ranges for values that can be infinite, NaN or spike (1/x near 0): the
// plot should show the shape of the function, not one huge value.
import { extent, quantileSorted } from 'd3-array'

/** The finite values' extent, or their 2–98 % quantiles when a few spikes dominate it; padded 5 %. */
export function robustExtent(values: Iterable<number>): [number, number] {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
  if (finite.length === 0) return [-1, 1]
  let [lo, hi] = extent(finite) as [number, number]
  const qlo = quantileSorted(finite, 0.02)!
  const qhi = quantileSorted(finite, 0.98)!
  if (hi - lo > 20 * (qhi - qlo) && qhi > qlo) [lo, hi] = [qlo, qhi]
  if (hi === lo) return [lo - 1, hi + 1]
  const pad = (hi - lo) * 0.05
  return [lo - pad, hi + pad]
}

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1))
}
