// The inline fast paths in sweeps.ts must agree exactly with the op table.
import { describe, expect, it } from 'vitest'
import { rng, uniform } from '../test/rng.js'
import { OPS } from './ops.js'
import { forward, forwardBatch, reverse, reverseBatch, reverseTangent, tangent } from './sweeps.js'

describe.each(OPS.filter((o) => o.arity > 0).map((o) => [o.name, o] as const))('%s sweeps', (_, op) => {
  // Tape: x0, x1, op(x0[, x1]).
  const code = {
    op: Uint8Array.of(0, 0, op.code),
    a: Int32Array.of(-1, -1, 0),
    b: Int32Array.of(-1, -1, op.arity === 2 ? 1 : -1),
  }
  const r = rng(op.code + 77)
  const points = Array.from({ length: 20 }, () => [uniform(r, 0.2, 2), uniform(r, 0.5, 2)])

  it('forward, reverse, tangent and reverseTangent use the table rules exactly', () => {
    for (const [x, y] of points) {
      const v = Float64Array.of(x, y, 0)
      forward(code, v)
      const out = op.fwd(x, y)
      expect(v[2]).toBe(out)
      const g = Float64Array.of(0, 0, 1)
      reverse(code, v, g)
      expect(g[0]).toBe(op.da(x, y, out))
      if (op.arity === 2) expect(g[1]).toBe(op.db(x, y, out))
      const t = Float64Array.of(1, 0.5, 0)
      tangent(code, v, t)
      const da = op.da(x, y, out)
      const db = op.arity === 2 ? op.db(x, y, out) : 0
      expect(t[2]).toBe(da + 0.5 * db)
      const g2 = Float64Array.of(0, 0, 1)
      const gt = Float64Array.of(0, 0, 0)
      reverseTangent(code, v, t, g2, gt)
      expect(g2[0]).toBe(da)
      expect(gt[0]).toBe(op.daa(x, y, out) + 0.5 * op.dab(x, y, out))
      if (op.arity === 2) expect(gt[1]).toBe(op.dab(x, y, out) + 0.5 * op.dbb(x, y, out))
    }
  })

  it('batched sweeps equal single-point sweeps bit for bit', () => {
    const k = points.length
    const V = new Float64Array(3 * k)
    points.forEach(([x, y], p) => {
      V[p] = x
      V[k + p] = y
    })
    forwardBatch(code, V, k)
    const G = new Float64Array(3 * k).fill(1, 2 * k)
    reverseBatch(code, V, G, k)
    points.forEach(([x, y], p) => {
      const v = Float64Array.of(x, y, 0)
      forward(code, v)
      const g = Float64Array.of(0, 0, 1)
      reverse(code, v, g)
      expect(V[2 * k + p]).toBe(v[2])
      expect(G[p]).toBe(g[0])
      expect(G[k + p]).toBe(g[1])
    })
  })
})
