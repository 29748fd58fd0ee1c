// saddle and particle take derivatives inside derivatives. Their answers do
// not depend on the mix of modes, so the four variants must agree; saddle's
// min–max of (p₁₀² + p₁₁²) − (p₂₀² + p₂₁²) is at the origin, and particle's w
// must bring the particle to the origin (x₀(t_f)² ≈ 0), on both backends.
import * as js from '@chainrule/core'
import { describe, expect, test } from 'vitest'
import { particleCost } from './particle.js'
import { BACKENDS, Session } from './protocol.js'

const once = { min_runs: 1, min_seconds: 0 }

describe.each(BACKENDS)('nested evals on the %s backend', (backend) => {
  const s = new Session(backend)
  let id = 0
  const evaluate = (module: string, fn: string, input: object) => {
    const r = s.handle({ id: id++, kind: 'evaluate', module, function: fn, input: { ...input, ...once } })
    if (!r.success) throw new Error(r.error)
    return r.output
  }

  test('saddle: ff, fr, rf and rr agree and end near the origin', () => {
    const [rr, ...others] = ['rr', 'ff', 'fr', 'rf'].map(
      (v) => evaluate('saddle', v, { start: [1, 1] }) as number[],
    )
    expect(rr).toHaveLength(4)
    for (const v of rr) expect(Math.abs(v)).toBeLessThan(1e-4)
    for (const o of others) for (let i = 0; i < 4; i++) expect(o[i]).toBeCloseTo(rr[i], 14)
  })

  test('particle: rr and ff agree, and the found w sends the particle through the origin', () => {
    const rr = evaluate('particle', 'rr', { w: 0 }) as number
    const ff = evaluate('particle', 'ff', { w: 0 }) as number
    expect(ff).toBeCloseTo(rr, 12)
    expect(particleCost(js, 'reverse', rr) as number).toBeLessThan(1e-6)
    expect(particleCost(js, 'reverse', 0) as number).toBeGreaterThan(1e-2)
  })
})
