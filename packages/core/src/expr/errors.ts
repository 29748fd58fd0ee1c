// Expression errors and how they are shown. The CLI, the HTTP API and the web
// page all render an error through `formatError`/`caret`, so a message looks
// the same everywhere. Messages quote at most a few characters of the input
// (`quote`), and the caret window is bounded, so rendering an error of a
// hostile 4 KiB input never echoes it back whole.

export type ExpressionErrorCode =
  /** Nothing but whitespace. */
  | 'empty'
  /** Longer than `limits.length`. */
  | 'too-long'
  /** Nesting deeper than `limits.depth`. */
  | 'too-deep'
  /** More syntax-tree nodes than `limits.nodes`. */
  | 'too-many-nodes'
  /** More distinct variables than `limits.variables`. */
  | 'too-many-variables'
  /** A name (in the text or in `variables`) longer than `limits.identifier`. */
  | 'too-long-name'
  /** A character outside the language: non-ASCII, a control character, `=`, `[`, a quote, … */
  | 'bad-character'
  /** A malformed number: `1e`, `1.`, `1..2`, `.`, `0x10`, `1_000`. */
  | 'bad-number'
  /** A literal too large for a 64-bit float (`1e999` would be Infinity). */
  | 'number-overflow'
  /** `.` after a name, a number or `)`: there is no member access. */
  | 'member-access'
  /** A name JavaScript owns (`constructor`, `__proto__`, `eval`, …), refused as a variable. */
  | 'reserved-name'
  /** `f(…)` where f is not a function of the language. */
  | 'unknown-function'
  /** A function name without its argument list: `sin` or `sin x`. */
  | 'missing-call'
  /** A function given the wrong number of arguments. */
  | 'arity'
  /** A token where it cannot stand: `x y`, `2 3`, `* x`, `x,,y`. */
  | 'unexpected-token'
  /** The text ends where an operand was expected: `x +`. */
  | 'unexpected-end'
  /** A `(` that is never closed. */
  | 'unclosed-paren'
  /** A `)` with no `(`. */
  | 'unmatched-paren'
  /** The expression uses a variable missing from `compile(…, { variables })`. */
  | 'unknown-variable'
  /** `compile(…, { variables })` lists a bad name (not an identifier, reserved, repeated, a function). */
  | 'bad-variables'

export interface ExpressionErrorAbout {
  /** The name the error is about (`sinn`). */
  readonly name?: string
  /** The known name it is probably a typo of (`sin`). */
  readonly suggestion?: string
  /** How the function is called (`sin(x)`). */
  readonly usage?: string
}

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError'

  /**
   * `start`/`end` are offsets into the expression text ([start, end), in UTF-16
   * code units, as JavaScript strings index). Both are -1 for an error that is
   * not about a place in the text (a bad `variables` option). `detail`, when
   * given, is appended in parentheses: a list of names that a hostile input
   * can make long, which a caller short of room drops by showing `brief`.
   */
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    readonly start: number,
    readonly end: number,
    readonly detail?: string,
    /** What the message is about, for a translation to say too: the name, a suggested name, a usage. */
    readonly about?: ExpressionErrorAbout,
  ) {
    super(detail === undefined ? message : `${message} (${detail})`)
    this.brief = message
  }

  /** The message without its parenthesised `detail` (the whole message when there is none). */
  readonly brief: string

  /** The JSON shape the HTTP API returns (no stack, no input beyond what the message quotes). */
  toJSON(): { code: ExpressionErrorCode; message: string; start?: number; end?: number } {
    const base = { code: this.code, message: this.message }
    return this.start < 0 ? base : { ...base, start: this.start, end: this.end }
  }
}

export function isExpressionError(e: unknown): e is ExpressionError {
  return e instanceof ExpressionError
}

const QUOTE_MAX = 24

/** `'text'` for a message: printable ASCII only, at most 24 characters. */
export function quote(text: string): string {
  const shown = text.length > QUOTE_MAX ? `${printable(text.slice(0, QUOTE_MAX - 1))}…` : printable(text)
  return `'${shown}'`
}

/**
 * Names for a message, bounded however many there are: the first few, each
 * quoted, then how many more ('a', 'b', 'c' and 61 more).
 */
export function quoteList(names: readonly string[], max = 3): string {
  if (names.length === 0) return 'none'
  const shown = names.slice(0, max).map(quote).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}

/**
 * Each code unit outside printable ASCII becomes '?' (a tab or carriage return
 * a space), so columns stay aligned and no control character, bidirectional
 * override or half of a surrogate pair reaches a terminal or a web page.
 */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => (c === '\t' || c === '\r' ? ' ' : '?'))
}

export interface CaretOptions {
  /** Columns of source to show around the error (default 64); longer lines are cut with '…'. */
  width?: number
}

/** Line and column (1-based, in code units) of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * Two lines: the source line holding [start, end) and a row of '^' under it.
 * Empty when start < 0. The span is clipped to its first line and the window.
 */
export function caret(text: string, start: number, end: number, opts: CaretOptions = {}): string {
  if (start < 0) return ''
  const width = Math.max(8, opts.width ?? 64)
  const at = Math.min(start, text.length)
  let lineStart = at
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--
  let lineEnd = at
  while (lineEnd < text.length && text[lineEnd] !== '\n') lineEnd++
  // A window of `width` columns, placed so the caret sits about a third of the way in.
  let from = Math.max(lineStart, at - Math.floor(width / 3))
  const to = Math.min(lineEnd, from + width)
  from = Math.max(lineStart, Math.min(from, to - width))
  const head = from > lineStart ? '…' : ''
  const tail = to < lineEnd ? '…' : ''
  const shown = head + printable(text.slice(from, to)) + tail
  const marks = Math.max(1, Math.min(end, to) - at)
  return `  ${shown}\n  ${' '.repeat(head.length + at - from)}${'^'.repeat(marks)}`
}

/** The message, where it happened, and the caret lines: the one rendering every front end uses. */
export function formatError(error: ExpressionError, text: string, opts: CaretOptions = {}): string {
  if (error.start < 0) return error.message
  const { line, column } = position(text, error.start)
  const where = text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
  return `${error.message} (${where})\n${caret(text, error.start, error.end, opts)}`
}
