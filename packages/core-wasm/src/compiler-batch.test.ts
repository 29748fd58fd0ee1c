// The compiled batched sweeps (compiler/batch.ts) beyond the parity suite
// (which runs every op and the random tapes' batches compiled): batches over
// several chunks, a status found in a later chunk, the 'auto' tier's switch,
// the refusal over the locals bound, and the scratch going with the program.
import { jsBackend, trace as jsTrace, type Program, type Var } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { chunkPoints } from './batch.js'
import { compileBatch } from './compiler/batch.js'
import { COMPILER_LIMITS, NotCompiled } from './compiler/tape-compiler.js'
import { BATCH_COMPILE_AFTER } from './program.js'
import { createWasmBackend } from './wasm-backend.js'

const rosenbrock = (...x: Var[]): Var => {
  let s = x[1].sub(x[0].square()).square().mul(100).add(x[0].neg().add(1).square())
  for (let i = 1; i + 1 < x.length; i++) {
    s = s.add(x[i + 1].sub(x[i].square()).square().mul(100)).add(x[i].neg().add(1).square())
  }
  return s
}

function sameBatches(a: Program, b: Program, X: ArrayLike<number>, k: number): void {
  expect(firstMismatch(a.evaluateBatch(X, k), b.evaluateBatch(X, k))).toBeNull()
  expect(a.status).toEqual(b.status)
  const [ga, gb] = [a.gradientBatch(X, k), b.gradientBatch(X, k)]
  expect(firstMismatch(ga.value, gb.value)).toBeNull()
  expect(firstMismatch(ga.gradient, gb.gradient)).toBeNull()
  expect(a.status).toEqual(b.status)
}

const points = (k: number, n: number) => Float64Array.from({ length: k * n }, (_, i) => Math.sin(i + 1) * 1.5)

describe('the compiled batched sweeps', () => {
  const backend = createWasmBackend()

  it('agree with the JS backend bit for bit over several chunks, odd k and k = 1', () => {
    const n = 200
    const f = (...x: Var[]) => rosenbrock(...x).add(x[0].sin().mul(x[1].exp()))
    const { tape } = jsTrace(f, n)
    const js = jsBackend.load(tape)
    const p = backend.load(tape, undefined, { compile: 'always' })
    const chunk = chunkPoints(tape.op.length)
    for (const k of [1, 3, chunk, 3 * chunk + 1]) {
      sameBatches(p, js, points(k, n), k)
      expect(p.compiledUnits).toContain('batch')
    }
    expect(p.batchCompilation?.moduleBytes).toBeGreaterThan(0)
    p.dispose()
  })

  it('report a kink at its point in a later chunk, as the JS backend', () => {
    const n = 200
    const f = (...x: Var[]) => rosenbrock(...x).add(x[0].abs())
    const { tape } = jsTrace(f, n)
    const js = jsBackend.load(tape)
    const p = backend.load(tape, undefined, { compile: 'always' })
    const k = 3 * chunkPoints(tape.op.length) + 1
    const X = points(k, n)
    X[(k - 2) * n] = 0
    sameBatches(p, js, X, k)
    expect(p.status).toEqual({ kind: 'kink', node: expect.any(Number), point: k - 2 })
    expect(p.compiledUnits).toContain('batch')
    p.dispose()
  })

  it("compile under 'auto' once the batches have replayed BATCH_COMPILE_AFTER points", () => {
    const { tape } = jsTrace(rosenbrock, 3)
    const js = jsBackend.load(tape)
    const p = backend.load(tape)
    const k = BATCH_COMPILE_AFTER / 2
    const X = points(k, 3)
    p.gradientBatch(X.subarray(0, 3 * (k - 1)), k - 1)
    expect(p.compiledUnits).not.toContain('batch')
    sameBatches(p, js, X, k)
    expect(p.compiledUnits).toContain('batch')
    // The single-point sweeps have a tier of their own.
    expect(p.compiled).toBe(false)
    p.dispose()
    const never = backend.load(tape, undefined, { compile: 'never' })
    never.gradientBatch(points(BATCH_COMPILE_AFTER, 3), BATCH_COMPILE_AFTER)
    expect(never.compiledUnits).toEqual([])
    never.dispose()
  })

  it('run over linear memory past the locals bound, loops re-rolled, bit for bit', () => {
    const n = 300
    const f = (...x: Var[]) => rosenbrock(...x).add(x[0].abs().mul(x[1].exp()))
    const { tape } = jsTrace(f, n)
    const js = jsBackend.load(tape)
    const split = createWasmBackend({ compilerLimits: { localsNodes: 100 } })
    const p = split.load(tape, undefined, { compile: 'always' })
    const chunk = chunkPoints(tape.op.length)
    for (const k of [1, 2, 5, 2 * chunk + 3]) {
      const X = points(k, n)
      if (k > 2) X[(k - 2) * n] = 0
      sameBatches(p, js, X, k)
      expect(p.compiledUnits).toContain('batch')
    }
    // Re-rolled: the module is loop-sized, not tape-sized.
    expect(p.batchCompilation?.moduleBytes).toBeLessThan(20 * tape.op.length)
    p.dispose()
  })

  it("stay interpreted past the compiler's bounds, saying why, and free their scratch with the program", () => {
    const { tape } = jsTrace(rosenbrock, 4)
    expect(() => compileBatch(tape, { ...COMPILER_LIMITS, maxNodes: 10 })).toThrow(NotCompiled)
    // 'auto' compiles a batch over the locals bound only when loops cover 90% of the tape.
    expect(() => compileBatch(tape, { ...COMPILER_LIMITS, localsNodes: 10 }, 0.9)).toThrow(
      /only when loops cover 90% of the tape/,
    )
    const small = createWasmBackend({ compilerLimits: { maxNodes: 10 } })
    const js = jsBackend.load(tape)
    const p = small.load(tape, undefined, { compile: 'always' })
    sameBatches(p, js, points(5, 4), 5)
    expect(p.compiledUnits).not.toContain('batch')
    expect(p.batchNotCompiledReason).toMatch(/over the batched compiler's limit of 10/)
    p.dispose()
    const before = backend.memoryStats().inUse
    const q = backend.load(tape, undefined, { compile: 'always' })
    q.gradientBatch(points(5, 4), 5)
    expect(q.compiledUnits).toContain('batch')
    q.dispose()
    expect(backend.memoryStats().inUse).toBe(before)
  })
})
