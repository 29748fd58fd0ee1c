// Timing for the measurement scripts. A sample is the CPU time this process
// spends on `inner` calls, divided by `inner` (process.cpuUsage: user + system,
// so page faults count; time the scheduler gives to other processes does not —
// the machines these run on are shared, and wall-clock medians there mostly
// measure the neighbours). Candidates are sampled in turn, round after round,
// so anything that still disturbs a round disturbs them all alike; each result
// is the median of its samples, in seconds.
export function medians(candidates, { samples = 21, inner = 10 } = {}) {
  const names = Object.keys(candidates)
  for (const name of names) for (let i = 0; i < inner * 3; i++) candidates[name]()
  const times = Object.fromEntries(names.map((name) => [name, []]))
  for (let s = 0; s < samples; s++) {
    for (const name of names) {
      const f = candidates[name]
      const start = process.cpuUsage()
      for (let i = 0; i < inner; i++) f()
      const used = process.cpuUsage(start)
      times[name].push((used.user + used.system) / 1e6 / inner)
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])]))
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const us = (seconds) => `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 2 : 1)} µs`
