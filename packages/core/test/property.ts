// The fast-check options every property test in core uses, so none depends on
// luck or on the machine's speed: a fixed seed (printed with any failure, so
// it replays exactly), a fixed number of runs (the test's work budget), and
// no shrinking after a failure (fast-check's shrinking is unbounded and on a
// loaded machine can run for minutes; the first counterexample is reported).
export interface PropertyOptions {
  readonly seed: number
  readonly numRuns: number
  readonly endOnFailure: true
}

export function property(seed: number, numRuns: number): PropertyOptions {
  return { seed, numRuns, endOnFailure: true }
}
