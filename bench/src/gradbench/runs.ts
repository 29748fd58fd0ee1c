// GradBench's repetition rule: run the function at least `min_runs` times and
// until the runs add up to `min_seconds`, one "evaluate" timing per run.
// Only the call itself is inside the clock: no parsing, no JSON, no recording.

export interface Runs {
  readonly min_runs: number
  readonly min_seconds: number
}

export interface Timing {
  readonly name: string
  readonly nanoseconds: number
}

export interface Evaluation<T = unknown> {
  readonly output: T
  readonly timings: Timing[]
  /** Nodes of the tape the derivative swept, when it swept one. */
  readonly nodes?: number
  /** What `nodes` counts when it is not one tape swept once per run (several tapes, one swept per data point). */
  readonly note?: string
}

/** Inputs without Runs (hello) are evaluated once. */
export function runsOf(input: unknown): Runs {
  const r = input as Partial<Runs> | null
  const minRuns = typeof r?.min_runs === 'number' ? r.min_runs : 1
  const minSeconds = typeof r?.min_seconds === 'number' ? r.min_seconds : 0
  return { min_runs: Math.max(1, minRuns), min_seconds: Math.max(0, minSeconds) }
}

export function repeat<T>(runs: Runs, fn: () => T): Evaluation<T> {
  // With node --expose-gc, the garbage of parsing the input and recording the
  // tape is collected now rather than inside a timed run (primal or gradient).
  ;(globalThis as { gc?: () => void }).gc?.()
  const timings: Timing[] = []
  let output: T
  let elapsed = 0n
  const minNs = BigInt(Math.round(runs.min_seconds * 1e9))
  do {
    const t0 = process.hrtime.bigint()
    output = fn()
    const dt = process.hrtime.bigint() - t0
    timings.push({ name: 'evaluate', nanoseconds: Number(dt) })
    elapsed += dt
  } while (timings.length < runs.min_runs || elapsed < minNs)
  return { output, timings }
}

/** A one-off step outside the evaluate runs (recording a tape), under its own timing name. */
export function once<T>(name: string, fn: () => T): { result: T; timing: Timing } {
  const t0 = process.hrtime.bigint()
  const result = fn()
  return { result, timing: { name, nanoseconds: Number(process.hrtime.bigint() - t0) } }
}
