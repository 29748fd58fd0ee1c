// What the points readers share: batches of parsed points, the bound on
// what a reader may buffer, and the shape of their errors.

import { UsageError } from '../errors.js'

export interface Batch {
  /** k×n, row-major, in the order of the program's variables. */
  readonly points: Float64Array
  readonly k: number
}

/** What a format's parser is fed: text as it arrives, then the end. */
export interface PointParser {
  push(text: string): void
  end(): void
}

/** Collects parsed points into batches of `size`; full batches wait in `ready`. */
export class Batches {
  readonly ready: Batch[] = []
  private rows: Float64Array
  private k = 0

  constructor(
    private readonly n: number,
    private readonly size: number,
  ) {
    this.rows = new Float64Array(size * n)
  }

  add(x: ArrayLike<number>): void {
    this.rows.set(x, this.k * this.n)
    if (++this.k === this.size) this.flush()
  }

  flush(): void {
    if (this.k === 0) return
    this.ready.push({ points: this.rows.subarray(0, this.k * this.n), k: this.k })
    this.rows = new Float64Array(this.size * this.n)
    this.k = 0
  }
}

/** Longest line (CSV) or token (JSON) a points file may have: bounds what is buffered. */
export const MAX_PIECE = 1 << 16

/** A refusal of the points file, said in English and in Korean (`--lang ko`). */
export function pointsError(
  code: string,
  [message, ko]: readonly [en: string, ko: string],
  text?: string,
  start = 0,
  end = 1,
): UsageError {
  return new UsageError(
    code,
    `--points: ${message}`,
    text === undefined ? undefined : { field: 'points', text, start, end },
    `--points: ${ko}`,
  )
}

/** `line 3: ` and `3번째 줄: `, how a message names the line it is about. */
export const onLine = (line: number): readonly [string, string] => [`line ${line}: `, `${line}번째 줄: `]

/** `line 3, column 7: ` and `3번째 줄 7번째 열: `. */
export const atColumn = (line: number, column: number): readonly [string, string] => [
  `line ${line}, column ${column}: `,
  `${line}번째 줄 ${column}번째 열: `,
]
