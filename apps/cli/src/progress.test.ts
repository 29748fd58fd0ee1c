import { describe, expect, it } from 'vitest'
import { Progress } from './progress.js'

function stream(isTTY: boolean) {
  const out = { text: '', write: (s: string) => void (out.text += s), isTTY }
  return out
}

describe('Progress', () => {
  it('redraws one line on a terminal, at most once per interval unless forced, and clears it', () => {
    const s = stream(true)
    let now = 0
    const p = new Progress(s, () => now, 100)
    p.update(() => 'a')
    now = 50
    p.update(() => 'b')
    p.update(() => 'c', true)
    now = 200
    p.update(() => 'd')
    p.done()
    expect(s.text).toBe('\ra\x1b[K\rc\x1b[K\rd\x1b[K\r\x1b[K')
  })

  it('writes nothing off a terminal', () => {
    const s = stream(false)
    const p = new Progress(s, () => 0)
    p.update(() => 'a', true)
    p.done()
    expect(s.text).toBe('')
  })
})
