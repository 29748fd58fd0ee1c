// The tokens of a JSON text that arrives in pieces: punctuation, strings,
// and "words" (numbers, true, false, null, or anything else made of their
// characters, which the grammar refuses). A token cut off at the end of a
// piece waits for the next one; consumed text is dropped, so what is held is
// at most one token and one piece, however long the document.

import { quoted } from '../errors.js'
import { atColumn, MAX_PIECE, pointsError } from './batches.js'

export type TokenKind = '[' | ']' | '{' | '}' | ':' | ',' | 'string' | 'word'

export interface Token {
  readonly kind: TokenKind
  readonly text: string
  /** 1-based, for messages. */
  readonly line: number
  readonly column: number
}

const tooLong = [`a value longer than ${MAX_PIECE} characters`, `${MAX_PIECE}자보다 긴 값`] as const

const PUNCTUATION = new Set(['[', ']', '{', '}', ':', ','])

/** Characters of numbers and of true/false/null. */
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46

/** Index just after the closing quote of the string starting at `i`, or -1 if it does not end in `s`. */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j)
    if (c === 92) j++
    else if (c === 34) return j + 1
  }
  return -1
}

export class JsonTokens {
  private buf = ''
  /** Offset in the whole document of buf[0], and of the current line's start. */
  private base = 0
  private lineStart = 0
  private line = 1

  constructor(private readonly onToken: (t: Token) => void) {}

  /** Tokenizes `text` after what is pending; with `final`, a token at the very end is complete. */
  push(text: string, final = false): void {
    const s = this.buf + text
    let i = 0
    for (;;) {
      while (i < s.length) {
        const c = s.charCodeAt(i)
        if (c === 10) {
          this.line++
          this.lineStart = this.base + i + 1
        } else if (c !== 32 && c !== 9 && c !== 13) break
        i++
      }
      if (i >= s.length) break
      const start = i
      const c = s[i]
      let kind: TokenKind
      let end: number
      if (PUNCTUATION.has(c)) {
        kind = c as TokenKind
        end = i + 1
      } else if (c === '"') {
        kind = 'string'
        end = stringEnd(s, i)
        if (end < 0) {
          if (final) throw this.error(['a string is never closed', '문자열이 닫히지 않았습니다'], start)
          break
        }
      } else {
        kind = 'word'
        end = i
        while (end < s.length && isWordChar(s.charCodeAt(end))) end++
        if (end === i)
          throw this.error([`unexpected character ${quoted(c)}`, `예상하지 못한 문자 ${quoted(c)}`], start)
        if (end === s.length && !final) break
      }
      if (end - start > MAX_PIECE) throw this.error(tooLong, start)
      this.onToken({ kind, text: s.slice(start, end), ...this.where(start) })
      i = end
    }
    this.base += i
    this.buf = s.slice(i)
    if (this.buf.length > MAX_PIECE) throw this.error(tooLong, i)
  }

  /** Line and column of offset `i` of the text being tokenized. */
  private where(i: number): { line: number; column: number } {
    return { line: this.line, column: this.base + i - this.lineStart + 1 }
  }

  private error([message, ko]: readonly [string, string], i: number) {
    const { line, column } = this.where(i)
    const [en, enKo] = atColumn(line, column)
    return pointsError('invalid-json', [en + message, enKo + ko])
  }
}
