// How a command shows its results: labels, the aligned result and matrix
// tables, the fields every --json result starts with, and the warning for a
// number that is not finite.

import { MESSAGES, outputName } from '@chainrule/core'
import type { Program, Session } from './context.js'
import { num } from './format/number.js'
import { alignNumbers, table } from './format/table.js'
import { WORDS } from './messages.js'
import { pointObject, pointText } from './point.js'

/** The fields every --json result starts with, in the documented order. */
export const jsonHead = (command: string, expression: string, program: Program, x: ArrayLike<number>) => ({
  command,
  expression,
  backend: program.backend,
  variables: program.variables,
  at: pointObject(program.variables, x),
})

/** `df/dx` for a function of one variable, `∂f/∂x` for several (g when a variable is called f: never ∂f/∂f). */
export const derivativeLabel = (variables: readonly string[], j: number, f = outputName(variables)) =>
  variables.length === 1 ? `d${f}/d${variables[0]}` : `∂${f}/∂${variables[j]}`

/** `f` for one output; `f1`, `f2`, … for a list. */
export const outputLabels = (m: number) =>
  m === 1 ? ['f'] : Array.from({ length: m }, (_, i) => `f${i + 1}`)

export function allFinite(...lists: ArrayLike<number>[]): boolean {
  for (const list of lists) for (let i = 0; i < list.length; i++) if (!Number.isFinite(list[i])) return false
  return true
}

/** `label  value` rows, labels dimmed, numbers aligned on the decimal point and red when not finite. */
export function valueTable(s: Session, rows: readonly (readonly [string, number | string])[]): string {
  const aligned = alignNumbers(rows.filter(([, v]) => typeof v === 'number').map(([, v]) => num(v as number)))
  let next = 0
  const cells = rows.map(([label, v]) => [label, typeof v === 'number' ? aligned[next++] : v])
  return table(cells, {
    style: (cell, r, c) => {
      if (c === 0) return s.c.dim(cell)
      const v = rows[r][1]
      return typeof v === 'number' && !Number.isFinite(v) ? s.c.red(cell) : cell
    },
  }).join('\n')
}

/** The point (when there are variables), then labelled results: what eval, grad, hessian and jacobian print first. */
export function resultTable(
  s: Session,
  variables: readonly string[],
  x: ArrayLike<number>,
  results: readonly (readonly [string, number])[],
): string {
  const at: [string, string][] =
    variables.length > 0 ? [[WORDS[s.globals.lang].at, pointText(variables, x)]] : []
  return valueTable(s, [...at, ...results])
}

/** The point, f and each partial: what grad and hessian print first. */
export function gradientTable(
  s: Session,
  variables: readonly string[],
  x: ArrayLike<number>,
  value: number,
  gradient: ArrayLike<number>,
): string {
  const partials = variables.map((_, j) => [derivativeLabel(variables, j), gradient[j]] as const)
  return resultTable(s, variables, x, [[outputName(variables), value], ...partials])
}

/** A row-labelled matrix with column headings: the Hessian, the Jacobian. */
export function matrixTable(
  s: Session,
  corner: string,
  columns: readonly string[],
  rows: readonly (readonly [string, ArrayLike<number>])[],
): string {
  const cells = [[corner, ...columns], ...rows.map(([label, r]) => [label, ...Array.from(r, num)])]
  return table(cells, {
    header: true,
    align: ['left', ...columns.map(() => 'number' as const)],
    style: (cell, r, c) => {
      if (r === 0 || c === 0) return s.c.dim(cell)
      return Number.isFinite(rows[r - 1][1][c - 1]) ? cell : s.c.red(cell)
    },
  }).join('\n')
}

/**
 * Exit 1 and, for people, a warning naming where the first non-finite
 * number came from, with a caret under it in the expression. In --json mode
 * the result object carries the same facts (`nonFinite`, `origin`).
 */
export function flagNonFinite(s: Session, program: Program, x: ArrayLike<number>, what: string): void {
  s.flag()
  if (s.globals.json) return
  const words = WORDS[s.globals.lang]
  const origin = s.api.findNonFiniteOrigin(program, x)
  const text = program.tape.source
  if (origin?.start === undefined || text === undefined) {
    s.warn(`${words.notFinite(what)}.`)
    return
  }
  const column = s.api.position(text, origin.start).column
  s.warn(`${words.notFinite(what)}: ${words.startsAt(origin.op, origin.sweep, column)}`)
  s.io.stderr.write(`${s.api.caret(text, origin.start, origin.end ?? origin.start + 1)}\n`)
}

/** The graph as a table: each node's formula, value and adjoint (numbers as explain writes them). */
export function nodeTable(
  s: Session,
  nodes: readonly { formula: string; value: number; adjoint?: number }[],
  indent = '',
  /** Instead of the adjoint column: forward mode's tangents, one column per sweep. */
  tangents?: readonly { readonly heading: string; readonly values: readonly number[] }[],
): string {
  const w = WORDS[s.globals.lang]
  const { fmt } = s.api
  const columns = tangents ?? [
    {
      heading: w.adjoint,
      values: nodes.map((n) => n.adjoint ?? Number.NaN),
      blank: nodes.map((n) => n.adjoint === undefined),
    },
  ]
  const rows = [
    ['', w.value, ...columns.map((c) => c.heading)],
    ...nodes.map((n, i) => [
      n.formula,
      fmt(n.value),
      ...columns.map((c) => ('blank' in c && c.blank[i] ? '' : fmt(c.values[i]))),
    ]),
  ]
  return table(rows, {
    header: true,
    indent,
    // explain's numbers are short (six digits at most), so right-aligned under their headings.
    align: ['left', 'right', ...columns.map(() => 'right' as const)],
    style: (cell, r) => (r === 0 ? s.c.dim(cell) : cell),
  }).join('\n')
}

/** True when the expression's text uses `e`, which is read as Euler's number (explain's name note). */
export function usesEuler(program: Program): boolean {
  const { source, spans } = program.tape
  if (source === undefined || spans === undefined || !/\be\b/.test(source)) return false
  for (let i = 0; i < spans.length; i += 2)
    if (spans[i] >= 0 && source.slice(spans[i], spans[i + 1]) === 'e') return true
  return false
}

/** For people: the note explain gives when `e` was read as Euler's number, one line on stderr. */
export function noteEuler(s: Session, program: Program): void {
  if (s.globals.json || !usesEuler(program)) return
  const w = WORDS[s.globals.lang]
  s.io.stderr.write(`${s.e.yellow(`${w.note}:`)} ${MESSAGES[s.globals.lang].euler(Math.E.toPrecision(6))}\n`)
}
