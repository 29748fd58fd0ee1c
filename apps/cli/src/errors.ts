// The errors a command reports to its user, each with its exit code. They
// are printed as one message line (and a caret line under the offending
// text, when there is one); a stack trace is never shown.

import { quoteInput } from '@chainrule/core/terminal-safe'

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
    /** The same message in Korean, for --lang ko (--json keeps the English). */
    readonly ko?: string,
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
 * A piece of the user's input inside a message: core's bounded quote, the
 * same rule as the API's (a subpath import, so --help and --version still
 * load nothing else of core). Other scripts pass through; run.ts applies
 * terminalSafe to every message again on its way out.
 */
export function quoted(text: string): string {
  return quoteInput(text)
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
