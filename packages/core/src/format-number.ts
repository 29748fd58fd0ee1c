// Numbers for people: one formatter for every human-facing output (the CLI's
// tables, explain's sentences, the demo). A double's shortest round-trip text
// shows its binary noise (24.199999999999996); rounded to 12 significant
// digits it reads as what was meant (24.2), while machine output (JSON, CSV)
// keeps every digit through encoding.ts.

export interface NumberFormat {
  /** Significant digits, default 12. */
  readonly digits?: number
  /** Plain notation for lo ≤ |x| < hi, exponent form outside; default [1e-4, 1e15]. */
  readonly plain?: readonly [number, number]
}

/**
 * `x` rounded to `digits` significant digits, trailing zeros dropped: `24.2`, `5.85276079013e-5`,
 * `1.23e+20`. NaN and ±Infinity by the names the CLI's `--at` and the JSON encoding use; −0 as `0`.
 */
export function formatNumber(x: number, opts: NumberFormat = {}): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (x === 0) return '0'
  const digits = opts.digits ?? 12
  const [lo, hi] = opts.plain ?? [1e-4, 1e15]
  const r = Number(x.toPrecision(digits))
  const a = Math.abs(r)
  if (a >= lo && a < hi) return String(r)
  return r.toExponential(digits - 1).replace(/\.?0+e/, 'e')
}
