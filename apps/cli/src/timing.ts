// Milliseconds per call, for commands that time one thing (compare): core's
// harness (@chainrule/core/measure, the one `pnpm bench` uses) on the CLI's
// clock, which reads milliseconds and which tests replace. `bench` compares
// several methods and calls the harness's timeAll itself, interleaved.
import { time } from '@chainrule/core/measure'

export interface TimingOptions {
  /** Batches to time (default 7); the median batch is reported. */
  repeats?: number
  /** A batch grows until it takes at least this long (default 1 ms). */
  minBatchMs?: number
}

/** A budget of exactly `repeats` batches, each at least `minBatchMs`: the CLI's counts are the user's. */
export const budgetOf = (opts: TimingOptions = {}) => {
  const repeats = opts.repeats ?? 7
  return {
    batches: repeats,
    minBatches: repeats,
    minBatchSeconds: (opts.minBatchMs ?? 1) / 1000,
    maxSeconds: Infinity,
  }
}

/** Milliseconds per call of fn: the median over `repeats` batches. */
export function timePerCall(fn: () => unknown, now: () => number, opts: TimingOptions = {}): number {
  return time(fn, budgetOf(opts), { now }).median * 1000
}
