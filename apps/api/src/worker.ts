// The worker-thread side of the pool: each thread keeps its own cache of
// compiled programs and runs jobs with exactly the code the event loop uses
// for small ones. A job that outruns the time limit is not interrupted here —
// the pool terminates the whole thread and starts a fresh one.

import { setPriority } from 'node:os'
import type { Limits } from '@chainrule/core'
import { workerData } from 'piscina'
import { type Job, type Outcome, runJob } from './engine/job.js'
import { type CacheBounds, Programs } from './engine/programs.js'

const { cache, limits, hold } = workerData as {
  cache: CacheBounds
  limits: Limits
  hold?: { expression: string; gate: SharedArrayBuffer }
}

// On Linux, setpriority(0) changes only the calling thread: this worker yields
// the CPU to the event loop, so a small request is not kept waiting behind a
// heavy one when the cores are busy. (Elsewhere it would renice the whole
// process, so it is left alone.)
if (process.platform === 'linux') setPriority(10)
// Heavy jobs run here, so cached programs may compile (within the work budget).
const programs = new Programs(cache, limits, { compile: true })

export default function run(job: Job): Outcome {
  if (hold !== undefined && job.expression === hold.expression) waitForRelease(new Int32Array(hold.gate))
  return runJob(job, programs, limits)
}

/** Test hook (TestHooks.hold): blocks this thread until the test lets it go, however long that is. */
function waitForRelease(gate: Int32Array): void {
  Atomics.store(gate, 0, 1)
  Atomics.notify(gate, 0)
  while (Atomics.load(gate, 1) === 0) Atomics.wait(gate, 1, 0)
}
