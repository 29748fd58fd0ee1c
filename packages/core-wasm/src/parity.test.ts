// JS/WASM parity (docs/ARCHITECTURE.md §6): every op of the table at seeded random and
// special points, then 1000 seeded random tapes mixing every op and 300 of
// only + − × ÷ neg square sqrt, through evaluate, gradient, vjp, jvp, hvp,
// jacobian, hessian, evaluateBatch and gradientBatch, on both builds of the
// module. The contract allows 4 ulps where transcendental functions are
// involved; the module imports the host's Math, so we hold it to 0: bit for
// bit everywhere (NaN equals NaN, +0 is not −0).

import {
  type Backend,
  jsBackend,
  OP,
  type OpDef,
  PRIMITIVES,
  type Program,
  Tape,
  type TapeData,
} from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { ARITHMETIC, pick, pointNear, type Rng, randomTape, rng } from '../test/random-tape.js'
import { gmmPointTape, mlpTape } from '../test/recorded-loops.js'
import { decodeBase64 } from './base64.js'
import { wasmBase64 as debugBase64 } from './generated/debug.js'
import type { WasmProgram } from './program.js'
import { createWasmBackend, type WasmBackend } from './wasm-backend.js'

/**
 * A backend whose every load compiles ('always'); each program must then say it runs compiled code,
 * and with `batches` run its batched sweeps compiled too (the locals layout: compiler/batch.ts).
 */
function compiling(backend: WasmBackend, batches = false, tangents = false): Backend {
  return {
    name: 'wasm',
    load(tape, variables, options) {
      const p = backend.load(tape, variables, { ...options, compile: 'always' })
      if (!p.compiled) throw new Error(`not compiled: ${p.notCompiledReason}`)
      if (batches) batchCompiled.add(p)
      if (tangents) tangentsCompiled.add(p)
      return p
    },
  }
}

const builds: [string, Backend][] = [
  ['release', createWasmBackend({ compilerLimits: { maxNodes: 0 } })],
  ['debug', createWasmBackend({ module: decodeBase64(debugBase64), compilerLimits: { maxNodes: 0 } })],
  // The tape compiler, values and adjoints in locals (every tape here is far under the locals bound)…
  ['compiled', compiling(createWasmBackend(), true)],
  // …and in linear memory, split into functions of 3 nodes each.
  [
    'compiled, split',
    compiling(createWasmBackend({ compilerLimits: { localsNodes: 0, chunkNodes: 3 } }), true, true),
  ],
]

/**
 * Points that sit on kinks, domain edges and special values; 5, 10 and 26 (and their
 * negatives) reach erfc's continued fraction, beyond the random points' range.
 */
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2.5,
  -2.5,
  2,
  5,
  -5,
  10,
  -10,
  26,
  -26,
  1e-300,
  1e300,
  710,
  -745,
  Infinity,
  -Infinity,
  NaN,
]

function same(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(firstMismatch(actual, expected), what).toBeNull()
}

/** Runs every method of both programs at x (directions and weights from r) and compares all results. */
function compareAt(js: Program, wasm: Program, x: number[], r: Rng, label: string): void {
  const dir = x.map(() => r() * 2 - 1)
  const w = Array.from({ length: js.outputs }, () => r() * 2 - 1)
  same(`${label}: evaluate`, wasm.evaluate(x), js.evaluate(x))
  expect(wasm.status, `${label}: status`).toEqual(js.status)
  const vjp = [wasm.vjp(x, w), js.vjp(x, w)]
  same(`${label}: vjp value`, vjp[0].value, vjp[1].value)
  same(`${label}: vjp`, vjp[0].vjp, vjp[1].vjp)
  same(`${label}: node adjoints`, wasm.nodeAdjoints(), js.nodeAdjoints())
  const jvp = [wasm.jvp(x, dir), js.jvp(x, dir)]
  same(`${label}: jvp`, jvp[0].jvp, jvp[1].jvp)
  const units = () => (wasm as WasmProgram).compiledUnits
  if (tangentsCompiled.has(wasm)) expect(units(), `${label}: jvp compiled`).toContain('jvp')
  const jac = [wasm.jacobian(x), js.jacobian(x)]
  same(
    `${label}: jacobian`,
    jac[0].jacobian.flatMap((row) => [...row]),
    jac[1].jacobian.flatMap((row) => [...row]),
  )
  same(`${label}: node values`, wasm.nodeValues(), js.nodeValues())
  if (js.outputs !== 1) return
  const g = [wasm.gradient(x), js.gradient(x)]
  same(`${label}: gradient`, [g[0].value, ...g[0].gradient], [g[1].value, ...g[1].gradient])
  const h = [wasm.hvp(x, dir), js.hvp(x, dir)]
  same(
    `${label}: hvp`,
    [h[0].value, ...h[0].gradient, ...h[0].hvp],
    [h[1].value, ...h[1].gradient, ...h[1].hvp],
  )
  if (tangentsCompiled.has(wasm)) expect(units(), `${label}: hvp compiled`).toContain('hvp')
  const H = [wasm.hessian(x), js.hessian(x)]
  same(
    `${label}: hessian`,
    H[0].hessian.flatMap((row) => [...row]),
    H[1].hessian.flatMap((row) => [...row]),
  )
}

/** The compiled build's programs must run their batches compiled (compiler/batch.ts) once k > 0. */
const batchCompiled = new WeakSet<object>()
/** …and the split build's, their jvp and hvp (compiler/memory-tangents.ts). */
const tangentsCompiled = new WeakSet<object>()

/** Batched results at k points, odd k included (the padded SIMD lane). */
function compareBatch(js: Program, wasm: Program, X: number[], k: number, label: string): void {
  same(`${label}: evaluateBatch k=${k}`, wasm.evaluateBatch(X, k), js.evaluateBatch(X, k))
  expect(wasm.status, `${label}: batch status`).toEqual(js.status)
  if (batchCompiled.has(wasm) && k > 0) {
    expect((wasm as WasmProgram).compiledUnits, `${label}: batch compiled`).toContain('batch')
  }
  if (js.outputs !== 1) return
  const b = [wasm.gradientBatch(X, k), js.gradientBatch(X, k)]
  same(`${label}: gradientBatch value k=${k}`, b[0].value, b[1].value)
  same(`${label}: gradientBatch k=${k}`, b[0].gradient, b[1].gradient)
  expect(wasm.status, `${label}: batch status`).toEqual(js.status)
}

/** op(x) or op(x, y) as a one-node tape over fresh inputs. */
function opTape(op: OpDef): TapeData {
  const t = new Tape()
  const a = t.input(1)
  const b = op.arity === 2 ? t.input(1) : -1
  t.push(op.code, a, b, Number.NaN)
  return t.freeze([t.length - 1])
}

function checkTapes(
  wasmBackend: Backend,
  seed: number,
  count: number,
  ops: readonly OpDef[] | undefined,
): void {
  for (let s = 0; s < count; s++) {
    const r = rng(seed + s)
    const inputs = 1 + Math.floor(r() * 4)
    const outputs = r() < 0.3 ? 2 + Math.floor(r() * 2) : 1
    const { tape, at } = randomTape(r, {
      ops,
      inputs,
      nodes: 5 + Math.floor(r() * 60),
      outputs,
      guards: r() < 0.2 ? 2 : 0,
    })
    const js = jsBackend.load(tape)
    const wasm = wasmBackend.load(tape)
    const label = `tape seed ${seed + s}`
    compareAt(js, wasm, at, r, label)
    compareAt(js, wasm, pointNear(r, at), r, label)
    const k = pick(r, [1, 2, 3, 7, 16, 33])
    const X = Array.from({ length: k }, () => pointNear(r, at)).flat()
    compareBatch(js, wasm, X, k, label)
    wasm.dispose()
  }
}

for (const [build, wasmBackend] of builds) {
  describe(`JS/WASM parity, ${build} build`, () => {
    describe('every op of the table', () => {
      for (const op of PRIMITIVES) {
        it(`${op.name}: bit for bit at 200 random and ${SPECIAL.length}² special points`, () => {
          const tape = opTape(op)
          const js = jsBackend.load(tape)
          const wasm = wasmBackend.load(tape)
          const r = rng(op.code)
          const points: number[][] = []
          for (let i = 0; i < 200; i++) points.push(Array.from({ length: op.arity }, () => (r() * 2 - 1) * 4))
          for (const a of SPECIAL)
            for (const b of op.arity === 2 ? SPECIAL : [0]) points.push(op.arity === 2 ? [a, b] : [a])
          for (const x of points) compareAt(js, wasm, x, r, `${op.name}(${x.join(', ')})`)
          compareBatch(js, wasm, points.flat(), points.length, op.name)
          compareBatch(js, wasm, points.slice(0, 5).flat(), 5, op.name)
          wasm.dispose()
        })
      }
    })

    it('1000 random tapes mixing every op: bit for bit', () => {
      checkTapes(wasmBackend, 1_000, 1000, undefined)
    }, 60_000)

    it('300 random tapes of + − × ÷ neg square sqrt: bit for bit', () => {
      checkTapes(wasmBackend, 50_000, 300, ARITHMETIC)
    }, 60_000)

    it('the random tapes use every op', () => {
      const seen = new Set<number>()
      for (let s = 0; s < 1000; s++) {
        const r = rng(1_000 + s)
        const inputs = 1 + Math.floor(r() * 4)
        const outputs = r() < 0.3 ? 2 + Math.floor(r() * 2) : 1
        const { tape } = randomTape(r, {
          inputs,
          nodes: 5 + Math.floor(r() * 60),
          outputs,
          guards: r() < 0.2 ? 2 : 0,
        })
        for (const o of tape.op) seen.add(o)
      }
      expect([...seen].sort((a, b) => a - b)).toEqual([...Array(PRIMITIVES.length + 2).keys()])
    })

    it('misuse is reported with the JS backend’s words', () => {
      const t = new Tape()
      const x = t.input(1)
      t.push(OP.exp.code, x, -1, Math.E)
      const two = t.freeze([1, 1])
      const [js, wasm] = [jsBackend.load(two), wasmBackend.load(two)]
      const message = (f: (p: Program) => unknown) => {
        for (const p of [js, wasm]) {
          try {
            f(p)
          } catch (e) {
            if (p === js) continue
            return (e as Error).message
          }
        }
        return 'no error'
      }
      const jsMessage = (f: (p: Program) => unknown) => {
        try {
          f(js)
        } catch (e) {
          return (e as Error).message
        }
        return 'no error'
      }
      for (const f of [
        (p: Program) => p.evaluate([1, 2]),
        (p: Program) => p.gradient([1]),
        (p: Program) => p.vjp([1], [1]),
        (p: Program) => p.jvp([1], []),
        (p: Program) => p.evaluateBatch([1, 2], 3),
        (p: Program) => p.evaluateBatch([1], 0.5),
      ]) {
        expect(message(f)).toBe(jsMessage(f))
        expect(message(f)).not.toBe('no error')
      }
      wasm.dispose()
    })
  })
}

describe('JS/WASM parity, compiled tapes recorded from loops (re-rolled)', () => {
  // The memory layout, where findLoops re-rolls: gmm's per-point term and an MLP's loss, small but
  // with the benchmark's structure (test/recorded-loops.ts), every sweep at the recording point,
  // near it and at special points, and in batches.
  const rerolling = createWasmBackend({ compilerLimits: { localsNodes: 0 } })
  for (const [name, { tape, at }] of [
    ['gmm d=3 K=8 (the component loop re-rolled whole)', gmmPointTape(3, 8)],
    ['gmm d=34 K=1 (its longest inner loops re-rolled)', gmmPointTape(34, 1)],
    ['mlp 2→16→4→1 × 3 points', mlpTape([2, 16, 4, 1], 3)],
    ['mlp 2→16→16→1 × 2 points (a 33-node neuron re-rolled)', mlpTape([2, 16, 16, 1], 2)],
  ] as const) {
    it(`${name}: bit for bit`, () => {
      const js = jsBackend.load(tape)
      const wasm = rerolling.load(tape, undefined, { compile: 'always' })
      expect(wasm.compiled, wasm.notCompiledReason).toBe(true)
      expect(wasm.compilation?.compiledLayout).toBe('memory')
      expect(wasm.compilation?.loops).toBeGreaterThan(0)
      const r = rng(77)
      compareAt(js, wasm, at, r, name)
      compareAt(js, wasm, pointNear(r, at), r, name)
      compareAt(
        js,
        wasm,
        at.map((_, i) => SPECIAL[i % SPECIAL.length]),
        r,
        `${name}, special points`,
      )
      const X = Array.from({ length: 3 }, () => pointNear(r, at)).flat()
      compareBatch(js, wasm, X, 3, name)
      wasm.dispose()
    }, 60_000)
  }
})
