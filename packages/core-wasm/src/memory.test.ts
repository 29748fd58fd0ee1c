// The JS side's ownership of WebAssembly memory: bounded under churn, clear
// errors at the maximum and on traps, views that survive growth, regions
// freed by dispose() or, failing that, by garbage collection.

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createApi, jsBackend, OP, Tape, type TapeData, type Var } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { randomTape, rng } from '../test/random-tape.js'
import { decodeBase64 } from './base64.js'
import { wasmBase64 as debugBase64 } from './generated/debug.js'
import { createWasmBackend } from './wasm-backend.js'

const MIB = 2 ** 20
const debugModule = decodeBase64(debugBase64)

/** x² + x, the origin text's example. */
function squarePlus(): TapeData {
  const t = new Tape()
  const x = t.input(2)
  const sq = t.push(OP.mul.code, x, x, 4)
  t.push(OP.add.code, sq, x, 6)
  return t.freeze([2])
}

/** Σ (x_i + c)² over a chain of n inputs: 3n nodes, about 50n bytes loaded. */
function chain(n: number): TapeData {
  const t = new Tape()
  let s = t.constant(0)
  for (let i = 0; i < n; i++) {
    const x = t.input(i)
    s = t.push(OP.add.code, s, t.push(OP.square.code, x, -1, 0), 0)
  }
  return t.freeze([s])
}

describe('WebAssembly memory', () => {
  it('loading and disposing 10 000 programs of random sizes keeps memory.buffer.byteLength bounded', () => {
    const backend = createWasmBackend({ initialMemory: 64 * 1024 })
    const r = rng(7)
    const live: ReturnType<typeof backend.load>[] = []
    let peak = 0
    for (let i = 0; i < 10_000; i++) {
      const { tape, at } = randomTape(r, { inputs: 2, nodes: 10 + Math.floor(r() * 300) })
      const p = backend.load(tape)
      // Touch every region a program can hold: tangents (hvp) and a batch.
      p.hvp(at, [1, 0])
      p.gradientBatch([...at, ...at, ...at], 3)
      live.push(p)
      if (live.length > 8) live.shift()!.dispose()
      peak = Math.max(peak, backend.memory.buffer.byteLength)
    }
    for (const p of live) p.dispose()
    expect(backend.memoryStats().inUse).toBe(0)
    // At most 8 live programs of ≤ 310 nodes, about 40 KiB each with their tangents and batch
    // regions: the heap stays within 1 MiB however it fragments (without reuse it would need ~400 MiB).
    expect(peak).toBeLessThanOrEqual(MIB)
    expect(backend.memory.buffer.byteLength).toBe(peak)
  }, 60_000)

  it('a tape above the maximum fails with an error naming the limit, leaks nothing, and the next program works', () => {
    const backend = createWasmBackend({ maximumMemory: MIB })
    const small = backend.load(squarePlus())
    expect(() => backend.load(chain(100_000))).toThrow(
      /^wasm backend: a tape of 300001 nodes needs 7\.5 MiB of WebAssembly memory, which with 0\.1 KiB in use exceeds the maximum of 1\.0 MiB; raise it with createWasmBackend\(\{ maximumMemory \}\)/,
    )
    expect(backend.memoryStats().inUse).toBeLessThan(1024)
    expect(small.gradient([2]).gradient[0]).toBe(5)
    expect(backend.load(squarePlus()).gradient([3]).gradient[0]).toBe(7)
  })

  it('a batch above the maximum fails clearly and the program still answers', () => {
    const backend = createWasmBackend({ maximumMemory: MIB })
    const p = backend.load(chain(2000))
    const x = Array.from({ length: 2000 }, (_, i) => i / 1000)
    const X = Array.from({ length: 2000 * 64 }, (_, i) => (i % 2000) / 1000)
    expect(() => p.gradientBatch(X, 64)).toThrow(
      /^wasm backend: a batch of \d+ points over a tape of 6001 nodes needs/,
    )
    const g = p.gradient(x).gradient
    expect(g[1000]).toBe(2)
    expect(g[1999]).toBe(2 * 1.999)
  })

  it('growth — forced from outside or by a larger load — leaves no stale view', () => {
    const backend = createWasmBackend({ initialMemory: 64 * 1024 })
    const p = backend.load(squarePlus())
    expect(p.gradient([2]).gradient[0]).toBe(5)
    const before = backend.memory.buffer
    backend.memory.grow(3)
    expect(before.byteLength).toBe(0) // detached
    expect(p.gradient([2]).gradient[0]).toBe(5)
    expect(Array.from(p.evaluateBatch([1, 2, 3], 3))).toEqual([2, 6, 12])
    const big = backend.load(chain(50_000))
    expect(backend.memory.buffer.byteLength).toBeGreaterThan(2 * MIB)
    expect(p.gradient([4]).gradient[0]).toBe(9)
    expect(Array.from(p.gradientBatch([1, 2, 3], 3).gradient)).toEqual([3, 5, 7])
    expect(big.gradient(Array.from({ length: 50_000 }, () => 1.5)).gradient[49_999]).toBe(3)
  })

  it('a compiled gradient into the caller’s array reads the inputs’ adjoints afresh after growth', () => {
    const backend = createWasmBackend({ initialMemory: 64 * 1024 })
    // Inputs first (as a recorded tape's are), so the inputs' adjoints move as one block.
    const t = new Tape()
    const xs = Array.from({ length: 100 }, (_, i) => t.input(i))
    let s = t.constant(0)
    for (const xi of xs) s = t.push(OP.add.code, s, t.push(OP.square.code, xi, -1, 0), 0)
    const p = backend.load(t.freeze([s]), undefined, { compile: 'always' })
    expect(p.compiled).toBe(true)
    const x = Array.from({ length: 100 }, (_, i) => i / 10)
    const want = p.gradient(x).gradient
    const into = new Float64Array(100)
    expect(p.gradient(x, { into }).gradient).toEqual(want)
    backend.memory.grow(3)
    into.fill(0)
    expect(p.gradient(x, { into }).gradient).toEqual(want)
    backend.load(chain(50_000))
    into.fill(0)
    expect(p.gradient(x, { into }).gradient).toEqual(want)
  })

  it('a trap (here a corrupted opcode in linear memory) raises a clear error and the backend stays usable', () => {
    for (const module of [undefined, debugModule]) {
      const backend = createWasmBackend({ module })
      const p = backend.load(squarePlus())
      new Uint8Array(backend.memory.buffer)[p.layout.op + 2] = 200
      expect(() => p.gradient([2])).toThrow(
        /^wasm backend: the forward sweep trapped \(.+\); this program's results/,
      )
      expect(() => p.evaluate([2])).toThrow(/trapped \(unknown opcode\)/)
      p.dispose()
      expect(backend.memoryStats().inUse).toBe(0)
      expect(backend.load(squarePlus()).gradient([2]).gradient[0]).toBe(5)
    }
  })

  it('the debug build checks operand order and says so', () => {
    const backend = createWasmBackend({ module: debugModule })
    const p = backend.load(squarePlus())
    // Node 2 (add) now names itself as an operand.
    new Int32Array(backend.memory.buffer)[(p.layout.a >> 2) + 2] = 2
    expect(() => p.evaluate([2])).toThrow(/tape: an operand does not precede its node \(assembly\/memory\.ts/)
  })

  it('dispose() frees every region at once and is idempotent; a disposed program says so', () => {
    const backend = createWasmBackend()
    const p = backend.load(chain(100))
    const x = Array.from({ length: 100 }, () => 1)
    p.hvp(x, x)
    p.gradientBatch([...x, ...x], 2)
    expect(backend.memoryStats().inUse).toBeGreaterThan(0)
    p.dispose()
    p.dispose()
    expect(backend.memoryStats().inUse).toBe(0)
    expect(() => p.gradient(x)).toThrow('wasm backend: this program was disposed')
    expect(() => p.gradientBatch(x, 1)).toThrow('wasm backend: this program was disposed')
  })

  it('a program dropped without dispose() is freed once garbage-collected', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const backend = createWasmBackend()
    ;(() => {
      for (let i = 0; i < 20; i++) backend.load(chain(1000)).gradient(Array.from({ length: 1000 }, () => 1))
    })()
    expect(backend.memoryStats().inUse).toBeGreaterThan(20 * 1000 * 40)
    for (let i = 0; i < 50 && backend.memoryStats().inUse > 0; i++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(backend.memoryStats().inUse).toBe(0)
  })

  it('the transforms record and load at every call, and give every region back at once', () => {
    const backend = createWasmBackend()
    const api = createApi(backend)
    const f = (x: Var, y: Var) => x.mul(y).sin().add(x.square())
    for (let i = 0; i < 2000; i++) {
      expect(api.gradient(f, [i, 1])[1]).toBe(Math.cos(i) * i)
      expect(backend.memoryStats().inUse).toBe(0)
    }
    // Everything else that records a function for one call frees it too.
    const g = (x: Var) => x.sin().mul(x)
    api.gradcheck(f, [1, 2])
    api.numeric.errorSweep(g, 0.5)
    api.minimize(g, [0.5], { maxIter: 5 })
    api.explain(g, [0.5])
    api.toJSON(g, { at: [0.5] })
    expect(backend.memoryStats().inUse).toBe(0)
    // A sweep that throws frees its region too.
    expect(() => api.gradient((x: Var) => [x, x], [1])).toThrow(/one output/)
    expect(backend.memoryStats().inUse).toBe(0)
  })

  it("the default maximum is wasm32's 4 GiB, reached only on demand", () => {
    const backend = createWasmBackend()
    backend.load(squarePlus()).dispose()
    expect(backend.memoryStats().maximum).toBe(4 * 2 ** 30)
    expect(backend.memoryStats().size).toBeLessThanOrEqual(2 * MIB)
  })

  it('options are checked', () => {
    expect(() => createWasmBackend({ maximumMemory: 1000 })).toThrow(
      'wasm backend: maximumMemory must be between 64 KiB and 4 GiB, got 1000',
    )
    expect(() => createWasmBackend({ maximumMemory: MIB, initialMemory: 2 * MIB })).toThrow(
      /initialMemory must be between 0 and maximumMemory/,
    )
  })

  it('the JS backend agrees on the results used above', () => {
    expect(jsBackend.load(squarePlus()).gradient([4]).gradient[0]).toBe(9)
  })
})
