// Timing: the median over repeated batches, each long enough to swamp the
// clock's resolution. Callers compare medians measured in the same run.
import { performance } from 'node:perf_hooks'

export interface Timing {
  /** Median seconds per call. */
  readonly median: number
  readonly samples: number
}

export function time(fn: () => unknown, { batches = 15, minBatchSeconds = 0.02 } = {}): Timing {
  // Warm up, and find how many calls make a batch long enough.
  let calls = 1
  for (;;) {
    const t0 = performance.now()
    for (let i = 0; i < calls; i++) fn()
    const dt = (performance.now() - t0) / 1000
    if (dt >= minBatchSeconds) break
    calls *= dt < minBatchSeconds / 10 ? 10 : 2
  }
  const per: number[] = []
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now()
    for (let i = 0; i < calls; i++) fn()
    per.push((performance.now() - t0) / 1000 / calls)
  }
  per.sort((x, y) => x - y)
  return { median: per[per.length >> 1], samples: batches * calls }
}

export function fmtTime(s: number): string {
  if (s < 1e-6) return `${(s * 1e9).toFixed(0)} ns`
  if (s < 1e-3) return `${(s * 1e6).toFixed(2)} µs`
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`
  return `${s.toFixed(2)} s`
}
