// Core's table of hostile expressions, fed through the CLI: every one exits 2
// with one message line and a caret under the offending text (nothing on
// stdout), and in --json mode stdout holds only the error object, with the
// code and span the table expects.
import { caret, compile, ExpressionError, position } from '@chainrule/core'
import { HOSTILE_EXPRESSIONS } from '@chainrule/core/testing'
import { describe, expect, it } from 'vitest'
import { cli, json } from './test/cli.js'

const label = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

function messageOf(text: string): string {
  try {
    compile(text)
  } catch (e) {
    if (e instanceof ExpressionError) return e.message
  }
  throw new Error(`core accepted ${label(text)}`)
}

describe('hostile expressions through the CLI', () => {
  for (const h of HOSTILE_EXPRESSIONS) {
    it(`${h.probe}: ${label(h.text)} → ${h.code} at ${h.start}..${h.end}`, async () => {
      const r = await cli(['grad', h.text, '--at', 'x=1'])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      const { line, column } = position(h.text, h.start)
      const where = h.text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
      expect(r.stderr).toBe(`error: ${messageOf(h.text)} (${where})\n${caret(h.text, h.start, h.end)}\n`)
      // One message line, then the source line and the caret line: never a stack trace.
      expect(r.stderr.split('\n')).toHaveLength(4)

      const j = await cli(['grad', h.text, '--at', 'x=1', '--json'])
      expect(j.code).toBe(2)
      expect(json(j)).toEqual({
        error: { code: h.code, message: messageOf(h.text), field: 'expression', start: h.start, end: h.end },
      })
    })
  }

  it('the same refusal from stdin', async () => {
    const r = await cli(['eval', '-', '--json'], { stdin: 'x + constructor\n' })
    expect(json(r)).toEqual({
      error: {
        code: 'reserved-name',
        message: messageOf('x + constructor'),
        field: 'expression',
        start: 4,
        end: 15,
      },
    })
  })
})

describe('expression errors under --lang ko', () => {
  it('say what is wrong in Korean, with the same caret; --json keeps core English message and code', async () => {
    const r = await cli(['grad', 'x^2 + * 3', '--at', 'x=2', '--lang', 'ko'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`오류: 여기에 올 수 없는 기호입니다. (7번째 열)\n${caret('x^2 + * 3', 6, 7)}\n`)
    const j = await cli(['grad', 'x^2 + * 3', '--at', 'x=2', '--lang', 'ko', '--json'])
    expect(json(j).error).toMatchObject({
      code: 'unexpected-token',
      message: messageOf('x^2 + * 3'),
      start: 6,
    })
  })
})
