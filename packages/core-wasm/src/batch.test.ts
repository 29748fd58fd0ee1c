// Batches that span several chunks answer exactly as the JS backend does in
// one piece: values, gradients, and the status of the point that left the
// recorded branch or sat on a kink.
import { CMP, jsBackend, OP, type Program, Tape, type TapeData } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { chunkPoints } from './batch.js'
import { createWasmBackend } from './wasm-backend.js'

const backend = createWasmBackend()

/** abs(x) + Σ sin(x + i·10⁻⁴)·y over `terms` terms (4 nodes each), with the guard x > −5 recorded as taken. */
function longTape(terms: number): TapeData {
  const t = new Tape()
  const x = t.input(1)
  const y = t.input(2)
  let s = t.push(OP.abs.code, x, -1, 1)
  for (let i = 0; i < terms; i++) {
    const shifted = t.push(OP.add.code, x, t.constant(i * 1e-4), 0)
    s = t.push(OP.add.code, s, t.push(OP.mul.code, t.push(OP.sin.code, shifted, -1, 0), y, 0), 0)
  }
  t.guard(CMP.gt, x, t.constant(-5), true)
  return t.freeze([s])
}

function both(tape: TapeData): [Program, Program] {
  return [jsBackend.load(tape), backend.load(tape)]
}

describe('batches over several chunks', () => {
  const tape = longTape(5000)
  const k = 15

  it('the test tape really is split into chunks of points', () => {
    expect(chunkPoints(tape.op.length)).toBeLessThan(k / 2)
  })

  it('values and gradients equal the JS backend bit for bit, odd last chunk included', () => {
    const [js, wasm] = both(tape)
    const X = Array.from({ length: 2 * k }, (_, i) => Math.sin(i + 1) * 3)
    expect(firstMismatch(wasm.evaluateBatch(X, k), js.evaluateBatch(X, k))).toBeNull()
    const [a, b] = [wasm.gradientBatch(X, k), js.gradientBatch(X, k)]
    expect(firstMismatch(a.value, b.value)).toBeNull()
    expect(firstMismatch(a.gradient, b.gradient)).toBeNull()
    expect(wasm.status).toEqual({ kind: 'ok' })
    expect(js.status).toEqual({ kind: 'ok' })
  })

  it('a kink in a later chunk is reported at its point, as the JS backend reports it', () => {
    const [js, wasm] = both(tape)
    const X = Array.from({ length: k }, (_, p) => [p === 9 ? 0 : p + 1, 1]).flat()
    wasm.gradientBatch(X, k)
    js.gradientBatch(X, k)
    expect(wasm.status).toEqual({ kind: 'kink', node: 2, point: 9 })
    expect(wasm.status).toEqual(js.status)
  })

  it('a guard flip in a later chunk outranks an earlier kink, as in the JS backend', () => {
    const [js, wasm] = both(tape)
    const X = Array.from({ length: k }, (_, p) => [p === 9 ? 0 : p === 13 ? -6 : p + 1, 1]).flat()
    wasm.evaluateBatch(X, k)
    js.evaluateBatch(X, k)
    expect(wasm.status).toMatchObject({ kind: 'retrace', point: 13 })
    expect(wasm.status).toEqual(js.status)
  })

  it('the *Into variants fill the caller’s arrays with the same numbers, and check their sizes', () => {
    const wasm = backend.load(tape)
    const X = Array.from({ length: 2 * k }, (_, i) => Math.cos(i) * 2)
    const fresh = wasm.gradientBatch(X, k)
    const into = { value: new Float64Array(k), gradient: new Float64Array(2 * k) }
    wasm.gradientBatchInto(X, k, into)
    expect(firstMismatch(into.value, fresh.value)).toBeNull()
    expect(firstMismatch(into.gradient, fresh.gradient)).toBeNull()
    const out = new Float64Array(k)
    wasm.evaluateBatchInto(X, k, out)
    expect(firstMismatch(out, fresh.value)).toBeNull()
    expect(() => wasm.evaluateBatchInto(X, k, new Float64Array(k - 1))).toThrow(
      'evaluateBatch output: expected 15 numbers, got 14',
    )
    expect(() => wasm.gradientBatchInto(X, k, { value: into.value, gradient: new Float64Array(3) })).toThrow(
      'gradientBatch gradients: expected 30 numbers, got 3',
    )
  })
})
