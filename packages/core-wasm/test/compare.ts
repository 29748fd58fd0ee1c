// Comparing results across backends: bit for bit (NaN equals NaN, +0 is not
// -0), or within a number of units in the last place.

const f64 = new Float64Array(1)
const u64 = new BigInt64Array(f64.buffer)

/** The IEEE bits of x mapped to a line where adjacent doubles differ by 1 (−0 and +0 both 0). */
function ordinal(x: number): bigint {
  f64[0] = x
  const bits = u64[0]
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits
}

/** Units in the last place between a and b; 0 for two NaNs, Infinity for NaN against a number. */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b))
    return Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.POSITIVE_INFINITY
  if (Object.is(a, b)) return 0
  const d = ordinal(a) - ordinal(b)
  return Number(d < 0n ? -d : d)
}

/** Index and values of the first entry where the arrays differ by more than `tolerance` ulps (0: bit for bit). */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance = 0,
): { index: number; actual: number; expected: number; ulps: number } | null {
  if (actual.length !== expected.length)
    return { index: -1, actual: actual.length, expected: expected.length, ulps: -1 }
  for (let i = 0; i < actual.length; i++) {
    const same =
      tolerance === 0 ? Object.is(actual[i], expected[i]) : ulps(actual[i], expected[i]) <= tolerance
    if (!same)
      return { index: i, actual: actual[i], expected: expected[i], ulps: ulps(actual[i], expected[i]) }
  }
  return null
}
