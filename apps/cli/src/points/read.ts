// `--points FILE`: many points from a CSV file with a header of variable
// names, or a JSON array of objects ({"x": 1, "y": 2}; NaN and ±Infinity as
// §12's strings). Read into one row-major k×n array in the program's
// variable order, ready for a batched replay. A JSON file goes through core's
// decodePoints, so the API and the CLI accept the same points.

import type { Chainrule } from '../backends.js'
import { UsageError } from '../errors.js'
import { parseNumber } from '../numbers.js'

export interface Points {
  /** k×n, row-major, in the order of the program's variables. */
  readonly points: Float64Array
  readonly k: number
}

/** JSON when the first character that is not whitespace is `[`; CSV otherwise. */
export function readPoints(text: string, variables: readonly string[], api: Chainrule): Points {
  return /^\s*\[/.test(text) ? readJson(text, variables, api) : readCsv(text, variables)
}

function fail(code: string, message: string, text?: string, start = 0, end = 1): UsageError {
  return new UsageError(
    code,
    `--points: ${message}`,
    text === undefined ? undefined : { field: 'points', text, start, end },
  )
}

function readJson(text: string, variables: readonly string[], api: Chainrule): Points {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw fail('invalid-json', `not valid JSON (${(e as Error).message})`)
  }
  try {
    return api.decodePoints(value, variables)
  } catch (e) {
    if (e instanceof api.DecodeError) throw fail(e.code, e.message)
    throw e
  }
}

function readCsv(text: string, variables: readonly string[]): Points {
  const lines = text.split(/\r?\n/)
  let row = 0
  while (row < lines.length && lines[row].trim() === '') row++
  if (row === lines.length)
    throw fail('invalid-point', 'the file is empty; expected a header of variable names')
  const headerLine = lines[row]
  const header = headerLine.split(',').map((h) => h.trim())
  const n = variables.length
  // column → input index
  const slot = header.map((name) => variables.indexOf(name))
  const stray = slot.indexOf(-1)
  if (stray >= 0) {
    const list = variables.length > 0 ? variables.join(', ') : 'none'
    const start = headerLine.split(',').slice(0, stray).join(',').length + (stray > 0 ? 1 : 0)
    throw fail(
      'unknown-variable',
      `line ${row + 1}: column '${header[stray]}' is not a variable of the expression (${list})`,
      headerLine,
      start,
      start + Math.max(1, header[stray].length),
    )
  }
  const missing = variables.filter((v) => !header.includes(v))
  if (missing.length > 0) throw fail('missing-variable', `the header has no column for ${missing.join(', ')}`)
  const twice = header.find((h, i) => header.indexOf(h) !== i)
  if (twice !== undefined) throw fail('invalid-point', `the header names ${twice} twice`)

  const points = new Float64Array((lines.length - row - 1) * n)
  let k = 0
  for (let i = row + 1; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '') continue
    const cells = line.split(',')
    if (cells.length !== header.length) {
      throw fail(
        'invalid-point',
        `line ${i + 1}: ${cells.length} values, the header has ${header.length}`,
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
        const shown = cell.length > 24 ? `${cell.slice(0, 23)}…` : cell
        throw fail(
          'invalid-number',
          `line ${i + 1}: '${shown}' is not a number`,
          line,
          start,
          start + Math.max(1, cell.length),
        )
      }
      points[k * n + slot[c]] = x
      at += cells[c].length + 1
    }
    k++
  }
  return { points: points.subarray(0, k * n), k }
}
