// How numbers read in human output. Values are printed in full (the shortest
// text that reads back as the same double) because exactness is the point of
// AD; errors and times are printed short, because only their size matters.
import { formatDuration } from '@chainrule/core/measure'

/** The shortest round-trip text; NaN and ±Infinity by the names `--at` accepts back. */
export function num(x: number): string {
  return Object.is(x, -0) ? '0' : String(x)
}

/**
 * A magnitude to a few significant digits: plain between 0.001 and 100 000
 * (`0.64`, `1.6`), in exponent form outside (`3.06e-11`, `2.6e+154`); 0 stays `0`.
 */
export function short(x: number, digits = 3): string {
  if (x === 0 || !Number.isFinite(x)) return num(x)
  const a = Math.abs(x)
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)))
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e')
}

/** A duration given in milliseconds (the CLI's clock), in the harness's one format: `1.23 µs`, `45.6 ms`. */
export function duration(ms: number): string {
  return formatDuration(ms / 1000)
}
