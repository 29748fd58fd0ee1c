// CSV points: a header of variable names, then one point per line, columns
// in any order; blank lines and spaces around cells are ignored. Parsed line
// by line as text arrives: only the unfinished last line is carried over.

import { quoted } from '../errors.js'
import { numberProblem, parseNumber } from '../numbers.js'
import { type Batches, MAX_PIECE, onLine, type PointParser, pointsError } from './batches.js'

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
      throw pointsError('invalid-point', [
        `line ${this.line + 1} is longer than ${MAX_PIECE} characters`,
        `${this.line + 1}번째 줄이 ${MAX_PIECE}자보다 깁니다`,
      ])
    }
  }

  end(): void {
    if (this.carry !== '') this.take(this.carry.replace(/\r$/, ''))
    this.carry = ''
    if (this.slot === undefined)
      throw pointsError('invalid-point', [
        'the file is empty; expected a header of variable names',
        '파일이 비어 있습니다. 변수 이름으로 된 머리글 줄이 필요합니다',
      ])
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
      const [en, ko] = onLine(this.line)
      const column = quoted(header[stray])
      throw pointsError(
        'unknown-variable',
        [
          `${en}column ${column} is not a variable of the expression (${list})`,
          `${ko}열 ${column}은(는) 식의 변수가 아닙니다 (${variables.length > 0 ? list : '없음'})`,
        ],
        line,
        start,
        start + Math.max(1, header[stray].length),
      )
    }
    const missing = variables.filter((v) => !header.includes(v))
    if (missing.length > 0)
      throw pointsError('missing-variable', [
        `the header has no column for ${missing.join(', ')}`,
        `머리글에 ${missing.join(', ')}의 열이 없습니다`,
      ])
    const twice = header.find((h, i) => header.indexOf(h) !== i)
    if (twice !== undefined)
      throw pointsError('invalid-point', [
        `the header names ${twice} twice`,
        `머리글에 ${twice}이(가) 두 번 있습니다`,
      ])
    return slot
  }

  private row(line: string, slot: readonly number[]): void {
    const cells = line.split(',')
    if (cells.length !== slot.length) {
      const [en, ko] = onLine(this.line)
      throw pointsError(
        'invalid-point',
        [
          `${en}${cells.length} values, the header has ${slot.length}`,
          `${ko}값이 ${cells.length}개인데 머리글에는 ${slot.length}개입니다`,
        ],
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
        const [en, ko] = onLine(this.line)
        const [why, whyKo] = numberProblem(cell)
        throw pointsError(
          'invalid-number',
          [`${en}${quoted(cell)} ${why}`, `${ko}${quoted(cell)}${whyKo}`],
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
