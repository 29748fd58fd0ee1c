// One run of the CLI: parse, dispatch, and turn whatever went wrong into one
// message (a caret under the offending text when there is one) and an exit
// code: 0 success, 1 a result is not finite or evaluation failed, 2 usage or
// expression error. Stack traces are for CHAINRULE_DEBUG=1 only.

import { CommanderError } from 'commander'
import { colorsFor } from './colors.js'
import { Context } from './context.js'
import { EvaluationError, errorJson, UsageError } from './errors.js'
import type { Io } from './io.js'
import { createProgram } from './program.js'

/**
 * --json anywhere before a `--` (commander may fail before it has parsed the
 * options): the error object pretty-printed, or on one line with --points,
 * whose output is JSON lines that may already have begun.
 */
function jsonIndent(argv: readonly string[]): number | undefined | false {
  const end = argv.indexOf('--')
  const args = end < 0 ? argv : argv.slice(0, end)
  if (!args.includes('--json')) return false
  return args.some((a) => a === '--points' || a.startsWith('--points=')) ? undefined : 2
}

/** --lang ko (or --lang=ko) before a `--`: error messages in Korean too. */
function wantsKorean(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  const args = end < 0 ? argv : argv.slice(0, end)
  const i = args.indexOf('--lang')
  return args.includes('--lang=ko') || (i >= 0 && args[i + 1] === 'ko')
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const ctx = new Context(io)
  try {
    await createProgram(ctx).parseAsync([...argv], { from: 'user' })
    return ctx.exitCode
  } catch (e) {
    return await report(e, io, jsonIndent(argv), wantsKorean(argv) ? 'ko' : 'en')
  }
}

async function report(
  e: unknown,
  io: Io,
  json: number | undefined | false,
  lang: 'en' | 'ko',
): Promise<number> {
  // Help and --version end the same way; commander has already printed them.
  if (e instanceof CommanderError && e.exitCode === 0) return 0
  // Messages quote the user's input (a CSV cell, a JSON key, an option's
  // value): whatever control or bidi character it holds is replaced before
  // anything reaches the terminal, in --json output too. Loaded here, not at
  // startup: --help and --version need nothing from core.
  const { terminalSafe } = await import('@chainrule/core')
  const c = colorsFor(io.stderr, io.env)
  if (e instanceof CommanderError) {
    // Commander's own line breaks (before "(Did you mean …?)") are kept.
    const message = e.message
      .replace(/^error: /, '')
      .split('\n')
      .map(terminalSafe)
      .join('\n')
    if (json !== false)
      io.stdout.write(`${JSON.stringify({ error: { code: 'usage', message } }, null, json)}\n`)
    io.stderr.write(`${c.red('error:')} ${message}\n`)
    return 2
  }
  const error = toCliError(e)
  const body = errorJson(error)
  if (json !== false) {
    const safe = { ...body, error: { ...body.error, message: terminalSafe(body.error.message) } }
    io.stdout.write(`${JSON.stringify(safe, null, json)}\n`)
  }
  io.stderr.write(`${c.red('error:')} ${terminalSafe(localized(error, lang))}${await where(error)}\n`)
  if (io.env.CHAINRULE_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`)
  return error.exitCode
}

/**
 * Core signals a bad argument (a negative step, the wrong number of values)
 * with RangeError; anything else that escapes a command is an evaluation failure.
 */
function toCliError(e: unknown): UsageError | EvaluationError {
  if (e instanceof UsageError || e instanceof EvaluationError) return e
  if (e instanceof RangeError) return new UsageError('usage', e.message)
  return new EvaluationError(e instanceof Error ? e.message : String(e))
}

/** The message for a person: in Korean under --lang ko where the error has it (the JSON keeps the English). */
function localized(e: UsageError | EvaluationError, lang: 'en' | 'ko'): string {
  if (lang === 'en' || !(e instanceof UsageError)) return e.message
  return e.ko ?? e.message
}

/** ` (column 5)` and the caret lines under the source, when the error points into one. */
async function where(e: UsageError | EvaluationError): Promise<string> {
  if (!(e instanceof UsageError) || !e.source || e.source.start < 0) return ''
  // Loaded here, not at startup: --help and --version need nothing from core.
  const { caret, position } = await import('@chainrule/core')
  const { text, start, end } = e.source
  const { line, column } = position(text, start)
  const at = text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
  return ` (${at})\n${caret(text, start, end)}`
}
