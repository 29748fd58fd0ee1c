// `--at x=2,y=3` and `--from x=-1.2,y=1`: a point on the command line. Each
// value is a number literal or a constant expression of the language
// (`pi/4`, `-e^2`, `1/3`); which names a program needs, and in what order,
// is core's rule (decodePoint), so the CLI and the HTTP API agree on it.

import { type Lang, MESSAGES, withRo } from '@chainrule/core'
import type { Chainrule } from './backends.js'
import type { Program, Session } from './context.js'
import { type Field, quoted, UsageError } from './errors.js'
import { num } from './format/number.js'
import { parseNumber } from './numbers.js'

export interface Assignment {
  readonly name: string
  readonly value: number
  /** Span of the whole `name=value` in the option text. */
  readonly start: number
  readonly end: number
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Splits at commas outside parentheses, so `x=atan2(1,2)` is one assignment. */
function split(text: string): { part: string; start: number }[] {
  const parts: { part: string; start: number }[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i <= text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (i === text.length || (c === ',' && depth <= 0)) {
      parts.push({ part: text.slice(from, i), start: from })
      from = i + 1
    }
  }
  return parts
}

/** The assignments of `text`, in the order given; values are evaluated with `api`'s compiler. */
export function parseAssignments(text: string, field: Field, api: Chainrule): Assignment[] {
  const bad = (message: string, ko: string, start: number, end: number) =>
    new UsageError('invalid-point', message, { field, text, start, end }, ko)
  const seen = new Set<string>()
  const out: Assignment[] = []
  for (const { part, start: from } of split(text)) {
    const lead = part.length - part.trimStart().length
    const start = from + lead
    const end = from + part.trimEnd().length
    const eq = part.indexOf('=')
    if (part.trim() === '') {
      throw bad(
        `--${field}: expected name=value, got an empty entry`,
        `--${field}: 이름=값이 와야 하는데 빈 항목입니다`,
        start,
        Math.max(end, start + 1),
      )
    }
    if (eq < 0) {
      const got = quoted(part.trim())
      throw bad(
        `--${field}: expected name=value, got ${got}`,
        `--${field}: 이름=값이 와야 하는데 ${got}입니다`,
        start,
        end,
      )
    }
    const name = part.slice(0, eq).trim()
    if (!NAME.test(name)) {
      const got = quoted(name)
      throw bad(
        `--${field}: ${got} is not a variable name`,
        `--${field}: ${got}은(는) 변수 이름이 아닙니다`,
        start,
        from + eq,
      )
    }
    if (seen.has(name))
      throw bad(
        `--${field}: ${name} is given twice`,
        `--${field}: ${name}이(가) 두 번 주어졌습니다`,
        start,
        end,
      )
    seen.add(name)
    const valueText = part.slice(eq + 1).trim()
    const valueStart = from + eq + 1 + (part.slice(eq + 1).length - part.slice(eq + 1).trimStart().length)
    out.push({ name, value: evaluateConstant(valueText, valueStart, field, text, api), start, end })
  }
  return out
}

function evaluateConstant(value: string, at: number, field: Field, text: string, api: Chainrule): number {
  const literal = parseNumber(value)
  if (literal !== undefined) return literal
  const fail = (message: string, ko: string, start = at, end = at + Math.max(1, value.length)) =>
    new UsageError('invalid-number', message, { field, text, start, end }, ko)
  if (value === '')
    throw fail(`--${field}: a value is missing after '='`, `--${field}: '=' 뒤에 값이 없습니다`)
  let program: ReturnType<Chainrule['compile']>
  try {
    // Evaluated once: never worth compiling to WebAssembly.
    program = api.compile(value, { compile: 'never' })
  } catch (e) {
    if (e instanceof api.ExpressionError && e.start >= 0) {
      const ko = api.expressionErrorMessage('ko', e.code, e.message, e.about)
      throw fail(`--${field}: ${e.message}`, `--${field}: ${ko}`, at + e.start, at + e.end)
    }
    throw e
  }
  try {
    if (program.variables.length > 0 || program.outputs !== 1) {
      throw fail(
        `--${field}: ${quoted(value)} is not a number or a constant expression such as pi/4`,
        `--${field}: ${quoted(value)}은(는) 숫자도, pi/4 같은 상수식도 아닙니다`,
      )
    }
    return program.evaluate([])[0]
  } finally {
    program.dispose()
  }
}

/** The point in the order of `variables`, as core's decodePoint orders and checks it. */
export function pointFor(
  assignments: readonly Assignment[],
  variables: readonly string[],
  field: Field,
  text: string,
  api: Chainrule,
): Float64Array {
  const known = new Set(variables)
  const stray = assignments.find((a) => !known.has(a.name))
  const list = variables.length > 0 ? variables.join(', ') : 'none'
  if (stray) {
    // `xy` is one variable: a name a stray single letter is part of was likely meant as a product.
    const joined = variables.find((v) => /^[a-z]{2,3}$/i.test(v) && v.includes(stray.name))
    // `e` is Euler's number in an expression, never a variable: say so, and how to name one.
    const euler = stray.name === 'e' ? (lang: Lang) => MESSAGES[lang].euler(Math.E.toPrecision(6)) : undefined
    const hint = joined
      ? `; ${joined} is one variable named ${joined}, not a product: for the product write ${[...joined].join('*')}`
      : euler
        ? `; ${euler('en')}`
        : ''
    const hintKo = joined
      ? ` ${joined}는 곱이 아니라 이름이 ${joined}인 변수 하나입니다. 곱은 ${withRo([...joined].join('*'))} 쓰세요.`
      : euler
        ? ` ${euler('ko')}`
        : ''
    throw new UsageError(
      'unknown-variable',
      `--${field}: ${stray.name} is not a variable of the expression (${list})${hint}`,
      {
        field,
        text,
        start: stray.start,
        end: stray.end,
      },
      `--${field}: ${stray.name}은(는) 식의 변수가 아닙니다 (${variables.length > 0 ? list : '없음'}).${hintKo}`,
    )
  }
  try {
    return api.decodePoint(Object.fromEntries(assignments.map((a) => [a.name, a.value])), variables)
  } catch (e) {
    if (e instanceof api.DecodeError) {
      const missing = e.code === 'missing-variable'
      const message = missing ? `--${field}: ${e.message} (variables: ${list})` : `--${field}: ${e.message}`
      const ko = missing ? `--${field}: ${e.messages.ko} (변수: ${list})` : `--${field}: ${e.messages.ko}`
      throw new UsageError(e.code, message, { field, text, start: text.length, end: text.length + 1 }, ko)
    }
    throw e
  }
}

/** The point of `--at` (or `--from`) in the program's variable order; optional only without variables. */
export function readPoint(
  s: Session,
  program: Program,
  text: string | undefined,
  field: Field = 'at',
): Float64Array {
  if (text === undefined) {
    if (program.variables.length === 0) return new Float64Array(0)
    const names = program.variables.join(', ')
    throw new UsageError(
      'missing-point',
      `--${field} is required: give a value for ${names}`,
      undefined,
      `--${field}이(가) 필요합니다: ${names}의 값을 주세요`,
    )
  }
  return pointFor(parseAssignments(text, field, s.api), program.variables, field, text, s.api)
}

export const pointObject = (variables: readonly string[], x: ArrayLike<number>) =>
  Object.fromEntries(variables.map((v, j) => [v, x[j]]))

/** `x = 3, y = 4` */
export const pointText = (variables: readonly string[], x: ArrayLike<number>) =>
  variables.map((v, j) => `${v} = ${num(x[j])}`).join(', ')
