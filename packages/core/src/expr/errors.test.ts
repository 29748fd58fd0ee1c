import { describe, expect, it } from 'vitest'
import { caret, ExpressionError, formatError, position, quote } from './errors.js'
import { parse } from './parser.js'

function failure(text: string): ExpressionError {
  try {
    parse(text)
  } catch (e) {
    if (e instanceof ExpressionError) return e
    throw e
  }
  throw new Error('did not fail')
}

describe('formatError: message, place and caret', () => {
  it('puts carets under the whole offending span', () => {
    expect(formatError(failure('x + foo(2)'), 'x + foo(2)')).toBe(
      [
        "unknown function 'foo'; to multiply, put * before the '(' (column 5)",
        '  x + foo(2)',
        '      ^^^',
      ].join('\n'),
    )
  })
  it('uses one caret for an empty span, at the end of the text', () => {
    const e = new ExpressionError('empty', 'the expression is empty', 0, 0)
    expect(formatError(e, '')).toBe('the expression is empty (column 1)\n  \n  ^')
  })
  it('names line and column in multi-line text and shows only that line', () => {
    const text = 'x +\n  2 3'
    const e = failure(text)
    expect(e).toMatchObject({ code: 'unexpected-token', start: 8, end: 9 })
    expect(formatError(e, text)).toBe([`${e.message} (line 2, column 5)`, '    2 3', '      ^'].join('\n'))
  })
  it('cuts a long line to a window around the error', () => {
    const text = `${'a+'.repeat(100)}$${'+b'.repeat(100)}`
    const e = failure(text)
    expect(e).toMatchObject({ code: 'bad-character', start: 200, end: 201 })
    const [, line, marks] = formatError(e, text).split('\n')
    expect(line).toBe(`  …${text.slice(179, 243)}…`)
    expect(marks).toBe(`  ${' '.repeat(1 + 21)}^`)
    expect(line[marks.indexOf('^')]).toBe('$')
  })
  it('never echoes control, bidirectional or non-ASCII characters, keeping the caret aligned', () => {
    const text = 'x\u202e+\u0000y'
    const e = failure(text)
    expect(e).toMatchObject({ code: 'bad-character', start: 1, end: 2 })
    expect(e.message).toBe(
      'character U+202E (bidirectional control) is not allowed: expressions are ASCII only',
    )
    expect(caret(text, e.start, e.end)).toBe('  x?+?y\n   ^')
    expect(caret('\ud83d\ude00 x', 0, 2)).toBe('  ?? x\n  ^^')
    expect(caret('a\tb', 2, 3)).toBe('  a b\n    ^')
  })
  it('omits the caret for errors that are not about a place in the text', () => {
    const e = new ExpressionError('bad-variables', "variables: 'x' is listed twice", -1, -1)
    expect(formatError(e, 'x')).toBe("variables: 'x' is listed twice")
    expect(caret('x', -1, -1)).toBe('')
  })
})

describe('ExpressionError', () => {
  it('is an Error with a code and a span, and serialises without a stack', () => {
    const e = failure('sin')
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('ExpressionError')
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      code: 'missing-call',
      message: e.message,
      start: 0,
      end: 3,
    })
    const options = new ExpressionError('bad-variables', 'variables: …', -1, -1)
    expect(JSON.parse(JSON.stringify(options))).toEqual({ code: 'bad-variables', message: 'variables: …' })
  })
  it('quotes at most 24 characters of input in a message', () => {
    // As long as a name may be (limits.identifier); quoted, it is cut to 24.
    const long = 'v'.repeat(64)
    const e = failure(`${long}(1)`)
    expect(e.code).toBe('unknown-function')
    expect(e.message.length).toBeLessThan(100)
    expect(quote('abc')).toBe("'abc'")
    expect(quote('x'.repeat(30))).toBe(`'${'x'.repeat(23)}…'`)
    expect(quote('a\u0000b')).toBe("'a?b'")
  })
})

describe('position', () => {
  it('counts lines and columns from 1, in code units', () => {
    expect(position('abc', 0)).toEqual({ line: 1, column: 1 })
    expect(position('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 })
    expect(position('ab\n', 3)).toEqual({ line: 2, column: 1 })
  })
})
