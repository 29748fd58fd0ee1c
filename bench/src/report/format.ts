// Formatting numbers and Markdown tables for the report.

import { formatDuration } from '@chainrule/core/measure'
import { digits } from '../accuracy.js'
import type { Row } from '../measure.js'

export { formatDuration }

/** A Markdown table; columns after the first are right-aligned (numbers) unless `left` lists them. */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  const align = head.map((_, i) => (i === 0 || left.includes(i) ? '---' : '---:'))
  return [line(head), line(align), ...rows.map(line)].join('\n')
}

/** A ratio: 2 significant decimals below 10, whole numbers from 100, powers of ten from 10⁴. */
export function times(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–'
  if (v >= 1e4) return `${v.toExponential(1)}×`
  return `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}×`
}

export const sci = (v: number | undefined) =>
  v === undefined ? '–' : Number.isNaN(v) ? 'NaN' : v === 0 ? '0' : v.toExponential(1)

/** Correct digits of a row's answer, "16" meaning exact to the last bit we can see. */
export const digitsOf = (r: Row) => (r.error === undefined ? '–' : digits(r.error).toFixed(1))

export const spreadOf = (r: Row) => (r.timing ? `±${((r.timing.spread * 100) / 2).toFixed(0)}%` : '–')

export const timeOf = (r: Row) => (r.skip ? `_${r.skip}_` : formatDuration(r.seconds))

export const perSecond = (s: number) =>
  !Number.isFinite(s)
    ? '–'
    : 1 / s >= 1e6
      ? `${(1 / s / 1e6).toFixed(2)} M/s`
      : `${(1 / s / 1e3).toFixed(1)} k/s`

/** A size in bytes: kB below a megabyte, MB (10⁶ bytes) from there. */
export const formatBytes = (bytes: number) =>
  !Number.isFinite(bytes)
    ? '–'
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(2)} MB`
      : `${(bytes / 1e3).toFixed(1)} kB`
