// CSV points: a header of variable names, then one point per line, columns
// in any order; blank lines and spaces around cells are ignored. Parsed line
// by line as text arrives: only the unfinished last line is carried over.

import { quoted } from '../errors.js'
import { numberProblem, parseNumber } from '../numbers.js'
import { type Batches, MAX_PIECE, type PointParser, pointsError } from './batches.js'

export class CsvPoints implements PointParser {
  /** The unfinished line at the end of the text pushed so far. */
  private carry = ''
  private line = 0
  /** Column → input index, once the header is read. */
  private slot: number[] | undefined
  private readonly x: Float64Array

  constructor(
    private readonly variables: readonly string[],
    private readonly batches: Batches,
  ) {
    this.x = new Float64Array(variables.length)
  }

  push(text: string): void {
    const s = this.carry + text
    let from = 0
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', from)) {
      this.take(s.slice(from, s.charCodeAt(nl - 1) === 13 && nl > from ? nl - 1 : nl))
      from = nl + 1
    }
    this.carry = s.slice(from)
    if (this.carry.length > MAX_PIECE) {
      throw pointsError('invalid-point', `line ${this.line + 1} is longer than ${MAX_PIECE} characters`)
    }
  }

  end(): void {
    if (this.carry !== '') this.take(this.carry.replace(/\r$/, ''))
    this.carry = ''
    if (this.slot === undefined)
      throw pointsError('invalid-point', 'the file is empty; expected a header of variable names')
  }

  private take(line: string): void {
    this.line++
    if (line.trim() === '') return
    if (this.slot === undefined) this.slot = this.header(line)
    else this.row(line, this.slot)
  }

  private header(line: string): number[] {
    const { variables } = this
    const header = line.split(',').map((h) => h.trim())
    const slot = header.map((name) => variables.indexOf(name))
    const stray = slot.indexOf(-1)
    if (stray >= 0) {
      const list = variables.length > 0 ? variables.join(', ') : 'none'
      const start = line.split(',').slice(0, stray).join(',').length + (stray > 0 ? 1 : 0)
      throw pointsError(
        'unknown-variable',
        `line ${this.line}: column ${quoted(header[stray])} is not a variable of the expression (${list})`,
        line,
        start,
        start + Math.max(1, header[stray].length),
      )
    }
    const missing = variables.filter((v) => !header.includes(v))
    if (missing.length > 0)
      throw pointsError('missing-variable', `the header has no column for ${missing.join(', ')}`)
    const twice = header.find((h, i) => header.indexOf(h) !== i)
    if (twice !== undefined) throw pointsError('invalid-point', `the header names ${twice} twice`)
    return slot
  }

  private row(line: string, slot: readonly number[]): void {
    const cells = line.split(',')
    if (cells.length !== slot.length) {
      throw pointsError(
        'invalid-point',
        `line ${this.line}: ${cells.length} values, the header has ${slot.length}`,
        line,
        0,
        line.length,
      )
    }
    let at = 0
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c].trim()
      const x = parseNumber(cell)
      if (x === undefined) {
        const start = at + (cells[c].length - cells[c].trimStart().length)
        throw pointsError(
          'invalid-number',
          `line ${this.line}: ${quoted(cell)} ${numberProblem(cell)}`,
          line,
          start,
          start + Math.max(1, cell.length),
        )
      }
      this.x[slot[c]] = x
      at += cells[c].length + 1
    }
    this.batches.add(this.x)
  }
}
