// Timing: medians of repeated batches, each batch long enough to swamp the
// clock's resolution. Methods that are compared are measured *interleaved*
// (a batch of A, a batch of B, a batch of A, …) so that a change in the
// machine's load during the run affects every method alike, and their ratio
// stays honest on a busy machine.
import { performance } from 'node:perf_hooks'

export interface Timing {
  /** Median seconds per call. */
  readonly median: number
  /** Calls timed, over all batches. */
  readonly samples: number
  /** Batches (each a median candidate). */
  readonly batches: number
  /** Interquartile range of the batch times over the median: how noisy the machine was. */
  readonly spread: number
}

export interface Budget {
  /** Batches per method, at most. */
  readonly batches: number
  /** Batches per method, at least, even past `maxSeconds`. */
  readonly minBatches: number
  /** A batch repeats the call until it lasts this long. */
  readonly minBatchSeconds: number
  /** Stop adding batches once the whole comparison has taken this long. */
  readonly maxSeconds: number
}

export const FULL: Budget = { batches: 11, minBatches: 3, minBatchSeconds: 0.025, maxSeconds: 10 }
export const QUICK: Budget = { batches: 2, minBatches: 1, minBatchSeconds: 0.001, maxSeconds: 0.2 }

const now = () => performance.now() / 1000

/** Results land here, so the JIT cannot drop a call whose result is unused. */
export let sink: unknown

/** A full collection, when node runs with --expose-gc, so no batch pays for the garbage of the one before. */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

function batch(fn: () => unknown, calls: number): number {
  collectGarbage()
  const t0 = now()
  for (let i = 0; i < calls; i++) sink = fn()
  return (now() - t0) / calls
}

/** Calls per batch: doubled (or ×10) until a batch lasts minBatchSeconds; this also warms the JIT. */
function calibrate(fn: () => unknown, minBatchSeconds: number): number {
  let calls = 1
  for (;;) {
    const dt = batch(fn, calls) * calls
    if (dt >= minBatchSeconds) return calls
    calls *= dt < minBatchSeconds / 10 ? 10 : 2
  }
}

function summarise(per: number[], calls: number): Timing {
  const s = [...per].sort((x, y) => x - y)
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]
  const median = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  return { median, samples: calls * s.length, batches: s.length, spread: (q(0.75) - q(0.25)) / median }
}

/** Times every function, interleaved batch by batch; the medians are comparable as ratios. */
export function timeAll<K extends string>(
  fns: Record<K, () => unknown>,
  budget: Budget = FULL,
): Record<K, Timing> {
  const keys = Object.keys(fns) as K[]
  const calls = {} as Record<K, number>
  for (const k of keys) calls[k] = calibrate(fns[k], budget.minBatchSeconds)
  const per = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>
  const t0 = now()
  for (let b = 0; b < budget.batches; b++) {
    if (b >= budget.minBatches && now() - t0 > budget.maxSeconds) break
    for (const k of keys) per[k].push(batch(fns[k], calls[k]))
  }
  return Object.fromEntries(keys.map((k) => [k, summarise(per[k], calls[k])])) as Record<K, Timing>
}

/** One function alone. */
export function time(fn: () => unknown, budget: Partial<Budget> = {}): Timing {
  return timeAll({ fn }, { ...FULL, ...budget }).fn
}

/** Seconds one call takes, measured once (for work too long to repeat, like recording 10⁷ nodes). */
export function timeOnce<T>(fn: () => T): { seconds: number; result: T } {
  const t0 = now()
  const result = fn()
  return { seconds: now() - t0, result }
}

export function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '–'
  if (s < 1e-6) return `${(s * 1e9).toFixed(0)} ns`
  if (s < 1e-3) return `${(s * 1e6).toFixed(s < 1e-5 ? 2 : 1)} µs`
  if (s < 1) return `${(s * 1e3).toFixed(s < 1e-2 ? 2 : 1)} ms`
  if (s < 120) return `${s.toFixed(2)} s`
  return `${(s / 60).toFixed(0)} min`
}
