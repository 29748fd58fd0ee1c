// The eval side must catch a wrong tool: answers are checked before any
// timing is believed, and the protocol rounds are the ones GradBench runs.
import { describe, expect, test } from 'vitest'
import { gmmCase, llsqCase, lseCase, runCases } from './driver.js'
import type { Response } from './protocol.js'
import { sessionTransport, type Transport } from './transport.js'

const runs = { min_runs: 1, min_seconds: 0 }

/** A tool that answers through a real session, then spoils the gradient. */
function spoiled(spoil: (output: unknown) => unknown): Transport {
  const real = sessionTransport('js')
  return {
    request: async (m) => {
      const r: Response = await real.request(m)
      return m.kind === 'evaluate' && /gradient|jacobian/.test(String(m.function))
        ? { ...r, output: spoil(r.output) }
        : r
    },
    close: real.close,
  }
}

describe('runCases', () => {
  test('a correct tool: valid answers, timings, the ratio of the medians', async () => {
    const sent: string[] = []
    const real = sessionTransport('wasm')
    const tool: Transport = {
      request: (m) => {
        sent.push(m.kind)
        return real.request(m)
      },
      close: real.close,
    }
    const [r] = await runCases(tool, [lseCase(20)], runs)
    expect(r.problems).toEqual([])
    expect(r.ratio).toBeCloseTo(r.gradientSeconds / r.primalSeconds, 12)
    expect(r.recordSeconds).toBeGreaterThan(0)
    expect(sent).toEqual(['start', 'define', 'evaluate', 'evaluate', 'analysis', 'analysis'])
  })

  test('a wrong gradient is reported, for each eval', async () => {
    const nudge = (o: unknown) => (Array.isArray(o) ? o.map((v, i) => (i === 0 ? v * 1.001 : v)) : o)
    const nudgeGmm = (o: unknown) => {
      const g = o as { alpha: number[] }
      return { ...g, alpha: g.alpha.map((v, i) => (i === 0 ? v + 0.01 : v)) }
    }
    for (const [c, spoil] of [
      [lseCase(20), nudge],
      [llsqCase(20, 4), nudge],
      [gmmCase(2, 2, 5), nudgeGmm],
    ] as const) {
      const [r] = await runCases(spoiled(spoil), [c], runs)
      expect(r.problems.join()).toMatch(/gradient|jacobian/)
    }
  })

  test("a failed evaluation is reported with the tool's error", async () => {
    const real = sessionTransport('js')
    const failing: Transport = {
      request: async (m) =>
        m.kind === 'evaluate' ? { id: m.id, success: false, error: 'out of memory' } : real.request(m),
      close: real.close,
    }
    const [r] = await runCases(failing, [lseCase(5)], runs)
    expect(r.problems).toContain('out of memory')
  })
})
