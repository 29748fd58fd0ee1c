// Timing for the measurement scripts. Each sample is the mean of `inner`
// calls (so timer resolution does not matter); the candidates are sampled in
// turn, round after round, so a burst of load from elsewhere on the machine
// hits them all alike; each result is the median of its samples, in seconds.
export function medians(candidates, { samples = 21, inner = 10 } = {}) {
  const names = Object.keys(candidates)
  for (const name of names) for (let i = 0; i < inner * 3; i++) candidates[name]()
  const times = Object.fromEntries(names.map((name) => [name, []]))
  for (let s = 0; s < samples; s++) {
    for (const name of names) {
      const f = candidates[name]
      const t0 = performance.now()
      for (let i = 0; i < inner; i++) f()
      times[name].push((performance.now() - t0) / 1000 / inner)
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
