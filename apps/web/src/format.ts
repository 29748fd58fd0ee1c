// How numbers read on the page. Values and derivatives use core's `fmt` (the
// same digits as explain and the CLI); steps and errors read as powers of
// ten, by core's formatNumber with SCIENTIFIC.
import { fmt, formatNumber, type NumberFormat } from './core.ts'

export { fmt, formatNumber }

/** "x = 3" for one variable, "(x, y) = (1, 1)" for several. */
export function fmtPoint(variables: readonly string[], x: readonly number[]): string {
  if (variables.length === 1) return `${variables[0]} = ${fmt(x[0])}`
  return `(${variables.join(', ')}) = (${x.map(fmt).join(', ')})`
}

/** Steps h and errors as powers of ten to two digits (1e-5, 3.2e-11): core's formatNumber, never plain. */
export const SCIENTIFIC: NumberFormat = { digits: 2, plain: [0, 0] }
