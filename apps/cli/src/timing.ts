// Median time per call, for compare and bench. Calls are timed in batches
// long enough for the clock's resolution (a batch of one call to a 100 ns
// function would measure the clock), and the median batch is reported, so
// one garbage collection or scheduler hiccup does not move the figure.

export interface TimingOptions {
  /** Batches to time (default 7). */
  repeats?: number
  /** A batch grows until it takes at least this long (default 1 ms). */
  minBatchMs?: number
  /** Calls in a batch stop growing here (default 2²⁰). */
  maxBatch?: number
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Milliseconds per call of fn: the median over `repeats` batches. */
export function timePerCall(fn: () => unknown, now: () => number, opts: TimingOptions = {}): number {
  const repeats = opts.repeats ?? 7
  const minBatchMs = opts.minBatchMs ?? 1
  const maxBatch = opts.maxBatch ?? 2 ** 20
  const batch = (calls: number) => {
    const t0 = now()
    for (let i = 0; i < calls; i++) fn()
    return now() - t0
  }
  let calls = 1
  while (calls < maxBatch && batch(calls) < minBatchMs) calls *= 2
  const times: number[] = []
  for (let r = 0; r < repeats; r++) times.push(batch(calls) / calls)
  return median(times)
}
