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
  const label = c.red(lang === 'ko' ? '오류:' : 'error:')
  if (e instanceof CommanderError) {
    // Commander's own line breaks (before "(Did you mean …?)") are kept.
    const safe = (text: string) =>
      text
        .replace(/^error: /, '')
        .split('\n')
        .map(terminalSafe)
        .join('\n')
    const message = safe(e.message)
    if (json !== false)
      io.stdout.write(`${JSON.stringify({ error: { code: 'usage', message } }, null, json)}\n`)
    io.stderr.write(`${label} ${lang === 'ko' ? safe(commanderKo(e.code, e.message)) : message}\n`)
    return 2
  }
  const error = toCliError(e)
  const body = errorJson(error)
  if (json !== false) {
    const safe = { ...body, error: { ...body.error, message: terminalSafe(body.error.message) } }
    io.stdout.write(`${JSON.stringify(safe, null, json)}\n`)
  }
  io.stderr.write(`${label} ${terminalSafe(localized(error, lang))}${await where(error, lang)}\n`)
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
async function where(e: UsageError | EvaluationError, lang: 'en' | 'ko'): Promise<string> {
  if (!(e instanceof UsageError) || !e.source || e.source.start < 0) return ''
  // Loaded here, not at startup: --help and --version need nothing from core.
  const { caret, position } = await import('@chainrule/core')
  const { text, start, end } = e.source
  const { line, column } = position(text, start)
  const at =
    lang === 'ko'
      ? `${text.includes('\n') ? `${line}번째 줄 ` : ''}${column}번째 열`
      : text.includes('\n')
        ? `line ${line}, column ${column}`
        : `column ${column}`
  return ` (${at})\n${caret(text, start, end)}`
}

// Commander's own errors, by code: the English it words (names and values
// quoted as given) and the same in Korean.
const COMMANDER_KO: readonly (readonly [string, RegExp, (...groups: string[]) => string])[] = [
  [
    'commander.missingArgument',
    /^missing required argument '(.*)'$/,
    (name) => `필수 인수 '${name}'이(가) 없습니다`,
  ],
  [
    'commander.optionMissingArgument',
    /^option '(.*)' argument missing$/,
    (flags) => `옵션 '${flags}'에 값이 없습니다`,
  ],
  [
    'commander.missingMandatoryOptionValue',
    /^required option '(.*)' not specified$/,
    (flags) => `필수 옵션 '${flags}'이(가) 없습니다`,
  ],
  ['commander.unknownOption', /^unknown option '(.*)'$/, (flag) => `알 수 없는 옵션 '${flag}'입니다`],
  ['commander.unknownCommand', /^unknown command '(.*)'$/, (name) => `알 수 없는 명령 '${name}'입니다`],
  [
    'commander.excessArguments',
    /^too many arguments.*Expected (\d+) arguments? but got (\d+)\.$/,
    (want, got) => `인수가 너무 많습니다: ${want}개가 와야 하는데 ${got}개입니다`,
  ],
  [
    'commander.invalidArgument',
    /^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/,
    (flags, value, choices) => `옵션 '${flags}'에 '${value}'은(는) 쓸 수 없습니다. 쓸 수 있는 값: ${choices}`,
  ],
  [
    'commander.invalidArgument',
    /^command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/,
    (value, name, choices) => `인수 '${name}'에 '${value}'은(는) 쓸 수 없습니다. 쓸 수 있는 값: ${choices}`,
  ],
]

/** A commander error's message in Korean, its "(Did you mean …?)" line too; a wording it does not know stays English. */
export function commanderKo(code: string, message: string): string {
  const [first, ...rest] = message.replace(/^error: /, '').split('\n')
  const mean = rest
    .join('\n')
    .replace(/\(Did you mean one of (.*)\?\)/, '(다음 중 하나를 쓰려던 것인가요? $1)')
    .replace(/\(Did you mean (.*)\?\)/, '($1을(를) 쓰려던 것인가요?)')
  let ko: string | undefined
  for (const [c, pattern, say] of COMMANDER_KO) {
    const m = c === code ? pattern.exec(first) : null
    if (m) ko = say(...m.slice(1))
  }
  return [ko ?? first, ...(mean ? [mean] : [])].join('\n')
}
