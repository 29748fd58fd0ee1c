import { describe, expect, it } from 'vitest'
import { colorEnabled } from './colors.js'

const tty = { isTTY: true, write: () => {} }
const pipe = { isTTY: false, write: () => {} }

describe('colour', () => {
  it('on a terminal; never with NO_COLOR (unless empty) or TERM=dumb; FORCE_COLOR for pipes', () => {
    expect(colorEnabled(tty, {})).toBe(true)
    expect(colorEnabled(pipe, {})).toBe(false)
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false)
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true)
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false)
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true)
    expect(colorEnabled(pipe, { FORCE_COLOR: '0' })).toBe(false)
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false)
  })
})
