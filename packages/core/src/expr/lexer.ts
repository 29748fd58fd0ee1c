// Tokens of the expression language, read one at a time so that errors come
// in text order (the parser asks for the next token only when it needs it).
// ASCII only: every other character is refused with its code point named, so
// look-alikes (fullwidth letters, a Unicode minus), invisible characters and
// bidirectional overrides never pass as something they are not.

import { ExpressionError, quote } from './errors.js'

export type TokenKind = 'number' | 'name' | '+' | '-' | '*' | '/' | '^' | ',' | ';' | '(' | ')' | 'end'

export interface Token {
  readonly kind: TokenKind
  readonly start: number
  readonly end: number
  /** The value of a number token. */
  readonly value: number
  /** The text of a name token. */
  readonly text: string
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
const isNamePart = (c: number) => isNameStart(c) || isDigit(c)
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13

const SINGLE: ReadonlyMap<string, TokenKind> = new Map(
  (['+', '-', '*', '/', '^', ',', ';', '(', ')'] as const).map((k) => [k, k]),
)

export class Lexer {
  private pos = 0
  private ahead: Token | null = null

  /** `maxName`: the longest name allowed (limits.identifier). */
  constructor(
    private readonly text: string,
    private readonly maxName = Number.POSITIVE_INFINITY,
  ) {}

  /** The next token, consumed. */
  next(): Token {
    const t = this.peek()
    this.ahead = null
    return t
  }

  /** The next token, left in place. */
  peek(): Token {
    this.ahead ??= this.read()
    return this.ahead
  }

  private read(): Token {
    const s = this.text
    let i = this.pos
    while (i < s.length && isSpace(s.charCodeAt(i))) i++
    if (i >= s.length) return this.token('end', i, i)
    const c = s.charCodeAt(i)
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) return this.number(i)
    if (isNameStart(c)) {
      let j = i + 1
      while (j < s.length && isNamePart(s.charCodeAt(j))) j++
      if (j - i > this.maxName) throw tooLongName(j - i, this.maxName, i, j)
      return this.token('name', i, j)
    }
    if (c === 42 && s.charCodeAt(i + 1) === 42) return this.token('^', i, i + 2) // `**` is `^`
    const kind = SINGLE.get(s[i])
    if (kind !== undefined) return this.token(kind, i, i + 1)
    if (c === 46) {
      if (isNameStart(s.charCodeAt(i + 1))) {
        throw new ExpressionError(
          'member-access',
          "'.' is not an operator: there is no member access",
          i,
          i + 1,
        )
      }
      throw new ExpressionError('bad-number', "a '.' must be part of a number, like 1.5 or .5", i, i + 1)
    }
    throw badCharacter(s, i)
  }

  private token(kind: TokenKind, start: number, end: number, value = Number.NaN): Token {
    this.pos = end
    return { kind, start, end, value, text: kind === 'name' ? this.text.slice(start, end) : '' }
  }

  /** digits [. digits] [e [+-] digits], or . digits [exponent]; anything else that looks numeric is refused. */
  private number(i: number): Token {
    const s = this.text
    let j = i
    while (isDigit(s.charCodeAt(j))) j++
    if (s.charCodeAt(j) === 46) {
      if (!isDigit(s.charCodeAt(j + 1)))
        throw this.malformed(i, "a '.' in a number must be followed by a digit")
      j++
      while (isDigit(s.charCodeAt(j))) j++
    }
    const c = s.charCodeAt(j)
    if (c === 101 || c === 69) {
      let k = j + 1
      const sign = s.charCodeAt(k)
      if (sign === 43 || sign === 45) k++
      if (isDigit(s.charCodeAt(k))) {
        j = k
        while (isDigit(s.charCodeAt(j))) j++
      } else if (!isNamePart(s.charCodeAt(j + 1))) {
        // `2exp(x)` and `2ex` are 2·exp(x) and 2·ex, but a bare `2e` is a half-written exponent.
        const lit = s.slice(i, k)
        throw new ExpressionError(
          'bad-number',
          `incomplete exponent in ${quote(lit)}; write ${quote(`${s.slice(i, j)}*e`)} to multiply by e`,
          i,
          k,
        )
      }
    }
    const after = s.charCodeAt(j)
    if (after === 46)
      throw this.malformed(i, 'a number has at most one decimal point and no point in its exponent')
    if (s.slice(i, j) === '0' && /[xXoObB][0-9A-Fa-f]/.test(s.slice(j, j + 2))) {
      let k = j + 1
      while (isNamePart(s.charCodeAt(k))) k++
      throw new ExpressionError(
        'bad-number',
        'hexadecimal, octal and binary literals are not supported',
        i,
        k,
      )
    }
    if (after === 95 && isDigit(s.charCodeAt(j + 1))) {
      let k = j
      while (isDigit(s.charCodeAt(k)) || s.charCodeAt(k) === 95) k++
      throw new ExpressionError('bad-number', "digit separators '_' are not supported", i, k)
    }
    const value = Number(s.slice(i, j))
    if (value === Number.POSITIVE_INFINITY) {
      throw new ExpressionError(
        'number-overflow',
        `${quote(s.slice(i, j))} is too large for a 64-bit float (it would be Infinity)`,
        i,
        j,
      )
    }
    return this.token('number', i, j, value)
  }

  /** A bad-number error spanning the whole run of digits, points and exponent letters from i. */
  private malformed(i: number, why: string): ExpressionError {
    const s = this.text
    let j = i
    while (j < s.length && /[0-9.eE]/.test(s[j])) j++
    return new ExpressionError('bad-number', `malformed number ${quote(s.slice(i, j))}: ${why}`, i, j)
  }
}

/** A name over limits.identifier, from the text (with its span) or from a `variables` list (start -1). */
export function tooLongName(length: number, limit: number, start = -1, end = -1): ExpressionError {
  return new ExpressionError(
    'too-long-name',
    `a name of ${length} characters; the limit is ${limit}`,
    start,
    end,
  )
}

/** Why some ASCII characters are not in the language. */
const ASCII_HINTS: Readonly<Record<string, string>> = {
  '=': 'there is no assignment, comparison or arrow function',
  '<': 'there are no comparisons; use where(c, a, b)',
  '>': 'there are no comparisons; use where(c, a, b)',
  '!': 'there is no factorial or logical not',
  '?': 'there is no conditional operator; use where(c, a, b)',
  ':': 'there is no conditional operator; use where(c, a, b)',
  '[': 'there is no indexing or member access; use ( ) to group',
  ']': 'there is no indexing or member access; use ( ) to group',
  '{': 'there are no blocks or objects; use ( ) to group',
  '}': 'there are no blocks or objects; use ( ) to group',
  '"': 'there are no strings',
  "'": 'there are no strings',
  '`': 'there are no strings',
  '&': 'there are no logical or bit operators',
  '|': 'there are no logical or bit operators; use abs(x)',
  '%': 'there is no remainder operator',
}

/** Names of invisible and look-alike characters, so the message says what the user cannot see. */
const UNICODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00a0, 'no-break space'],
  [0x00b7, "middle dot; use '*'"],
  [0x00d7, "multiplication sign; use '*'"],
  [0x00f7, "division sign; use '/'"],
  [0x03c0, "Greek pi; write 'pi'"],
  [0x200b, 'zero-width space'],
  [0x200c, 'zero-width non-joiner'],
  [0x200d, 'zero-width joiner'],
  [0x200e, 'left-to-right mark'],
  [0x200f, 'right-to-left mark'],
  [0x2060, 'word joiner'],
  [0x2212, "minus sign; use '-'"],
  [0x3000, 'ideographic space'],
  [0xfeff, 'byte-order mark'],
])

function describe(code: number): string | undefined {
  const name = UNICODE_NAMES.get(code)
  if (name !== undefined) return name
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'bidirectional control'
  if (code >= 0xff01 && code <= 0xff5e) return `fullwidth form of '${String.fromCharCode(code - 0xfee0)}'`
  return undefined
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`

function badCharacter(s: string, i: number): ExpressionError {
  const c = s.charCodeAt(i)
  if (c >= 0x20 && c < 0x7f) {
    const hint = ASCII_HINTS[s[i]] ?? 'it has no meaning here'
    return new ExpressionError(
      'bad-character',
      `${quote(s[i])} is not part of the language: ${hint}`,
      i,
      i + 1,
    )
  }
  if (c < 0x80) {
    return new ExpressionError('bad-character', `control character ${hex(c)} is not allowed`, i, i + 1)
  }
  const isHigh = c >= 0xd800 && c <= 0xdbff
  const low = s.charCodeAt(i + 1)
  if (isHigh && low >= 0xdc00 && low <= 0xdfff) {
    const code = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
    return new ExpressionError(
      'bad-character',
      `character ${hex(code)} is not allowed: expressions are ASCII only`,
      i,
      i + 2,
    )
  }
  if (c >= 0xd800 && c <= 0xdfff) {
    return new ExpressionError(
      'bad-character',
      `lone surrogate ${hex(c)} (malformed UTF-16) is not allowed`,
      i,
      i + 1,
    )
  }
  const name = describe(c)
  const what = name === undefined ? hex(c) : `${hex(c)} (${name})`
  return new ExpressionError(
    'bad-character',
    `character ${what} is not allowed: expressions are ASCII only`,
    i,
    i + 1,
  )
}
