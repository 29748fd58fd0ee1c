// The expression from stdin (`-`) is read only up to the length limit.
import { DEFAULT_LIMITS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { cli, json } from './test/cli.js'

const LIMIT = DEFAULT_LIMITS.length
const TOO_LONG = `error: the expression on stdin is longer than ${LIMIT} characters (the length limit); reading stopped there\n`

describe('the expression from stdin', () => {
  it('an endless stdin is refused after reading just past the limit (exit 2)', async () => {
    let read = 0
    function* endless() {
      for (;;) {
        read += 1024
        yield 'x+'.repeat(512)
      }
    }
    const r = await cli(['eval', '-', '--at', 'x=1'], { stdin: endless() })
    expect(r).toEqual({ code: 2, stdout: '', stderr: TOO_LONG })
    // Stopped at the first chunk past the limit (+2 for a line ending), not later.
    expect(read).toBe(Math.ceil((LIMIT + 3) / 1024) * 1024)
  })

  it('--json gives the error object with core’s code', async () => {
    const r = await cli(['eval', '-', '--json'], { stdin: 'x'.repeat(LIMIT + 3) })
    expect(r.code).toBe(2)
    expect(json(r)).toEqual({
      error: {
        code: 'too-long',
        message: `the expression on stdin is longer than ${LIMIT} characters (the length limit); reading stopped there`,
      },
    })
  })

  it('an expression of exactly the limit, with its line ending, is accepted', async () => {
    const text = `${'1+'.repeat(LIMIT / 2 - 2)}x+11`
    expect(text.length).toBe(LIMIT)
    for (const stdin of [`${text}\n`, `${text}\r\n`, text]) {
      const r = await cli(['eval', '-', '--at', 'x=1', '--json'], { stdin })
      expect(r.code).toBe(0)
      expect(json(r).value).toBe(LIMIT / 2 - 2 + 1 + 11)
    }
  })

  it('one character over the limit is refused by the same rule', async () => {
    const r = await cli(['eval', '-'], { stdin: `${'x'.repeat(LIMIT + 1)}\n` })
    expect(r).toEqual({ code: 2, stdout: '', stderr: TOO_LONG })
  })
})
