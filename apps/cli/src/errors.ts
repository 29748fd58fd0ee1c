// The errors a command reports to its user, each with its exit code. They
// are printed as one message line (and a caret line under the offending
// text, when there is one); a stack trace is never shown.

/** Which piece of input `start`/`end` index into. */
export type Field = 'expression' | 'at' | 'from' | 'h' | 'points'

export interface Source {
  readonly field: Field
  readonly text: string
  readonly start: number
  readonly end: number
}

/** Exit 2: the command line, an option's value or the expression is wrong. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly exitCode = 2

  constructor(
    readonly code: string,
    message: string,
    readonly source?: Source,
  ) {
    super(message)
  }
}

/** Exit 1: the input was fine but evaluating it failed (a trap, memory exhausted). */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError'
  readonly exitCode = 1
  readonly code = 'evaluation'
}

/**
 * A piece of the user's input inside a message: quoted and at most 24
 * characters. What it may contain is made safe where every message leaves
 * the CLI (run.ts, with core's terminalSafe), so no quoted piece can carry an
 * escape sequence or a bidi override to the terminal.
 */
export function quoted(text: string): string {
  return `'${text.length > 24 ? `${text.slice(0, 23)}…` : text}'`
}

/** The error object of `--json` mode, the HTTP API's shape plus the field the offsets index. */
export function errorJson(e: UsageError | EvaluationError): {
  error: { code: string; message: string; field?: Field; start?: number; end?: number }
} {
  const where =
    e instanceof UsageError && e.source && e.source.start >= 0
      ? { field: e.source.field, start: e.source.start, end: e.source.end }
      : {}
  return { error: { code: e.code, message: e.message, ...where } }
}
