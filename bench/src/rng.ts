// A seeded generator, so every run benchmarks the same points and data.
// mulberry32: tiny, fast, and good enough for test inputs (not for statistics).

export type Rng = () => number

export function rng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function uniform(r: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * r()
}

/** Standard normal, by Box–Muller. */
export function normal(r: Rng): number {
  const u = 1 - r()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r())
}

export function uniformArray(r: Rng, n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => uniform(r, lo, hi))
}
