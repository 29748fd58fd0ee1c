// Re-rolled loops keep a round's values and the adjoints only that round
// contributes to in locals (docs/ARCHITECTURE.md §6). An interior node that a
// later round, code after the loop or an output also reads must keep its
// adjoint in memory in every round: each such tape against the JS backend,
// bit for bit, at ordinary points and at 0, −0, NaN and ±∞.
import { jsBackend, trace as jsTrace, type Var } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { createWasmBackend } from './wasm-backend.js'

const N = 40
/** Σ (x_{i+1} − x_i²)²·100 + (1 − x_i)², with round `reuse`'s inner difference also used as `how` says. */
const tapeOf = (how: 'none' | 'after' | 'later-round' | 'output') =>
  jsTrace(
    (x: Var[]) => {
      let s: Var = x[0].mul(0)
      let kept: Var | null = null
      for (let i = 0; i + 1 < x.length; i++) {
        let d = x[i + 1].sub(x[i].square())
        if (how === 'later-round' && kept !== null && i === 9) d = d.add(kept)
        const t = d.square().mul(100).add(x[i].sub(1).neg().square())
        if (i === 5) kept = d
        s = t.add(s)
      }
      if (how === 'after' && kept !== null) return s.add(kept.sqrt())
      if (how === 'output' && kept !== null) return [s, kept]
      return s
    },
    N,
    { vector: true },
  ).tape

describe('re-rolled loops: in-round locals', () => {
  const memory = createWasmBackend({ compilerLimits: { localsNodes: 0 } })
  it('a carried sum whose start, the node before the loop, every round also reads', () => {
    // s0 is round −1's sum: round 0 reads it as the previous sum (stride L) and every round as itself (stride 0).
    const tape = jsTrace(
      (x: Var[]) => {
        const half = x[0].mul(0.5)
        const s0 = x[0].mul(x[1])
        let s = s0
        for (let i = 0; i < x.length; i++) s = s.mul(0.5).add(x[i].mul(s0))
        return s.add(half)
      },
      N,
      { vector: true },
    ).tape
    const js = jsBackend.load(tape)
    const p = memory.load(tape, undefined, { compile: 'always' })
    expect(p.compilation?.loops ?? 0).toBeGreaterThan(0)
    for (const x of [Array.from({ length: N }, (_, i) => Math.sin(i)), Array(N).fill(-0)]) {
      expect(firstMismatch(p.gradient(x).gradient, js.gradient(x).gradient)).toBeNull()
    }
  })
  for (const how of ['none', 'after', 'later-round', 'output'] as const) {
    it(`an interior node used ${how === 'none' ? 'only in its round' : how}`, () => {
      const tape = tapeOf(how)
      const js = jsBackend.load(tape)
      const p = memory.load(tape, undefined, { compile: 'always' })
      expect(p.compilation?.loops ?? 0).toBeGreaterThan(0)
      const points = [
        Array.from({ length: N }, (_, i) => Math.cos(i)),
        Array.from({ length: N }, (_, i) => [0, -0, 1, -1, 2, Number.NaN, Number.POSITIVE_INFINITY][i % 7]),
      ]
      const w = tape.outputs.length === 1 ? [1] : [0.5, -3]
      for (const x of points) {
        const [a, b] = [p.vjp(x, w), js.vjp(x, w)]
        expect(firstMismatch(a.vjp, b.vjp)).toBeNull()
        expect(firstMismatch(a.value, b.value)).toBeNull()
        expect(firstMismatch(p.nodeValues(), js.nodeValues())).toBeNull()
      }
      p.dispose()
    })
  }
})
