// The measurement scripts time with core's harness (@chainrule/core/measure,
// the one `pnpm bench` uses) on a CPU-time clock: process.cpuUsage, user +
// system, so page faults count, while time the scheduler gives to other
// processes does not — the machines these run on are shared, and wall-clock
// medians there mostly measure the neighbours.
import { cpus } from 'node:os'
import { FULL, timeAll } from '@chainrule/core/measure'

/** CPU milliseconds this process has used: the harness's clock here. */
export const cpuMilliseconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Every candidate timed interleaved, batch by batch; each result a Timing (median seconds per call, spread). */
export const timeAllCpu = (candidates, budget = FULL) => timeAll(candidates, budget, { now: cpuMilliseconds })

/** The machine line every script starts with. */
export const printMachine = () =>
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}\n`)

/** Rosenbrock over Vars, one argument each: the tape the scripts time (9 nodes a term). */
export const rosenbrock = (...x) => {
  let s = 0
  for (let i = 0; i + 1 < x.length; i++) {
    s = x[i + 1].sub(x[i].square()).square().mul(100).add(x[i].sub(1).neg().square()).add(s)
  }
  return s
}
