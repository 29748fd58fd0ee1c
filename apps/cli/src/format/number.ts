// How numbers read in human output, through core's one formatter: values to
// 12 significant digits, which hides a double's binary noise (24.199999999999996
// reads 24.2) and keeps far more than a reader needs; errors and times short,
// because only their size matters. --json and CSV keep every digit.
import { formatNumber } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'

/** A value to 12 significant digits; NaN and ±Infinity by the names `--at` accepts back. */
export function num(x: number): string {
  return formatNumber(x)
}

/**
 * A magnitude to a few significant digits: plain between 0.001 and 100 000
 * (`0.64`, `1.6`), in exponent form outside (`3.06e-11`, `2.6e+154`); 0 stays `0`.
 */
export function short(x: number, digits = 3): string {
  return formatNumber(x, { digits, plain: [1e-3, 1e5] })
}

/** A duration given in milliseconds (the CLI's clock), in the harness's one format: `1.23 µs`, `45.6 ms`. */
export function duration(ms: number): string {
  return formatDuration(ms / 1000)
}
