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

/** `fc.assert(…, property({ seed: 7, runs: 200 }))`: named, so a call site says which number is which. */
export function property({ seed, runs }: { seed: number; runs: number }): PropertyOptions {
  return { seed, numRuns: runs, endOnFailure: true }
}
