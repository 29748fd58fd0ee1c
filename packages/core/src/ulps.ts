// Distance between doubles in units in the last place: how the WASM backend's
// results are held to the JS reference (0 is bit for bit), and how the demo
// reports the two engines' difference.

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
