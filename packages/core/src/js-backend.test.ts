// Batches larger than one chunk (2¹⁷ node values) give exactly the single-point answers.
import { describe, expect, it } from 'vitest'
import { rng, uniform } from '../test/rng.js'
import { jsBackend } from './js-backend.js'
import { recordFunction } from './record.js'
import type { Var } from './var.js'

const f = (x: Var, y: Var) =>
  x
    .mul(y)
    .sin()
    .add(x.square().div(y.square().add(1)))
    .sub(x.abs())
const tape = recordFunction(f, [0.5, 0.5]).tape

describe('JS backend batches', () => {
  it('span several chunks and equal single-point sweeps bit for bit', () => {
    const p = jsBackend.load(tape)
    const k = Math.ceil((2.5 * (1 << 17)) / p.size)
    const r = rng(4)
    const X = Float64Array.from({ length: 2 * k }, () => uniform(r, -2, 2))
    const { value, gradient } = p.gradientBatch(X, k)
    const values = p.evaluateBatch(X, k)
    for (let i = 0; i < k; i += 97) {
      const single = p.gradient([X[2 * i], X[2 * i + 1]])
      expect(value[i]).toBe(single.value)
      expect(values[i]).toBe(single.value)
      expect([gradient[2 * i], gradient[2 * i + 1]]).toEqual(Array.from(single.gradient))
    }
    expect(p.status.kind).toBe('ok')
  })

  it('report a kink at its point even past the first chunk', () => {
    const p = jsBackend.load(tape)
    const k = Math.ceil((2.5 * (1 << 17)) / p.size)
    const X = new Float64Array(2 * k).fill(0.5)
    const at = k - 3
    X[2 * at] = 0 // abs(x) has its kink at x = 0
    p.gradientBatch(X, k)
    expect(p.status).toMatchObject({ kind: 'kink', point: at })
  })
})
