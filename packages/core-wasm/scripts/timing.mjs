// The measurement scripts time with core's harness (@chainrule/core/measure,
// the one `pnpm bench` uses) on a CPU-time clock: process.cpuUsage, user +
// system, so page faults count, while time the scheduler gives to other
// processes does not — the machines these run on are shared, and wall-clock
// medians there mostly measure the neighbours.
import { FULL, timeAll } from '@chainrule/core/measure'

/** CPU milliseconds this process has used: the harness's clock here. */
export const cpuMilliseconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Every candidate timed interleaved, batch by batch; each result a Timing (median seconds per call, spread). */
export const timeAllCpu = (candidates, budget = FULL) => timeAll(candidates, budget, { now: cpuMilliseconds })
