// The tape compiler beyond the parity suite (which runs both compiled layouts
// over every op and 1300 random tapes): the split layout on a tape over the
// locals bound, the size bounds that keep hostile input on the interpreter,
// the 'auto' tier's switch, the compile option through trace() and compile(),
// and the node adjoints a compiled reverse sweep leaves to the interpreter.
import {
  jsBackend,
  compile as jsCompile,
  trace as jsTrace,
  OP,
  PRIMITIVES,
  type Program,
  Tape,
  type TapeData,
  type Var,
} from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { pick, rng } from '../test/random-tape.js'
import { gmmPointTape, mlpTape } from '../test/recorded-loops.js'
import {
  COMPILER_LIMITS,
  compileTape,
  findLoops,
  LOCALS_NODES,
  LOOP_STEPS_PER_NODE,
  NotCompiled,
} from './compiler/tape-compiler.js'
import { compile, trace } from './index.js'
import { COMPILE_AFTER } from './program.js'
import { createWasmBackend } from './wasm-backend.js'

const rosenbrock = (...x: Var[]): Var => {
  let s = x[1].sub(x[0].square()).square().mul(100).add(x[0].neg().add(1).square())
  for (let i = 1; i + 1 < x.length; i++) {
    s = s.add(x[i + 1].sub(x[i].square()).square().mul(100)).add(x[i].neg().add(1).square())
  }
  return s
}

function sameGradient(a: Program, b: Program, x: ArrayLike<number>): void {
  const [ga, gb] = [a.gradient(x), b.gradient(x)]
  expect(firstMismatch([ga.value, ...ga.gradient], [gb.value, ...gb.gradient])).toBeNull()
}

const backend = createWasmBackend()

describe('the tape compiler', () => {
  it('splits a tape over the locals bound into functions over linear memory, bit for bit', () => {
    const n = 2600
    const tape = jsTrace(rosenbrock, n).tape
    expect(tape.op.length).toBeGreaterThan(LOCALS_NODES)
    const js = jsTrace(rosenbrock, n)
    const p = backend.load(tape, undefined, { compile: 'always' })
    expect(p.compiled).toBe(true)
    expect(p.compilation?.compiledLayout).toBe('memory')
    // The unrolled loop comes back as a loop: almost every node is in one.
    expect(p.compilation?.loops).toBeGreaterThan(0)
    expect(p.compilation?.rerolledNodes).toBeGreaterThan(0.9 * tape.op.length)
    const x = Array.from({ length: n }, (_, i) => Math.sin(i) * 1.5)
    sameGradient(p, js, x)
    expect(firstMismatch(p.evaluate(x), js.evaluate(x))).toBeNull()
    expect(firstMismatch(p.nodeValues(), js.nodeValues())).toBeNull()
    // jvp and hvp over linear memory, their loops re-rolled too (their modules are loop-sized).
    const dir = Array.from({ length: n }, (_, i) => Math.cos(i) * (i % 5 === 0 ? 0 : 1))
    expect(firstMismatch(p.jvp(x, dir).jvp, js.jvp(x, dir).jvp)).toBeNull()
    const [h, hj] = [p.hvp(x, dir), js.hvp(x, dir)]
    expect(
      firstMismatch([h.value, ...h.gradient, ...h.hvp], [hj.value, ...hj.gradient, ...hj.hvp]),
    ).toBeNull()
    expect(p.compiledUnits).toEqual(['primary', 'jvp', 'hvp'])
    const at = { v: 0, g: 8 * tape.op.length }
    for (const unit of ['jvp', 'hvp'] as const) {
      expect(compileTape(tape, at, COMPILER_LIMITS, new Set([unit])).bytes.length).toBeLessThan(20_000)
    }
    p.dispose()
  }, 60_000)

  it('re-rolls loops of transcendental and binary ops in jvp and hvp over linear memory, bit for bit', () => {
    const n = 60
    const f = (...x: Var[]) => {
      let s = x[0].mul(0)
      for (let i = 0; i + 1 < n; i++) {
        s = s.add(
          x[i]
            .sin()
            .mul(x[i + 1].exp())
            .div(x[i].square().add(1))
            .sub(x[i + 1].pow(x[i]).tanh()),
        )
      }
      return s
    }
    const { tape } = jsTrace(f, n)
    const js = jsTrace(f, n)
    const split = createWasmBackend({ compilerLimits: { localsNodes: 0 } })
    const p = split.load(tape, undefined, { compile: 'always' })
    expect(p.compilation?.loops).toBeGreaterThan(0)
    const r = rng(14)
    for (let round = 0; round < 5; round++) {
      const x = Array.from({ length: n }, () => r() * 2 + 0.1)
      const dir = Array.from({ length: n }, () => pick(r, [0, -0, 1, r() - 0.5]))
      expect(firstMismatch(p.jvp(x, dir).jvp, js.jvp(x, dir).jvp)).toBeNull()
      const [h, hj] = [p.hvp(x, dir), js.hvp(x, dir)]
      expect(
        firstMismatch([h.value, ...h.gradient, ...h.hvp], [hj.value, ...hj.gradient, ...hj.hvp]),
      ).toBeNull()
      sameGradient(p, js, x)
    }
    expect(p.compiledUnits).toEqual(['primary', 'jvp', 'hvp'])
    p.dispose()
  })

  it('takes a tape whose sweeps need more live locals than the bound to the memory layout', () => {
    // All squares first, then their sum: 30 values live at once.
    const f = (...x: Var[]) => {
      const squares = x.map((v) => v.square())
      return squares.reduce((s, q) => s.add(q))
    }
    const tape = jsTrace(f, 30).tape
    const js = jsTrace(f, 30)
    const x = Array.from({ length: 30 }, (_, i) => i - 14.5)
    const few = createWasmBackend({ compilerLimits: { maxLocals: 10 } }).load(tape, undefined, {
      compile: 'always',
    })
    expect(few.compilation?.compiledLayout).toBe('memory')
    sameGradient(few, js, x)
    const enough = backend.load(tape, undefined, { compile: 'always' })
    expect(enough.compilation?.compiledLayout).toBe('locals')
    sameGradient(enough, js, x)
  })

  it('re-rolls loops of every kind of op bit for bit, at special points too', () => {
    // A loop body mixing inline arithmetic, rules with branches (pow, min, erf), host Math and constants.
    const body = (u: Var, v: Var) =>
      u.mul(v).sin().add(u.div(v)).sub(u.pow(v.abs())).add(u.min(v).erf()).mul(0.5).add(v.sqrt().neg())
    const f = (...x: Var[]) => {
      let s = body(x[0], x[1])
      for (let i = 1; i + 1 < x.length; i++) s = s.add(body(x[i], x[i + 1]))
      return s
    }
    const n = 40
    const tape = jsTrace(f, n).tape
    const js = jsTrace(f, n)
    const split = createWasmBackend({ compilerLimits: { localsNodes: 0 } })
    const p = split.load(tape, undefined, { compile: 'always' })
    const plain = createWasmBackend({ compilerLimits: { localsNodes: 0, reroll: false } }).load(
      tape,
      undefined,
      {
        compile: 'always',
      },
    )
    expect(p.compilation?.loops).toBeGreaterThan(0)
    expect(plain.compilation?.loops).toBe(0)
    const special = [0, -0, 1, -1, 0.5, 2, -2.5, Infinity, -Infinity, NaN, 1e-300, 710]
    for (let r = 0; r < 20; r++) {
      const x = Array.from({ length: n }, (_, i) =>
        r < 10 ? Math.sin(i * 7 + r) * 3 : special[(i * r) % special.length],
      )
      const w = [Math.cos(r)]
      for (const q of [p, plain]) {
        sameGradient(q, js, x)
        expect(firstMismatch(q.evaluate(x), js.evaluate(x))).toBeNull()
        expect(q.status).toEqual(js.status)
        const [v, vj] = [q.vjp(x, w), js.vjp(x, w)]
        expect(firstMismatch(v.vjp, vj.vjp)).toBeNull()
        expect(firstMismatch(q.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
        expect(firstMismatch(q.nodeValues(), js.nodeValues())).toBeNull()
      }
    }
  })

  it('re-rolls 200 seeded random loop tapes bit for bit (every op, in-body constants, carried values)', () => {
    /** K rounds of a random body over x_r, x_{r+1}, the previous round's result, in-body constants. */
    function loopTape(seed: number): { tape: TapeData; m: number } {
      const r = rng(seed)
      const K = 8 + Math.floor(r() * 24)
      const m = K + 1
      const t = new Tape()
      for (let i = 0; i < m; i++) t.input(Math.sin(i + seed))
      let carry = t.constant(0.5)
      const body: { op: number; a: number; b: number; ea: number; eb: number }[] = []
      const L = 2 + Math.floor(r() * 8)
      // Operand kinds: 0 x_r, 1 x_{r+1}, 2 carry, 3 an earlier body node (ea/eb), 4 a constant of this round.
      for (let j = 0; j < L; j++) {
        const op = pick(r, PRIMITIVES)
        const kind = () => (j > 0 && r() < 0.4 ? 3 : Math.floor(r() * 5) === 3 ? 2 : Math.floor(r() * 5) % 5)
        const fix = (k: number) => (k === 3 && j === 0 ? 2 : k)
        body.push({
          op: op.code,
          a: fix(kind()),
          b: op.arity === 2 ? fix(kind()) : -1,
          ea: Math.floor(r() * Math.max(1, j)),
          eb: Math.floor(r() * Math.max(1, j)),
        })
      }
      for (let round = 0; round < K; round++) {
        const nodes: number[] = []
        const operand = (k: number, e: number) =>
          k === 0 ? round : k === 1 ? round + 1 : k === 2 ? carry : nodes[e]
        for (let j = 0; j < L; j++) {
          const { op, a, b, ea, eb } = body[j]
          const ai = a === 4 ? t.constant(round * 0.25 - 1) : operand(a, ea)
          const bi = b < 0 ? -1 : b === 4 ? t.constant(2 - round * 0.125) : operand(b, eb)
          const o = PRIMITIVES.find((p) => p.code === op)!
          nodes.push(t.push(op, ai, bi, o.fwd(t.val[ai], bi < 0 ? 0 : t.val[bi])))
        }
        carry = nodes[L - 1]
      }
      return { tape: t.freeze([t.length - 1, carry - 1]), m }
    }
    const split = createWasmBackend({ compilerLimits: { localsNodes: 0 } })
    let rerolled = 0
    for (let s = 0; s < 200; s++) {
      const { tape, m } = loopTape(7_000 + s)
      const js = jsBackend.load(tape)
      const p = split.load(tape, undefined, { compile: 'always' })
      if ((p.compilation?.loops ?? 0) > 0) rerolled++
      const r = rng(s)
      for (let k = 0; k < 3; k++) {
        const x = Array.from({ length: m }, (_, i) =>
          k === 2 ? [0, -0, 1, -1, 2, NaN][i % 6] : Math.sin(i * 3 + s + k) * 2,
        )
        const w = [r() * 2 - 1, r() * 2 - 1]
        const label = `loop tape seed ${7_000 + s}, point ${k}`
        expect(firstMismatch(p.evaluate(x), js.evaluate(x)), label).toBeNull()
        expect(p.status, label).toEqual(js.status)
        const [v, vj] = [p.vjp(x, w), js.vjp(x, w)]
        expect(firstMismatch(v.vjp, vj.vjp), label).toBeNull()
        expect(firstMismatch(p.nodeAdjoints(), js.nodeAdjoints()), label).toBeNull()
        expect(firstMismatch(p.nodeValues(), js.nodeValues()), label).toBeNull()
      }
      p.dispose()
    }
    // Most of them do come back as loops (short ones are under MIN_LOOP_NODES).
    expect(rerolled).toBeGreaterThan(120)
  }, 60_000)

  it('keeps a tape over its node or module-size bound on the interpreter, saying why', () => {
    const tape = jsTrace(rosenbrock, 20).tape
    const js = jsTrace(rosenbrock, 20)
    const x = Array.from({ length: 20 }, (_, i) => i / 7)
    const nodes = createWasmBackend({ compilerLimits: { maxNodes: 50 } }).load(tape, undefined, {
      compile: 'always',
    })
    expect(nodes.compiled).toBe(false)
    expect(nodes.notCompiledReason).toMatch(/over the compiler's limit of 50/)
    sameGradient(nodes, js, x)
    const straight = createWasmBackend({ compilerLimits: { localsNodes: 0, maxStraightNodes: 10 } }).load(
      tape,
      undefined,
      { compile: 'always' },
    )
    expect(straight.compiled).toBe(false)
    expect(straight.notCompiledReason).toMatch(/nodes outside loops is over the compiler's limit of 10/)
    const bytes = createWasmBackend({ compilerLimits: { maxModuleBytes: 1000 } }).load(tape, undefined, {
      compile: 'always',
    })
    expect(bytes.compiled).toBe(false)
    expect(bytes.notCompiledReason).toMatch(/over 1000/)
    sameGradient(bytes, js, x)
  })

  /** A tape of adds over two inputs whose a (and b, when given) are drawn by `operand(i)`. */
  function addTape(n: number, operand: (i: number) => [number, number]): TapeData {
    const op = new Uint8Array(n).fill(OP.add.code)
    const a = new Int32Array(n)
    const b = new Int32Array(n)
    op[0] = op[1] = OP.input.code
    a[0] = a[1] = b[0] = b[1] = -1
    for (let i = 2; i < n; i++) [a[i], b[i]] = operand(i)
    return { op, a, b, val: new Float64Array(n), inputs: [0, 1], outputs: [n - 1] } as unknown as TapeData
  }

  it('finds loops in at most LOOP_STEPS_PER_NODE steps a node on hostile tapes, and refuses past its limits', () => {
    const n = 20_000
    const r = rng(5)
    let ai = 0
    const hostile: [string, TapeData][] = [
      // a rising by a random 0–2: every period passes its first round and fails soon after.
      ['random strides', addTape(n, (i) => [(ai = Math.min(i - 1, ai + Math.floor(r() * 3))), 0])],
      // strides steady for 63 nodes then broken, at every period: each check runs far, then fails.
      ['near-periodic', addTape(n, (i) => [i - 1 - (Math.floor(i / 63) % 2), 0])],
      // a == b at every node, with b's stride different from a's every 5th node: the first-round check.
      ['aliased', addTape(n, (i) => [i - 1, i % 5 === 0 ? i - 2 : i - 1])],
      // random ops and operands.
      [
        'random ops',
        (() => {
          const t = addTape(n, (i) => [Math.floor(r() * i), Math.floor(r() * i)])
          for (let i = 2; i < n; i++) (t.op as Uint8Array)[i] = pick(r, [OP.add, OP.mul, OP.sub]).code
          return t
        })(),
      ],
    ]
    for (const [name, tape] of hostile) {
      const stats = { steps: 0 }
      findLoops(tape, Number.POSITIVE_INFINITY, undefined, stats)
      expect(stats.steps, name).toBeLessThanOrEqual(LOOP_STEPS_PER_NODE * n)
      expect(stats.steps, name).toBeGreaterThan(n)
    }
    const tape = hostile[0][1]
    expect(() => findLoops(tape, Number.POSITIVE_INFINITY, 1000)).toThrow(NotCompiled)
    expect(() => findLoops(tape, Number.POSITIVE_INFINITY, 1000)).toThrow(
      /finding loops took over 1000 steps by node \d+ of 20000, over the compiler's budget/,
    )
    expect(() => findLoops(tape, 1000)).toThrow(
      /1001 nodes outside loops is over the compiler's limit of 1000/,
    )
    // A tape of loops fits the budget.
    expect(findLoops(jsTrace(rosenbrock, 200).tape).length).toBeGreaterThan(0)
  })

  it('re-rolls tapes recorded from loops (gmm- and MLP-shaped) in a few steps a node, and compiles them', () => {
    // Sizes at which the search, when it retried every period at every node, ran over its budget.
    for (const [name, { tape, at }] of [
      ['gmm d=34 K=20', gmmPointTape(34, 20)],
      ['mlp 2→16→16→1 × 64 points', mlpTape([2, 16, 16, 1], 64)],
    ] as const) {
      const n = tape.op.length
      const stats = { steps: 0 }
      const segments = findLoops(tape, Number.POSITIVE_INFINITY, undefined, stats)
      // Linear in the tape: about one step per period tried a node, however long the runs.
      expect(stats.steps, name).toBeLessThan((LOOP_STEPS_PER_NODE / 2) * n)
      // Beyond the run of inputs, inner loops come back: Qₖ's rows for gmm, the first layer for the MLP.
      expect(segments.filter((s) => s.L > 1).length, name).toBeGreaterThan(0)
      const p = createWasmBackend({ compilerLimits: { localsNodes: 0 } }).load(tape, undefined, {
        compile: 'always',
      })
      expect(p.compiled, `${name}: ${p.notCompiledReason}`).toBe(true)
      expect(p.compilation?.loops, name).toBe(segments.length)
      sameGradient(p, jsBackend.load(tape), at)
      p.dispose()
    }
  }, 60_000)

  it("'auto' interprets first and compiles on the threshold replay; 'never' never does", () => {
    const tape = jsTrace(rosenbrock, 4).tape
    const js = jsTrace(rosenbrock, 4)
    const auto = backend.load(tape)
    const never = backend.load(tape, undefined, { compile: 'never' })
    for (let r = 1; r < COMPILE_AFTER; r++) {
      auto.gradient([r, 1, 2, 3])
      never.gradient([r, 1, 2, 3])
    }
    expect(auto.compiled).toBe(false)
    sameGradient(auto, js, [0.5, -1, 2, 0])
    expect(auto.compiled).toBe(true)
    sameGradient(auto, js, [1.5, -1, 2, 7])
    expect(never.compiled).toBe(false)
    auto.dispose()
    expect(auto.compiled).toBe(false)
    expect(() => auto.gradient([1, 2, 3, 4])).toThrow(/disposed/)
  })

  it("'auto' on a browser's main thread compiles asynchronously and switches when ready", async () => {
    const tape = jsTrace(rosenbrock, 4).tape
    const js = jsTrace(rosenbrock, 4)
    const g = globalThis as { document?: unknown }
    g.document = {}
    try {
      const p = backend.load(tape)
      for (let r = 0; r < COMPILE_AFTER; r++) p.gradient([r, 1, 2, 3])
      // Still interpreting, and right, while the module compiles.
      expect(p.compiled).toBe(false)
      sameGradient(p, js, [0.5, -1, 2, 0])
      await p.pendingCompile
      expect(p.compiled).toBe(true)
      sameGradient(p, js, [1.5, -1, 2, 7])
    } finally {
      delete g.document
    }
  })

  it('refuses a unit whose module fails to instantiate after an asynchronous compile; pendingCompile resolves', async () => {
    const tape = jsTrace(rosenbrock, 4).tape
    const js = jsTrace(rosenbrock, 4)
    const g = globalThis as { document?: unknown }
    const wasm = (globalThis as unknown as { WebAssembly: { Instance: unknown } }).WebAssembly
    const real = wasm.Instance
    g.document = {}
    try {
      const p = backend.load(tape)
      p.evaluate([1, 2, 3, 4])
      wasm.Instance = function instance() {
        throw new RangeError('out of memory (simulated)')
      }
      for (let r = 0; r < COMPILE_AFTER; r++) p.gradient([r, 1, 2, 3])
      await expect(p.pendingCompile).resolves.toBeUndefined()
      wasm.Instance = real
      expect(p.compiled).toBe(false)
      expect(p.notCompiledReason).toMatch(/out of memory \(simulated\)/)
      sameGradient(p, js, [1.5, -1, 2, 7])
    } finally {
      wasm.Instance = real
      delete g.document
    }
  })

  it("'always' on a browser's main thread compiles asynchronously too", async () => {
    const tape = jsTrace(rosenbrock, 4).tape
    const js = jsTrace(rosenbrock, 4)
    const g = globalThis as { document?: unknown }
    g.document = {}
    try {
      const p = backend.load(tape, undefined, { compile: 'always' })
      expect(p.compiled).toBe(false)
      sameGradient(p, js, [0.5, -1, 2, 0])
      await p.pendingCompile
      expect(p.compiled).toBe(true)
      sameGradient(p, js, [1.5, -1, 2, 7])
    } finally {
      delete g.document
    }
  })

  it('refuses by the re-rolled share before emitting, and stops emitting past the module-size bound', () => {
    const tape = jsTrace(rosenbrock, 20).tape
    const at = { v: 0, g: 8 * tape.op.length }
    const memory = { ...COMPILER_LIMITS, localsNodes: 0 }
    // Tiny byte bound: the share check comes first, so its reason is given, not the size.
    expect(() => compileTape(tape, at, { ...memory, maxModuleBytes: 1 }, undefined, 0.9)).toThrow(
      /only when loops cover 90% of it/,
    )
    // Without it, the first function body over the bound ends emission.
    expect(() => compileTape(tape, at, { ...memory, maxModuleBytes: 100 })).toThrow(
      /the module would take over \d+ bytes, over 100/,
    )
    expect(compileTape(tape, at, memory).layout).toBe('memory')
  })

  it("'auto' compiles a tape over the locals bound when loops re-roll it", () => {
    const tape = jsTrace(rosenbrock, 200).tape
    const p = createWasmBackend({ compilerLimits: { localsNodes: 10 } }).load(tape)
    for (let r = 0; r < COMPILE_AFTER; r++) p.evaluate(Array.from({ length: 200 }, (_, i) => i / 100))
    expect(p.compiled).toBe(true)
    expect(p.compilation?.compiledLayout).toBe('memory')
  })

  it("'auto' leaves a tape over the locals bound on the interpreter unless loops re-roll it", () => {
    const tape = jsTrace(rosenbrock, 4).tape
    const p = createWasmBackend({ compilerLimits: { localsNodes: 10 } }).load(tape)
    for (let r = 0; r < COMPILE_AFTER; r++) p.evaluate([r, 1, 2, 3])
    expect(p.compiled).toBe(false)
    expect(p.notCompiledReason).toMatch(/in the memory layout only when loops cover 90% of it/)
  })

  it("'always' compiles evaluate/gradient/vjp at load, jvp and hvp on their first calls", () => {
    const tape = jsTrace(rosenbrock, 3).tape
    const js = jsTrace(rosenbrock, 3)
    const p = backend.load(tape, undefined, { compile: 'always' })
    expect(p.compiledUnits).toEqual(['primary'])
    const x = [0.5, 1.5, -2]
    const dir = [1, -0, 0.25]
    expect(firstMismatch(p.jvp(x, dir).jvp, js.jvp(x, dir).jvp)).toBeNull()
    const [h, hj] = [p.hvp(x, dir), js.hvp(x, dir)]
    expect(firstMismatch([...h.gradient, ...h.hvp], [...hj.gradient, ...hj.hvp])).toBeNull()
    expect(p.compiledUnits).toEqual(['primary', 'jvp', 'hvp'])
    expect(firstMismatch(p.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
    // The split layout compiles jvp and hvp over linear memory too.
    const split = createWasmBackend({ compilerLimits: { localsNodes: 0 } }).load(tape, undefined, {
      compile: 'always',
    })
    const [hs, hjs] = [split.hvp(x, dir), js.hvp(x, dir)]
    expect(
      firstMismatch([hs.value, ...hs.gradient, ...hs.hvp], [hjs.value, ...hjs.gradient, ...hjs.hvp]),
    ).toBeNull()
    expect(firstMismatch(split.jvp(x, dir).jvp, js.jvp(x, dir).jvp)).toBeNull()
    expect(split.compiledUnits).toEqual(['primary', 'jvp', 'hvp'])
  })

  it('takes a tape whose function bodies pass the size bound to the memory layout, jvp and hvp too', () => {
    const tape = jsTrace(rosenbrock, 20).tape
    const js = jsTrace(rosenbrock, 20)
    const x = Array.from({ length: 20 }, (_, i) => i / 7)
    const dir = Array.from({ length: 20 }, (_, i) => (i % 3) - 1)
    const at = { v: 0, g: 8 * tape.op.length }
    const limits = { ...COMPILER_LIMITS, maxFunctionBytes: 500 }
    expect(compileTape(tape, at, limits).layout).toBe('memory')
    expect(compileTape(tape, at, limits, new Set(['hvp'])).layout).toBe('memory')
    const p = createWasmBackend({ compilerLimits: { maxFunctionBytes: 500 } }).load(tape, undefined, {
      compile: 'always',
    })
    expect(p.compilation?.compiledLayout).toBe('memory')
    sameGradient(p, js, x)
    const [h, hj] = [p.hvp(x, dir), js.hvp(x, dir)]
    expect(firstMismatch([...h.gradient, ...h.hvp], [...hj.gradient, ...hj.hvp])).toBeNull()
    expect(p.compiledUnits).toEqual(['primary', 'hvp'])
  })

  it('takes the option through trace() and compile(); the JS backend accepts and ignores it', () => {
    const f = (x: Var, y: Var) => x.mul(y).sin().add(x.square())
    expect(trace(f, 2, { compile: 'always' }).compiled).toBe(true)
    expect(trace(f, 2, { compile: 'never' }).compiled).toBe(false)
    expect(trace(f, 2).compiled).toBe(false)
    expect(compile('x^2 + sin(x*y)', { compile: 'always' }).compiled).toBe(true)
    expect(jsTrace(f, 2, { compile: 'always' }).compiled).toBe(false)
    expect(jsCompile('x^2 + x', { compile: 'always' }).compiled).toBe(false)
    expect(() => trace(f, 2, { compile: 'sometimes' as 'auto' })).toThrow(
      "compile: expected 'auto', 'always' or 'never', got sometimes",
    )
    const tape = jsTrace(f, 2).tape
    expect(() => backend.load(tape, undefined, { compile: 'yes' as 'auto' })).toThrow(
      "compile: expected 'auto', 'always' or 'never', got yes",
    )
  })

  it('answers nodeAdjoints() after a compiled gradient as the interpreter would, later sweeps or not', () => {
    const f = (x: Var, y: Var) => x.mul(y).sin().add(x.square()).div(y.exp())
    const wasm = trace(f, 2, { compile: 'always' })
    const js = jsTrace(f, 2)
    for (const p of [wasm, js]) {
      p.gradient([0.3, 0.9])
      p.evaluate([2, -1])
    }
    expect(firstMismatch(wasm.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
    expect(firstMismatch(wasm.nodeValues(), js.nodeValues())).toBeNull()
    expect(wasm.status).toEqual(js.status)
  })

  it('keeps the point a compiled gradient or hvp ran from for nodeAdjoints(), through later sweeps at other points', () => {
    // 20 inputs: point and adjoints move as block copies; 3: element by element.
    for (const n of [3, 20]) {
      const f = (...x: Var[]) => x.reduce((s, xi, i) => s.add(xi.mul(x[(i + 1) % n]).sin()), x[0].square())
      const wasm = trace(f, n, { compile: 'always' })
      const js = jsTrace(f, n)
      const at = (c: number) => Array.from({ length: n }, (_, i) => Math.cos(i + c))
      for (const steps of [
        (p: typeof js) => p.gradient(at(1)),
        (p: typeof js) => {
          p.gradient(at(1))
          p.evaluate(at(2))
          p.jvp(at(3), at(4))
        },
        (p: typeof js) => {
          p.gradient(at(1))
          p.jacobian(at(5))
        },
        (p: typeof js) => {
          p.gradient(at(1))
          p.hessian(at(8))
        },
        (p: typeof js) => {
          p.hvp(at(1), at(6))
          p.evaluate(at(2))
        },
        (p: typeof js) => {
          p.gradient(at(1))
          p.nodeAdjoints()
          p.evaluate(at(7))
        },
      ]) {
        steps(wasm)
        steps(js)
        expect(firstMismatch(wasm.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
        expect(firstMismatch(wasm.nodeValues(), js.nodeValues())).toBeNull()
        expect(firstMismatch(wasm.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
      }
      // 'auto': the primary sweeps compiled, jvp still interpreted (its own run() moves the point).
      const auto = trace(f, n)
      for (let r = 0; r < COMPILE_AFTER; r++) auto.gradient(at(r))
      expect(auto.compiled).toBe(true)
      for (const p of [auto, js]) {
        p.gradient(at(1))
        p.jvp(at(3), at(4))
      }
      expect(firstMismatch(auto.nodeAdjoints(), js.nodeAdjoints())).toBeNull()
      expect(firstMismatch(auto.nodeValues(), js.nodeValues())).toBeNull()
    }
  })
})
