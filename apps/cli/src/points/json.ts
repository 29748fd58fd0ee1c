// JSON points: an array of points (`[{"x": 1, "y": 2}, [3, 4]]`) or JSON
// Lines (one point object per line). A point is an object naming every
// variable or an array in the variables' order; a value is a JSON number or
// one of docs/ARCHITECTURE.md §11's strings "NaN", "Infinity", "-Infinity", decided by core's
// decodePoint, as the HTTP API decides it. Numbers are read from their text
// by the CLI's one number rule, so 1e400 is refused (JSON.parse would make it
// Infinity). Parsed token by token as text arrives; nothing but the current
// point is kept.

import type { Chainrule } from '../backends.js'
import { quoted } from '../errors.js'
import { finiteLiteral, OVERFLOW } from '../numbers.js'
import { atColumn, type Batches, onLine, type PointParser, pointsError } from './batches.js'
import { JsonTokens, type Token } from './json-tokens.js'

/** RFC 8259's number grammar. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

type State =
  | 'start'
  /** In the top-level array: after `[`, after a point, after a `,`. */
  | 'first'
  | 'next'
  | 'point'
  /** JSON Lines: between points. */
  | 'lines'
  /** In an object point: a key or `}`, `:`, a value, `,` or `}`, a key. */
  | 'key-or-end'
  | 'colon'
  | 'value'
  | 'comma-or-end'
  | 'key'
  /** In an array point: a value or `]`, `,` or `]`, a value. */
  | 'item-or-end'
  | 'item-comma-or-end'
  | 'item'
  | 'done'

export class JsonPoints implements PointParser {
  private readonly tokens = new JsonTokens((t) => this.token(t))
  private state: State = 'start'
  private lines = false
  private index = 0
  private object: Record<string, unknown> = Object.create(null)
  private array: unknown[] = []
  private items = 0
  private key = ''

  constructor(
    private readonly variables: readonly string[],
    private readonly api: Chainrule,
    private readonly batches: Batches,
  ) {}

  push(text: string): void {
    this.tokens.push(text)
  }

  end(): void {
    this.tokens.push('', true)
    if (this.state !== 'done' && this.state !== 'lines') {
      throw pointsError('invalid-json', [
        'the JSON ends in the middle (a point or the array is not closed)',
        'JSON이 중간에 끝납니다 (점이나 배열이 닫히지 않았습니다)',
      ])
    }
  }

  /** JSON Lines has no array to point into: its messages start with the point's line (English, Korean). */
  private path(t: Token): readonly [string, string] {
    return this.lines ? onLine(t.line) : ['', '']
  }

  private token(t: Token): void {
    const k = t.kind
    switch (this.state) {
      case 'start':
        if (k === '[') this.state = 'first'
        else {
          this.lines = true
          this.open(t)
        }
        break
      case 'first':
        if (k === ']') this.state = 'done'
        else this.open(t)
        break
      case 'next':
        if (k === ',') this.state = 'point'
        else if (k === ']') this.state = 'done'
        else throw this.syntax(t, ["',' or ']' after a point", "점 뒤에 ',' 또는 ']'"])
        break
      case 'point':
      case 'lines':
        this.open(t)
        break
      case 'key-or-end':
      case 'key':
        if (k === '}' && this.state === 'key-or-end') this.close(t)
        else if (k !== 'string')
          throw this.syntax(t, ['a variable name in double quotes', '큰따옴표로 묶은 변수 이름'])
        else {
          this.key = this.string(t)
          this.checkKey(t)
          this.state = 'colon'
        }
        break
      case 'colon':
        if (k !== ':') throw this.syntax(t, ["':' after the name", "이름 뒤에 ':'"])
        this.state = 'value'
        break
      case 'value':
        this.object[this.key] = this.value(t, this.key)
        this.state = 'comma-or-end'
        break
      case 'comma-or-end':
        if (k === ',') this.state = 'key'
        else if (k === '}') this.close(t)
        else throw this.syntax(t, ["',' or '}' in a point", "점 안에서 ',' 또는 '}'"])
        break
      case 'item-or-end':
      case 'item':
        if (k === ']' && this.state === 'item-or-end') this.close(t)
        else {
          const v = this.value(t, String(this.items))
          // Only n are kept; the rest are counted for the message.
          if (this.items++ < this.variables.length) this.array.push(v)
          this.state = 'item-comma-or-end'
        }
        break
      case 'item-comma-or-end':
        if (k === ',') this.state = 'item'
        else if (k === ']') this.close(t)
        else throw this.syntax(t, ["',' or ']' in a point", "점 안에서 ',' 또는 ']'"])
        break
      case 'done':
        throw this.syntax(t, ['nothing after the closing ]', '닫는 ] 뒤에는 아무것도 없어야 합니다'])
    }
  }

  /** The start of a point: `{` or `[` (JSON Lines: `{` only). */
  private open(t: Token): void {
    if (t.kind === '{') {
      this.object = Object.create(null)
      this.state = 'key-or-end'
    } else if (t.kind === '[' && !this.lines) {
      this.array = []
      this.items = 0
      this.state = 'item-or-end'
    } else
      throw this.syntax(
        t,
        this.lines
          ? ['a point object {…}', '점 객체 {…}']
          : ["a point ({…} or […]) or ']'", "점({…} 또는 […])이나 ']'"],
      )
  }

  /** The end of a point: checked and ordered by core, then added to the batch. */
  private close(t: Token): void {
    const at = this.lines ? '' : `/${this.index}`
    const n = this.variables.length
    if (t.kind === ']' && this.items !== n) {
      const [en, ko] = this.path(t)
      throw pointsError('invalid-point', [
        `${en}${at}: expected ${n} numbers, got ${this.items}`,
        `${ko}${at}: 숫자 ${n}개가 와야 하는데 ${this.items}개입니다`,
      ])
    }
    try {
      this.batches.add(this.api.decodePoint(t.kind === '}' ? this.object : this.array, this.variables, at))
    } catch (e) {
      if (e instanceof this.api.DecodeError) {
        const [en, ko] = this.path(t)
        throw pointsError(e.code, [en + e.message, ko + e.messages.ko])
      }
      throw e
    }
    this.index++
    this.state = this.lines ? 'lines' : 'next'
  }

  /** Refuses a name that is not a variable, or is given twice, as soon as it is read. */
  private checkKey(t: Token): void {
    const at = this.lines ? '' : `/${this.index}`
    if (Object.hasOwn(this.object, this.key)) {
      const [en, ko] = this.path(t)
      throw pointsError('invalid-point', [
        `${en}${at}: ${quoted(this.key)} is given twice`,
        `${ko}${at}: ${quoted(this.key)}이(가) 두 번 주어졌습니다`,
      ])
    }
    if (!this.variables.includes(this.key)) {
      // Core's decodePoint words the refusal; the point so far holds only known names.
      this.object[this.key] = 0
      this.close({ ...t, kind: '}' })
    }
  }

  /** A value in a point: a number checked from its text, or what core's decodeNumber decides. */
  private value(t: Token, key: string): unknown {
    const at = this.lines ? '' : `/${this.index}`
    if (t.kind === 'string') return this.string(t)
    if (t.kind === '{' || t.kind === '[') {
      // Core's decodeNumber words it: the same refusal as for a value it is handed.
      const value = t.kind === '{' ? {} : []
      try {
        this.api.decodeNumber(value, `${at}/${key}`)
      } catch (e) {
        if (!(e instanceof this.api.DecodeError)) throw e
        const [en, ko] = this.path(t)
        throw pointsError('invalid-number', [en + e.message, ko + e.messages.ko])
      }
    }
    if (t.kind !== 'word') throw this.syntax(t, ['a value', '값'])
    if (t.text === 'true' || t.text === 'false' || t.text === 'null') return JSON.parse(t.text)
    if (!NUMBER.test(t.text)) throw this.syntax(t, ['a value', '값'])
    const x = finiteLiteral(t.text)
    if (x === undefined) {
      const [en, ko] = this.path(t)
      throw pointsError('invalid-number', [
        `${en}${at}/${key}: ${quoted(t.text)} ${OVERFLOW[0]}`,
        `${ko}${at}/${key}: ${quoted(t.text)}${OVERFLOW[1]}`,
      ])
    }
    return x
  }

  private string(t: Token): string {
    try {
      return JSON.parse(t.text) as string
    } catch {
      const [en, ko] = atColumn(t.line, t.column)
      throw pointsError('invalid-json', [`${en}a malformed string`, `${ko}잘못된 문자열`])
    }
  }

  private syntax(t: Token, [expected, expectedKo]: readonly [string, string]) {
    const [en, ko] = atColumn(t.line, t.column)
    return pointsError('invalid-json', [
      `${en}expected ${expected}, got ${quoted(t.text)}`,
      `${ko}${expectedKo}이(가) 와야 하는데 ${quoted(t.text)}입니다`,
    ])
  }
}
