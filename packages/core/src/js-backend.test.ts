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

describe('JS backend single-point sweeps', () => {
  it('report the status of the latest sweep, a batch in between or not', () => {
    const p = jsBackend.load(tape)
    p.gradient([0, 0.5])
    p.evaluate([0.3, 0.5])
    expect(p.status.kind).toBe('ok')
    p.evaluate([0, 0.5])
    p.gradientBatch([1, 1], 1)
    expect(p.status.kind).toBe('ok')
    p.gradient([0, 0.5])
    expect(p.status).toMatchObject({ kind: 'kink', point: 0 })
  })

  it('a handed-over tape answers at its recording point without a forward sweep, and anywhere after', () => {
    const fresh = recordFunction(f, [0.7, -0.2]).tape
    const reference = jsBackend.load(fresh).gradient([0.7, -0.2])
    const p = jsBackend.load(fresh, undefined, { recorded: true, handOver: true })
    expect(p.gradient([0.7, -0.2])).toEqual(reference)
    expect(p.gradient([0.1, 0.4])).toEqual(jsBackend.load(tape).gradient([0.1, 0.4]))
    expect(p.gradient([0.7, -0.2])).toEqual(reference)
  })
})
