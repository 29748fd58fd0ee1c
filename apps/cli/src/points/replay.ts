// `eval` and `grad` over a file of points: batched replays of one compiled
// program, streamed as CSV (a header, then one row per point) or, with
// --json, as JSON lines. The file is read, replayed and written one batch at
// a time, a batch being core's points limit (the most points the API takes
// in one request): memory stays bounded by the batch, whatever the file's
// size, and the file as a whole has no point limit (it is the user's own).
// Each batch is one evaluateBatch or gradientBatch call, so the tape is
// dispatched once per node per batch, not once per point.

import type { Program, Session } from '../context.js'
import { UsageError } from '../errors.js'
import { allFinite, derivativeLabel, outputLabels } from '../results.js'
import { readPoints } from './read.js'

export type Mode = 'eval' | 'grad'

/** The file's text chunks; a file that cannot be read is a usage error, not a stack trace. */
async function* source(s: Session, file: string): AsyncIterable<string> {
  try {
    yield* file === '-' ? s.io.stdin() : s.io.file(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === undefined) throw e
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code
    const whyKo = code === 'ENOENT' ? '파일이 없습니다' : code === 'EISDIR' ? '디렉터리입니다' : code
    throw new UsageError(
      'points-file',
      `--points: cannot read ${file}: ${why}`,
      undefined,
      `--points: ${file}을(를) 읽을 수 없습니다: ${whyKo}`,
    )
  }
}

/** A number as CSV or JSON text, through core's encoding (docs/ARCHITECTURE.md §11): non-finite numbers as its strings. */
interface NumberText {
  readonly csv: (x: number) => string
  readonly json: (x: number) => string
}

function numberText(encodeNumber: Session['api']['encodeNumber']): NumberText {
  return {
    csv: (x) => String(encodeNumber(x)),
    json: (x) => {
      const e = encodeNumber(x)
      return typeof e === 'number' ? String(e) : `"${e}"`
    },
  }
}

export async function replayPoints(s: Session, program: Program, mode: Mode): Promise<void> {
  const vars = program.variables
  const n = vars.length
  const m = program.outputs
  if (mode === 'grad' && m !== 1) {
    throw new UsageError(
      'usage',
      `grad needs one expression; this list has ${m} (use jacobian)`,
      undefined,
      `grad에는 식이 하나 필요한데 이 목록에는 ${m}개가 있습니다 (jacobian을 쓰세요)`,
    )
  }
  const outputs = outputLabels(m)
  const json = s.globals.json
  const batches = readPoints(source(s, s.globals.points!), vars, s.api, s.api.DEFAULT_LIMITS.points)
  // The first batch is read before anything is written: a missing file, a bad
  // header or a bad row among the first points leaves stdout empty.
  const first = await batches.next()
  // The API's work budget, per batch (a batch is at most the API's points per request).
  const refuse = (c: number) => s.refuseOverWork(mode === 'eval' ? 'evaluate' : 'gradient', program, { k: c })
  if (!first.done) refuse(first.value.k)
  if (!json) {
    const names = [
      ...vars,
      ...outputs,
      // ASCII unless asked: a spreadsheet or a shell pipeline should not have to handle ∂.
      ...(mode === 'grad'
        ? vars.map((_, j) => {
            const label = derivativeLabel(vars, j)
            return s.globals.unicodeHeaders ? label : label.replaceAll('∂', 'd')
          })
        : []),
    ]
    s.print(names.join(','))
  }
  const num = numberText(s.api.encodeNumber)
  const line: LineShape = {
    num,
    n,
    m,
    mode,
    keys: vars.map((v, j) => `${j === 0 ? '' : ','}${JSON.stringify(v)}:`),
    paths: vars.map((v) => s.api.pointer('/at', v)),
  }
  const progress = s.progress()
  let bad = 0
  let firstBad = -1
  let k = 0
  const width = mode === 'grad' ? 1 + n : m

  for (let next = first; !next.done; next = await batches.next()) {
    const { points: X, k: c } = next.value
    if (next !== first) refuse(c)
    const results = replay(program, mode, X, c)
    let text = ''
    for (let i = 0; i < c; i++) {
      const row = results.subarray(i * width, (i + 1) * width)
      const x = X.subarray(i * n, (i + 1) * n)
      if (!allFinite(row) && bad++ === 0) firstBad = k + i
      text += `${json ? jsonLine(line, x, row) : csvLine(num, x, row)}\n`
    }
    k += c
    s.io.stdout.write(text)
    // A slow reader (a pipe to a busy process) holds up reading, so output does not pile up in memory.
    await s.io.stdout.drain?.()
    // Every batch is a whole batched replay, worth a redraw.
    progress.update(() => `${k} points`, true)
  }
  progress.done()
  if (bad > 0) {
    s.flag()
    s.warn(
      s.globals.lang === 'ko'
        ? `점 ${k}개 중 ${bad}개의 결과가 유한하지 않습니다 (첫째는 ${firstBad + 1}번째 점)`
        : `${bad} of ${k} points gave a result that is not finite (the first is point ${firstBad + 1})`,
    )
  }
}

/** One batched replay: c rows of the m values, then (grad) the n partials. */
function replay(program: Program, mode: Mode, X: Float64Array, c: number): Float64Array {
  if (mode === 'eval') return program.evaluateBatch(X, c)
  const { value, gradient } = program.gradientBatch(X, c)
  const n = gradient.length / Math.max(c, 1)
  const rows = new Float64Array(c * (1 + n))
  for (let i = 0; i < c; i++) {
    rows[i * (1 + n)] = value[i]
    rows.set(gradient.subarray(i * n, (i + 1) * n), i * (1 + n) + 1)
  }
  return rows
}

function csvLine(num: NumberText, x: Float64Array, row: Float64Array): string {
  let line = ''
  for (let j = 0; j < x.length; j++) line += `${num.csv(x[j])},`
  for (let j = 0; j < row.length; j++) line += j === 0 ? num.csv(row[j]) : `,${num.csv(row[j])}`
  return line
}

interface LineShape {
  readonly num: NumberText
  readonly n: number
  readonly m: number
  readonly mode: Mode
  /** `"x":` for each variable, comma-led after the first. */
  readonly keys: readonly string[]
  /** `/at/x` for each variable. */
  readonly paths: readonly string[]
}

/** One JSON line: {"at":{…},"value":…,"gradient":[…]} (eval of a list: "value":[…]), plus nonFinite paths. */
function jsonLine(shape: LineShape, x: Float64Array, row: Float64Array): string {
  const { n, m, mode } = shape
  const jsonNumber = shape.num.json
  let at = ''
  for (let j = 0; j < n; j++) at += shape.keys[j] + jsonNumber(x[j])
  const value = mode === 'grad' || m === 1 ? jsonNumber(row[0]) : `[${Array.from(row, jsonNumber).join(',')}]`
  const gradient = mode === 'grad' ? `,"gradient":[${Array.from(row.subarray(1), jsonNumber).join(',')}]` : ''
  const paths: string[] = []
  for (let j = 0; j < n; j++) if (!Number.isFinite(x[j])) paths.push(shape.paths[j])
  if (mode === 'grad') {
    if (!Number.isFinite(row[0])) paths.push('/value')
    for (let j = 1; j < row.length; j++) if (!Number.isFinite(row[j])) paths.push(`/gradient/${j - 1}`)
  } else {
    for (let j = 0; j < m; j++) if (!Number.isFinite(row[j])) paths.push(m === 1 ? '/value' : `/value/${j}`)
  }
  const nonFinite = paths.length > 0 ? `,"nonFinite":${JSON.stringify(paths)}` : ''
  return `{"at":{${at}},"value":${value}${gradient}${nonFinite}}`
}
