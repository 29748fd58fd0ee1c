// Text a stranger might send, with the error each must give under the default
// limits. The parser's tests, the CLI's and the API's all run this one table,
// so every front end refuses the same inputs with the same code and position.
// A test fixture: apps' tests import it as `@chainrule/core/testing`, which is
// not in the published package.

import type { ExpressionErrorCode } from '../src/expr/errors.js'
import { DEFAULT_LIMITS } from '../src/limits.js'

export interface HostileExpression {
  readonly text: string
  readonly code: ExpressionErrorCode
  /** The span the error must point at. */
  readonly start: number
  readonly end: number
  /** What the case probes. */
  readonly probe: string
}

export type Nesting = '(' | '-' | 'sin(' | '^'

/** `levels` levels of one kind of nesting around x: ((x)), --x, sin(sin(x)), x^x^x. */
export function nest(kind: Nesting, levels: number): string {
  switch (kind) {
    case '(':
      return `${'('.repeat(levels)}x${')'.repeat(levels)}`
    case '-':
      return `${'-'.repeat(levels)}x`
    case 'sin(':
      return `${'sin('.repeat(levels)}x${')'.repeat(levels)}`
    case '^':
      return `${'x^'.repeat(levels)}x`
  }
}

/** The span of the opener of nesting level `level` (1-based): where a too-deep error points. */
export function openerSpan(kind: Nesting, level: number): { start: number; end: number } {
  const width = kind === 'sin(' ? 4 : kind === '^' ? 2 : 1
  const start = (level - 1) * width + (kind === '^' ? 1 : 0)
  return { start, end: start + (kind === '^' ? 1 : width) }
}

const whole = (text: string, code: ExpressionErrorCode, probe: string): HostileExpression => ({
  text,
  code,
  start: 0,
  end: text.length,
  probe,
})
const at = (text: string, code: ExpressionErrorCode, start: number, end: number, probe: string) => ({
  text,
  code,
  start,
  end,
  probe,
})

// biome-ignore format: a word list reads better filled than one name per line
const FORBIDDEN = [
  'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'eval', 'Function',
  'process', 'globalThis', 'window', 'this', 'import', 'require', 'new', 'undefined', 'NaN', 'Infinity',
]

const tooDeep = (kind: Nesting): HostileExpression => ({
  text: nest(kind, DEFAULT_LIMITS.depth + 1),
  code: 'too-deep',
  ...openerSpan(kind, DEFAULT_LIMITS.depth + 1),
  probe: `${kind} nested one level past the depth limit`,
})

const tooLong = (text: string, probe: string): HostileExpression => ({
  text,
  code: 'too-long',
  start: DEFAULT_LIMITS.length,
  end: text.length,
  probe,
})

export const HOSTILE_EXPRESSIONS: readonly HostileExpression[] = [
  // Names that belong to JavaScript.
  ...FORBIDDEN.map((name) => whole(name, 'reserved-name', `the name ${name}`)),
  at('x + constructor', 'reserved-name', 4, 15, 'a reserved name after an operator'),
  at('constructor(x)', 'reserved-name', 0, 11, 'a reserved name called'),
  at('__defineGetter__(x)', 'reserved-name', 0, 16, 'a name starting with __'),
  at('eval("1")', 'reserved-name', 0, 4, 'eval of a string'),
  at('Function("return process")()', 'reserved-name', 0, 8, 'the Function constructor'),
  at('process.exit(1)', 'reserved-name', 0, 7, 'process.exit'),
  at('require("fs")', 'reserved-name', 0, 7, 'require'),
  at('import("fs")', 'reserved-name', 0, 6, 'dynamic import'),
  at('this.x', 'reserved-name', 0, 4, 'this'),

  // Member access, indexing, strings, assignment, arrows.
  at('a.b', 'member-access', 1, 2, 'member access'),
  at('sin.constructor', 'member-access', 3, 4, 'a function object’s constructor'),
  at('(1).constructor', 'member-access', 3, 4, 'a number object’s constructor'),
  at('x.__proto__', 'member-access', 1, 2, 'a prototype'),
  at('a["b"]', 'bad-character', 1, 2, 'indexing'),
  at('x=>x', 'bad-character', 1, 2, 'an arrow function'),
  at('x = 1', 'bad-character', 2, 3, 'assignment'),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is a JavaScript template literal, as text
  at('`${x}`', 'bad-character', 0, 1, 'a template string'),
  at("'x'", 'bad-character', 0, 1, 'a string'),
  at('{x}', 'bad-character', 0, 1, 'a block'),
  at('x < y', 'bad-character', 2, 3, 'a comparison'),
  at('x ? y : z', 'bad-character', 2, 3, 'the conditional operator'),

  // Nesting one past the limit, and far past it (then the text is too long first).
  tooDeep('('),
  tooDeep('-'),
  tooDeep('sin('),
  tooDeep('^'),
  tooLong(nest('(', 100_000), '100 000 nested parentheses'),
  tooLong(nest('-', 100_000), '100 000 nested signs'),
  tooLong(nest('sin(', 100_000), '100 000 nested calls'),
  tooLong(nest('^', 100_000), '100 000 nested powers'),
  tooLong(`${'x+'.repeat(199_999)}x`, 'a flat sum of 200 000 terms'),

  // Bad literals.
  at('1e', 'bad-number', 0, 2, 'an exponent without digits'),
  at('1e+', 'bad-number', 0, 3, 'a signed exponent without digits'),
  at('1..2', 'bad-number', 0, 4, 'two points'),
  at('2.5.1', 'bad-number', 0, 5, 'a version number'),
  at('1.', 'bad-number', 0, 2, 'a trailing point'),
  at('.', 'bad-number', 0, 1, 'a lone point'),
  at('x + .', 'bad-number', 4, 5, 'a lone point after an operator'),
  at('0x10', 'bad-number', 0, 4, 'a hexadecimal literal'),
  at('0b101', 'bad-number', 0, 5, 'a binary literal'),
  at('1_000', 'bad-number', 0, 5, 'a digit separator'),
  at('1e999', 'number-overflow', 0, 5, 'a literal that would be Infinity'),
  at('x * 1e400', 'number-overflow', 4, 9, 'an overflowing literal inside an expression'),

  // Unicode: look-alikes, invisibles, direction overrides, broken UTF-16, NUL.
  at('\uff58', 'bad-character', 0, 1, 'a fullwidth x'),
  at('\uff53\uff49\uff4e(x)', 'bad-character', 0, 1, 'a fullwidth function name'),
  at('x\u200b+1', 'bad-character', 1, 2, 'a zero-width space'),
  at('\ufeffx', 'bad-character', 0, 1, 'a byte-order mark'),
  at('x\u202e+1', 'bad-character', 1, 2, 'a right-to-left override'),
  at('x \u2212 y', 'bad-character', 2, 3, 'a Unicode minus sign'),
  at('\ud800', 'bad-character', 0, 1, 'a lone high surrogate'),
  at('x+\udc00', 'bad-character', 2, 3, 'a lone low surrogate'),
  at('x\ud83d\ude00', 'bad-character', 1, 3, 'an emoji (a surrogate pair)'),
  at('x\u0000', 'bad-character', 1, 2, 'NUL'),
  at('x\u007f', 'bad-character', 1, 2, 'DEL'),
  at('\u00e9', 'bad-character', 0, 1, 'a Latin letter with an accent'),

  // Empty and whitespace only.
  whole('', 'empty', 'empty text'),
  whole('   ', 'empty', 'spaces only'),
  whole('\n\t \r', 'empty', 'mixed whitespace only'),

  // Grammar and vocabulary.
  at('x +', 'unexpected-end', 2, 3, 'a dangling operator'),
  at('x y', 'unexpected-token', 2, 3, 'two names without an operator'),
  at('(x', 'unclosed-paren', 0, 1, 'an unclosed parenthesis'),
  at('x)', 'unmatched-paren', 1, 2, 'an unmatched parenthesis'),
  at('foo(x)', 'unknown-function', 0, 3, 'an unknown function'),
  at('sin', 'missing-call', 0, 3, 'a function used as a value'),
  at('sin(x, y)', 'arity', 7, 8, 'too many arguments'),
  at('x(1)', 'unknown-function', 0, 1, 'a variable called as a function'),
  at(
    `x + ${'v'.repeat(DEFAULT_LIMITS.identifier + 1)}`,
    'too-long-name',
    4,
    4 + DEFAULT_LIMITS.identifier + 1,
    'a name one character over the limit',
  ),
  at(`${'n'.repeat(4000)}`, 'too-long-name', 0, 4000, 'a 4000-character name'),
  tooManyVariables(),
]

/** v0+v1+…, one variable more than the limit; the error points at the last. */
function tooManyVariables(): HostileExpression {
  const text = Array.from({ length: DEFAULT_LIMITS.variables + 1 }, (_, i) => `v${i}`).join('+')
  return at(
    text,
    'too-many-variables',
    text.lastIndexOf('+') + 1,
    text.length,
    'one variable more than the limit',
  )
}
