// The one timing harness: `pnpm bench`, the CLI's `bench` command and the
// packages' measure scripts all import it, so their figures mean the same.
// Calls are timed in batches long enough to swamp the clock's resolution, and
// the median batch is reported with its spread, so one garbage collection or
// scheduler hiccup does not move the figure. Methods that are compared are
// measured *interleaved* (a batch of A, a batch of B, a batch of A, …): a
// change in the machine's load during the run affects every method alike, and
// their ratio stays honest on a busy machine.
//
// Lives under its own entry (`@chainrule/core/measure`), not the main one, so
// nothing here reaches a bundle that does not ask for it. Core has neither DOM
// nor node types, hence the clock and the collector are looked up on globalThis.

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

export interface Clock {
  /**
   * Milliseconds from an arbitrary origin, monotonic (`performance.now()` by
   * default). Injected by tests, and by scripts that time CPU rather than wall time.
   */
  readonly now?: () => number
  /** Called before each method's calibration (progress lines). */
  readonly onCalibrate?: (name: string) => void
  /** Called before each round of interleaved batches; `rounds` is the budget's most. */
  readonly onRound?: (round: number, rounds: number) => void
}

export const FULL: Budget = { batches: 11, minBatches: 3, minBatchSeconds: 0.025, maxSeconds: 10 }
export const QUICK: Budget = { batches: 2, minBatches: 1, minBatchSeconds: 0.001, maxSeconds: 0.2 }

type Globals = { performance?: { now(): number }; gc?: () => void }
const wallClock = (): number => (globalThis as Globals).performance?.now() ?? Date.now()

/** Results land here, so the JIT cannot drop a call whose result is unused. */
export let sink: unknown

/** A full collection, when node runs with --expose-gc, so no batch pays for the garbage of the one before. */
export function collectGarbage(): void {
  ;(globalThis as Globals).gc?.()
}

/** The middle value (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Milliseconds one batch of `calls` calls takes; the clock is read exactly twice. */
function batch(fn: () => unknown, calls: number, now: () => number): number {
  collectGarbage()
  const t0 = now()
  for (let i = 0; i < calls; i++) sink = fn()
  return now() - t0
}

/** Calls per batch: doubled (or ×10) until a batch lasts minBatchSeconds; this also warms the JIT. */
function calibrate(fn: () => unknown, minBatchMs: number, now: () => number): number {
  let calls = 1
  for (;;) {
    const dt = batch(fn, calls, now)
    if (calls >= 2 ** 30) return calls
    // A stall (a collection, the machine busy elsewhere) can make one short batch look long,
    // and batches calibrated on it would then read 0 on a coarse clock: a second batch confirms.
    if (dt >= minBatchMs && batch(fn, calls, now) >= minBatchMs) return calls
    calls *= dt < minBatchMs / 10 ? 10 : 2
  }
}

/** Batch times in ms per call → seconds per call. Divides once at the end so whole-ms clocks stay exact. */
function summarise(perCallMs: readonly number[], calls: number): Timing {
  const s = [...perCallMs].sort((x, y) => x - y)
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]
  const m = median(s)
  return {
    median: m / 1000,
    samples: calls * s.length,
    batches: s.length,
    spread: m > 0 ? (q(0.75) - q(0.25)) / m : 0,
  }
}

/** Times every function, interleaved batch by batch; the medians are comparable as ratios. */
export function timeAll<K extends string>(
  fns: Record<K, () => unknown>,
  budget: Budget = FULL,
  clock: Clock = {},
): Record<K, Timing> {
  const now = clock.now ?? wallClock
  const keys = Object.keys(fns) as K[]
  const calls = {} as Record<K, number>
  for (const k of keys) {
    clock.onCalibrate?.(k)
    calls[k] = calibrate(fns[k], budget.minBatchSeconds * 1000, now)
  }
  const per = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>
  const t0 = now()
  for (let b = 0; b < budget.batches; b++) {
    if (b >= budget.minBatches && now() - t0 > budget.maxSeconds * 1000) break
    clock.onRound?.(b + 1, budget.batches)
    for (const k of keys) per[k].push(batch(fns[k], calls[k], now) / calls[k])
  }
  return Object.fromEntries(keys.map((k) => [k, summarise(per[k], calls[k])])) as Record<K, Timing>
}

/** One function alone. */
export function time(fn: () => unknown, budget: Partial<Budget> = {}, clock: Clock = {}): Timing {
  return timeAll({ fn }, { ...FULL, ...budget }, clock).fn
}

/** Seconds one call takes, measured once (for work too long to repeat, like recording 10⁷ nodes). */
export function timeOnce<T>(fn: () => T, now: () => number = wallClock): { seconds: number; result: T } {
  const t0 = now()
  const result = fn()
  return { seconds: (now() - t0) / 1000, result }
}

const UNITS: readonly [number, string][] = [
  [1, 's'],
  [1e-3, 'ms'],
  [1e-6, 'µs'],
]
/** Three significant digits, no trailing zeros: only a duration's size matters. */
const digits3 = (v: number) => String(Number(v.toPrecision(3)))

/**
 * A duration in seconds, to three significant digits in the unit that fits:
 * `25 ns`, `3.2 µs`, `12.3 ms`, `2.5 s`, `56 min` (whole minutes from 2 min).
 */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '–'
  if (Math.abs(s) >= 120) return `${(s / 60).toFixed(0)} min`
  for (const [scale, unit] of UNITS) if (Math.abs(s) >= scale) return `${digits3(s / scale)} ${unit}`
  return `${digits3(s * 1e9)} ns`
}
