import { describe, expect, it } from 'vitest'
import { QUOTE_MAX, quoteInput, terminalSafe } from './terminal-safe.js'

describe('terminalSafe', () => {
  it('replaces escape sequences, C0/C1 controls, bidi controls and line separators', () => {
    const cases: [string, string][] = [
      ['\x1b[2J\x1b[H', '?[2J?[H'], // CSI: clear screen, cursor home
      ['\x1b]52;c;aGk=\x07', '?]52;c;aGk=?'], // OSC 52: write the clipboard
      ['\x1b]0;pwned\x1b\\', '?]0;pwned?\\'], // OSC 0: window title, ST-terminated
      ['a\x00b\x08c\x7fd', 'a?b?c?d'],
      ['\x9b2J\x9d0;t\x9c', '?2J?0;t?'], // C1 CSI, OSC, ST
      ['a\u202ecba\u202c', 'a?cba?'],
      ['\u202a\u202b\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c', '??????????'],
      ['x\ny\u2028z\u2029', 'x?y?z?'],
      ['a\tb\rc', 'a b c'],
    ]
    for (const [text, want] of cases) expect(terminalSafe(text)).toBe(want)
  })

  it('leaves printable text, Korean and other scripts alone', () => {
    const text = 'x = 2, 변수 y가 없습니다, é ü ß, 1e400 → ∞'
    expect(terminalSafe(text)).toBe(text)
  })
})

describe('quoteInput', () => {
  it('bounds the piece to QUOTE_MAX characters, the cut marked with …', () => {
    expect(quoteInput('abc')).toBe("'abc'")
    expect(quoteInput('x'.repeat(QUOTE_MAX))).toBe(`'${'x'.repeat(QUOTE_MAX)}'`)
    expect(quoteInput('x'.repeat(QUOTE_MAX + 1))).toBe(`'${'x'.repeat(QUOTE_MAX - 1)}…'`)
  })

  it('replaces controls, bidi and markup; keeps other scripts unless ascii', () => {
    expect(quoteInput('<b>&\x1b[2J\u202e변수')).toBe("'?b???[2J?변수'")
    expect(quoteInput('<b>&\x1b[2J\u202e변수', { ascii: true })).toBe("'?b???[2J?" + "??'")
  })
})
