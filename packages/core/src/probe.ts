// The check minimize makes before it says `converged`: a small gradient is
// also what a function shows where it merely flattens out, so look around.

/**
 * Probe steps, times 1 + max|xᵢ|: a short one first (a minimum's own basin),
 * then a longer one, since an odd power or a −x⁶ is flat far beyond 1e-3.
 */
const PROBES = [1e-3, 1e-2]
/** Fixed directions besides ±eᵢ: a probe must not depend on a random generator's state. */
const PROBE_DIRECTIONS = 8
/** Beyond this many inputs only the fixed directions are probed (2n evaluations would cost too much). */
const PROBE_COORDINATES = 32

/**
 * A point near x where f is lower than f(x) beyond rounding, or null. At a
 * minimum there is none; at a point where the gradient merely flattens out
 * (x³ near 0, −x² or x·y at their stationary points) one of the probe steps —
 * ±eᵢ, and a few fixed oblique directions — finds lower ground, and the run
 * goes on from there instead of calling it converged.
 */
export function lowerNeighbour(
  x: Float64Array,
  value: number,
  evaluate: (y: Float64Array) => number,
): Float64Array | null {
  const n = x.length
  let scale = 1
  for (let i = 0; i < n; i++) scale = Math.max(scale, 1 + Math.abs(x[i]))
  for (const step of PROBES) {
    const delta = step * scale
    // Lower beyond rounding, relative to the values compared: at f = 0 even −1e-20 is lower ground.
    const probe = (d: (i: number) => number) => {
      const y = x.map((xi, i) => xi + delta * d(i))
      const v = evaluate(y)
      return v < value - 8 * Number.EPSILON * Math.max(Math.abs(value), Math.abs(v)) ? y : null
    }
    if (n <= PROBE_COORDINATES) {
      for (let j = 0; j < n; j++) {
        for (const sign of [1, -1]) {
          const y = probe((i) => (i === j ? sign : 0))
          if (y) return y
        }
      }
    }
    for (let k = 1; k <= PROBE_DIRECTIONS; k++) {
      // Components sin(1 + 2.4·i·k), normalised: spread over every orthant, the same every run.
      let len = 0
      for (let i = 0; i < n; i++) len += Math.sin(1 + 2.399963 * (i + 1) * k) ** 2
      const y = probe((i) => Math.sin(1 + 2.399963 * (i + 1) * k) / Math.sqrt(len))
      if (y) return y
    }
  }
  return null
}

/** Forward sweeps one lowerNeighbour call may take at most, for n inputs (what a work budget must count). */
export function probeEvaluations(n: number): number {
  return PROBES.length * ((n <= PROBE_COORDINATES ? 2 * n : 0) + PROBE_DIRECTIONS)
}
