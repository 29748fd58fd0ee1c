// How numbers read on the page. Values and derivatives use core's `fmt` (the
// same digits as explain and the CLI); steps, errors and times read as
// powers of ten or with a unit.
import { fmt } from './core.ts'

export { fmt }

/** "x = 3" for one variable, "(x, y) = (1, 1)" for several. */
export function fmtPoint(variables: readonly string[], x: readonly number[]): string {
  if (variables.length === 1) return `${variables[0]} = ${fmt(x[0])}`
  return `(${variables.join(', ')}) = (${x.map(fmt).join(', ')})`
}

/** 1e-5, 1e-12: a step h as its power of ten when it is one. */
export function fmtPower(h: number): string {
  const k = Math.round(Math.log10(h))
  return Math.abs(h / 10 ** k - 1) < 1e-9 ? `1e${k}` : h.toExponential(1)
}

/** 2.1e-11: an error to two significant digits. */
export function fmtError(e: number): string {
  if (e === 0) return '0'
  return Number.isFinite(e) ? e.toExponential(1) : fmt(e)
}
