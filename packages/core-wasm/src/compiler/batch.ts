// Compiled batched sweeps: the interpreter's batched forward and reverse
// (assembly/batch.ts) written out as straight-line code over pairs of points,
// each value and adjoint one v128 (two f64 lanes: point 2j and 2j + 1).
//
// Layout: the batch is node-major as the interpreter's (Batch, ../batch.ts):
// node i's lanes are row i of V (stride lanes, even, the pad lane a copy of
// the last point), adjoints likewise in G. One exported function loops over
// the pairs of lanes; for each pair it reads the inputs' rows, runs the whole
// tape with values and adjoints in v128 locals (reused once dead, as the
// single-point locals layout does) and writes back only the rows anyone reads:
// the outputs' values (evaluate's results, gradient's value), the rows the
// status checker reads (guards' operands, kinky ops' operands) and, for the
// gradient, the inputs' adjoints. For the reverse part the gradient also keeps
// each pair's values in a scratch area S of 16 bytes a node (the host's; the
// address is a parameter, so the module bakes in no address). Over the locals
// bound (the memory layout) a pair's values and adjoints both live in S (32
// bytes a node; the host writes the constants' entries once), the sweep is
// split into functions of chunkNodes nodes and the loops findLoops finds are
// re-rolled, and the reverse part is the interpreter's accumulate over
// adjoints zeroed each pair.
//
// Exactness: each node's row is computed by the op's rule in the form the
// interpreter's batched row uses (the generated `simd` flags): its exact
// f64x2 form where it has one, else lane by lane through the scalar rule
// (host Math included), so every lane is the interpreter's result for that
// point, bit for bit, hence the JS backend's. The reverse part accumulates in
// the interpreter's order from adjoints it starts at +0, with the single-point
// compiler's known-zero rules (./tape-compiler.ts): a first write is 0 + c (c
// itself when c is an adjoint passed on, never −0), and a zero adjoint's
// pass-through contributions (partials ±1: add, sub, neg) are dropped.

import { OPS, type TapeData } from '@chainrule/core'
import { Bytes, I32, ModuleBuilder, OP } from './encoder.js'
import type { Expr, FunctionIr, RuleName } from './ir.js'
import { findLoops, type Segment } from './loops.js'
import { Lowering } from './lower.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'
import { COMPILER_LIMITS, type CompilerLimits } from './tape-compiler.js'

const INPUT = 0
const CONST = 1

const V128 = 0x7b
/** SIMD instructions: the 0xfd prefix, then these codes (LEB128). */
const X2 = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  splat: 0x14,
  extractLane: 0x21,
  replaceLane: 0x22,
  ceil: 0x74,
  floor: 0x75,
  trunc: 0x7a,
  abs: 0xec,
  neg: 0xed,
  sqrt: 0xef,
  add: 0xf0,
  sub: 0xf1,
  mul: 0xf2,
  div: 0xf3,
  min: 0xf4,
  max: 0xf5,
} as const
/** memory.fill (bulk memory): 0xfc 11, memory 0. */
const MEMORY_FILL = [0xfc, 0x0b, 0x00]
const I32_MUL = 0x6c
const I32_LT_U = 0x49
const VECTOR_ARITH: Readonly<Record<string, number>> = { '+': X2.add, '-': X2.sub, '*': X2.mul, '/': X2.div }
const VECTOR_MATH: Readonly<Record<string, number>> = {
  sqrt: X2.sqrt,
  abs: X2.abs,
  floor: X2.floor,
  ceil: X2.ceil,
  trunc: X2.trunc,
  min: X2.min,
  max: X2.max,
}

type Emit = (out: Bytes) => void

const simd = (out: Bytes, code: number) => out.byte(0xfd).u32(code)
/** A v128 with x in both lanes (every bit kept). */
const splat = (out: Bytes, x: number) => {
  simd(out, X2.const)
  out.f64Bits(x).f64Bits(x)
}

/** +1 or −1 for a partial that is that constant (add, sub, neg): the adjoint passes on unchanged. */
function unitOf(ir: FunctionIr): 1 | -1 | undefined {
  const [only] = ir.body
  if (ir.body.length !== 1 || only.k !== 'ret') return undefined
  const v = only.v
  const c = v.k === 'num' ? v.v : v.k === 'neg' && v.x.k === 'num' ? -v.x.v : undefined
  return c === 1 || c === -1 ? c : undefined
}

/** The parameters a rule's body reads. */
function reads(ir: FunctionIr): Set<string> {
  const names = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const x of node) visit(x)
    else if (node !== null && typeof node === 'object') {
      const e = node as { k?: string; name?: string }
      if (e.k === 'var' && e.name !== undefined) names.add(e.name)
      for (const v of Object.values(node)) if (typeof v === 'object') visit(v)
    }
  }
  visit(ir.body)
  return new Set(ir.params.filter((p) => names.has(p)))
}

export interface BatchOutput {
  readonly bytes: Uint8Array
  /** Bytes of scratch the sweeps need at their S parameter (one pair's values, and adjoints in memory). */
  readonly scratchBytes: number
  /** Memory layout: the host writes each constant's value into both lanes of its entry, once. */
  readonly constantsInScratch: boolean
}

/**
 * Compiles `tape`'s batched sweeps to a module exporting
 * `forwardBatch(V, G, stride, S)` (values: output and checked rows of V) and
 * `gradientBatch(V, G, stride, S)` (also the inputs' adjoint rows of G, from a
 * seed of 1 at the one output; G needs no zeroing). V's input rows must hold
 * the points, stride be even and ≥ 2. Throws NotCompiled past the compiler's
 * bounds, or in the memory layout when loops cover less than
 * `minRerolledShare` of the tape ('auto'): the batch then stays interpreted.
 */
export function compileBatch(
  tape: TapeData,
  limits: CompilerLimits = COMPILER_LIMITS,
  minRerolledShare = 0,
): BatchOutput {
  const n = tape.op.length
  if (n > limits.maxNodes) {
    throw new NotCompiled(`a tape of ${n} nodes is over the batched compiler's limit of ${limits.maxNodes}`)
  }
  // Over the locals bound, values and adjoints of a pair live in the scratch area (memory layout).
  const memory = n > limits.localsNodes
  const segments = memory && limits.reroll ? findLoops(tape, limits.maxStraightNodes) : []
  let rerolled = 0
  for (const sg of segments) rerolled += sg.K * sg.L
  if (memory && n - rerolled > limits.maxStraightNodes) {
    throw new NotCompiled(
      `${n - rerolled} nodes outside loops is over the compiler's limit of ${limits.maxStraightNodes}`,
    )
  }
  if (memory && rerolled < minRerolledShare * n) {
    throw new NotCompiled(
      `'auto' compiles a batch in the memory layout only when loops cover ${100 * minRerolledShare}% of the tape (they cover ${rerolled} of its ${n} nodes)`,
    )
  }
  const { op, a, b, val, guards } = tape
  const module = new ModuleBuilder()
  // Rules without an f64x2 form run lane by lane through the scalar lowering (host imports declared first).
  const scalarRules: [number, RuleName][] = []
  const seen = new Set<number>()
  for (let i = 0; i < n; i++) {
    const o = op[i]
    if (o === INPUT || o === CONST || seen.has(o)) continue
    seen.add(o)
    const row = RULES.ops[o]
    if (!row.simd?.fwd) scalarRules.push([o, 'fwd'])
    if (!row.simd?.reverse)
      scalarRules.push([o, 'da'], ...(row.arity === 2 ? [[o, 'db'] as [number, RuleName]] : []))
  }
  const lowering = new Lowering(module, RULES, scalarRules)

  // Rows written back: outputs and what the status checker reads (inputs' rows are the host's already).
  const isInput = new Uint8Array(n)
  for (const i of tape.inputs) isInput[i] = 1
  const stored = new Set<number>()
  const keep = (i: number) => {
    if (i >= 0 && !isInput[i]) stored.add(i)
  }
  for (const o of tape.outputs) keep(o)
  for (let j = 0; j < guards.cmp.length; j++) {
    keep(guards.a[j])
    keep(guards.b[j])
  }
  for (let i = 0; i < n; i++) {
    if (OPS[op[i]]?.kink) {
      keep(a[i])
      keep(b[i])
    }
  }
  // Values the reverse part reads back (its partials' operands and results): only those go to the scratch area.
  const readBack = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const o = op[i]
    if (o === INPUT || o === CONST) continue
    for (const r of (b[i] < 0 ? ['da'] : ['da', 'db']) as RuleName[]) {
      const ir = RULES.ops[o][r]!
      if (unitOf(ir) !== undefined) continue
      const used = reads(ir)
      const [pa, pb, py] = ir.params
      if (used.has(pa)) readBack[a[i]] = 1
      if (b[i] >= 0 && used.has(pb)) readBack[b[i]] = 1
      if (used.has(py)) readBack[i] = 1
    }
  }
  const lastUse = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if (op[i] === INPUT || op[i] === CONST) continue
    lastUse[a[i]] = i
    if (b[i] >= 0) lastUse[b[i]] = i
  }

  // Locals: parameters V G stride S (0–3), then p q end rowBytes, one row offset per row touched, then v128s.
  const [P_V, P_G, P_STRIDE, P_S, L_P, L_Q, L_END, L_ROW] = [0, 1, 2, 3, 4, 5, 6, 7]
  /** The memory layout's input-copying loop: its count, row offset and scratch address. */
  const [L_J, L_RO, L_SO] = [8, 9, 10]
  const rows = [...new Set([...tape.inputs, ...stored])]
  const rowLocal = new Map(rows.map((r, k) => [r, 8 + k]))
  let firstV128 = 8 + rows.length
  let vectors = 0
  const free: number[] = []
  const alloc = () => free.pop() ?? firstV128 + vectors++
  const valueLocal = new Int32Array(n).fill(-1)
  const adjointLocal = new Int32Array(n).fill(-1)
  const release = (table: Int32Array, i: number) => {
    if (table[i] >= 0) free.push(table[i])
    table[i] = -1
  }
  /** Whether values are being read back from the scratch area (the gradient's reverse part). */
  let reversing = false
  const rowAddress = (out: Bytes, base: number, r: number) =>
    out.localGet(base).localGet(rowLocal.get(r)!).op(OP.i32Add)

  // Memory layout: a pair's values at S + 16i, adjoints at S + 16n + 16i (S the functions' parameter 0);
  // in a re-rolled loop, plus the i32 offset (16·stride·round) of the entry's own stride.
  let inMemory = false
  let loop: { cur: number; L: number; da: number; db: number; offset: (d: number) => number } | null = null
  const memBase = (out: Bytes, x: number): Bytes => {
    out.localGet(0)
    if (loop === null) return out
    const d = x === loop.cur ? loop.L : x === a[loop.cur] ? loop.da : loop.db
    return out.localGet(loop.offset(d)).op(OP.i32Add)
  }
  const value =
    (i: number): Emit =>
    (out) => {
      if (inMemory)
        simd(memBase(out, i), X2.load)
          .u32(4)
          .u32(16 * i)
      else if (op[i] === CONST) splat(out, val[i])
      else if (!reversing && valueLocal[i] >= 0) out.localGet(valueLocal[i])
      else
        simd(out.localGet(P_S), X2.load)
          .u32(4)
          .u32(16 * i)
    }
  /** Lane L of node i's value, as an f64. */
  const lane =
    (i: number, L: number): Emit =>
    (out) => {
      if (inMemory)
        memBase(out, i)
          .op(OP.f64Load)
          .u32(3)
          .u32(16 * i + 8 * L)
      else if (op[i] === CONST) out.f64Const(val[i])
      else if (!reversing && valueLocal[i] >= 0) simd(out.localGet(valueLocal[i]), X2.extractLane).byte(L)
      else
        out
          .localGet(P_S)
          .op(OP.f64Load)
          .u32(3)
          .u32(16 * i + 8 * L)
    }
  const zeroLane: Emit = (out) => out.f64Const(0)
  const zeroVector: Emit = (out) => splat(out, 0)

  /** A rule with an exact f64x2 form, inlined over v128 operands (its lets in v128 locals). */
  const vectorRule = (out: Bytes, o: number, r: RuleName, args: readonly Emit[]) => {
    const ir = RULES.ops[o][r]!
    const env = new Map<string, Emit>(ir.params.map((p, k) => [p, args[k]]))
    const temps: number[] = []
    const expr = (e: Expr): void => {
      switch (e.k) {
        case 'num':
          splat(out, e.v)
          return
        case 'var': {
          const bound = env.get(e.name)
          if (bound !== undefined) bound(out)
          else if (e.name in RULES.constants) splat(out, RULES.constants[e.name])
          else throw new Error(`batch compiler: unknown name ${e.name}`)
          return
        }
        case 'neg':
          expr(e.x)
          simd(out, X2.neg)
          return
        case 'bin':
          if (!(e.op in VECTOR_ARITH)) break
          expr(e.l)
          expr(e.r)
          simd(out, VECTOR_ARITH[e.op])
          return
        case 'call': {
          const code = e.fn.startsWith('Math.') ? VECTOR_MATH[e.fn.slice(5)] : undefined
          if (code === undefined) break
          for (const x of e.args) expr(x)
          simd(out, code)
          return
        }
      }
      throw new Error(`batch compiler: ${RULES.ops[o].name}.${r} has no f64x2 form`)
    }
    for (const s of ir.body) {
      if (s.k === 'let') {
        expr(s.init)
        const l = alloc()
        temps.push(l)
        out.localSet(l)
        env.set(s.name, (w) => w.localGet(l))
      } else if (s.k === 'ret') expr(s.v)
      else throw new Error(`batch compiler: ${RULES.ops[o].name}.${r} has no f64x2 form`)
    }
    free.push(...temps)
  }
  /** A rule lane by lane: lane 0 splatted, lane 1 replaced, each the scalar rule over that lane's operands. */
  const laneRule = (out: Bytes, o: number, r: RuleName, args: (L: number) => Emit[]) => {
    lowering.rule(out, o, r, args(0))
    simd(out, X2.splat)
    lowering.rule(out, o, r, args(1))
    simd(out, X2.replaceLane).byte(1)
  }

  const forwardValue = (out: Bytes, i: number) => {
    const o = op[i]
    if (RULES.ops[o].simd?.fwd) vectorRule(out, o, 'fwd', [value(a[i]), b[i] < 0 ? zeroVector : value(b[i])])
    else laneRule(out, o, 'fwd', (L) => [lane(a[i], L), b[i] < 0 ? zeroLane : lane(b[i], L)])
  }
  const partial =
    (i: number, r: RuleName): Emit =>
    (out) => {
      const o = op[i]
      if (RULES.ops[o].simd?.reverse) {
        vectorRule(out, o, r, [value(a[i]), b[i] < 0 ? zeroVector : value(b[i]), value(i)])
      } else laneRule(out, o, r, (L) => [lane(a[i], L), b[i] < 0 ? zeroLane : lane(b[i], L), lane(i, L)])
    }

  /** Node i's value into a local (while it is used), the scratch area (gradient) and its row (when read). */
  const forwardNode = (out: Bytes, i: number, scratch: boolean) => {
    forwardValue(out, i)
    const l = (valueLocal[i] = alloc())
    out.localSet(l)
    if (scratch && readBack[i])
      simd(out.localGet(P_S).localGet(l), X2.store)
        .u32(4)
        .u32(16 * i)
    if (stored.has(i))
      simd(rowAddress(out, L_P, i).localGet(l), X2.store)
        .u32(3)
        .u32(0)
    if (lastUse[a[i]] === i) release(valueLocal, a[i])
    if (b[i] >= 0 && lastUse[b[i]] === i) release(valueLocal, b[i])
    if (lastUse[i] < 0) release(valueLocal, i)
  }

  const live = new Uint8Array(n)
  const adjoint =
    (i: number): Emit =>
    (out) => {
      if (live[i]) out.localGet(adjointLocal[i])
      else splat(out, 0)
    }
  /** G[t] ±= c in the interpreter's order; c alone as a first write when it is an adjoint passed on. */
  const addTo = (out: Bytes, t: number, c: Emit, subtract: boolean, passOn: boolean) => {
    if (op[t] === CONST) return
    if (!live[t] && passOn && !subtract) c(out)
    else {
      adjoint(t)(out)
      c(out)
      simd(out, subtract ? X2.sub : X2.add)
    }
    out.localSet(live[t] ? adjointLocal[t] : (adjointLocal[t] = alloc()))
    live[t] = 1
  }
  const reverseNode = (out: Bytes, i: number) => {
    const o = op[i]
    const gi = adjoint(i)
    const operands: [number, RuleName][] =
      b[i] < 0
        ? [[a[i], 'da']]
        : [
            [a[i], 'da'],
            [b[i], 'db'],
          ]
    for (const [t, r] of operands) {
      const unit = unitOf(RULES.ops[o][r]!)
      if (unit !== undefined) {
        if (live[i]) addTo(out, t, gi, unit < 0, true)
        continue
      }
      addTo(
        out,
        t,
        (w) => {
          gi(w)
          partial(i, r)(w)
          simd(w, X2.mul)
        },
        false,
        false,
      )
    }
  }

  const exportSweep = (name: string, gradient: boolean) => {
    vectors = 0
    free.length = 0
    valueLocal.fill(-1)
    adjointLocal.fill(-1)
    live.fill(0)
    const body = new Bytes()
    // The inputs' values, from their rows.
    for (const i of tape.inputs) {
      if (lastUse[i] < 0 && !gradient) continue
      simd(rowAddress(body, L_P, i), X2.load)
        .u32(3)
        .u32(0)
      const l = (valueLocal[i] = alloc())
      body.localSet(l)
      if (gradient && readBack[i])
        simd(body.localGet(P_S).localGet(l), X2.store)
          .u32(4)
          .u32(16 * i)
      if (lastUse[i] < 0) release(valueLocal, i)
    }
    for (const i of stored) {
      if (op[i] === CONST) {
        rowAddress(body, L_P, i)
        splat(body, val[i])
        simd(body, X2.store).u32(3).u32(0)
      }
    }
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(body, i, gradient)
    if (gradient) {
      for (let i = 0; i < n; i++) release(valueLocal, i)
      for (const o of tape.outputs) {
        live[o] = 1
        splat(body, 1)
        body.localSet((adjointLocal[o] = alloc()))
      }
      reversing = true
      for (let i = n - 1; i >= 0; i--) {
        if (op[i] === INPUT || op[i] === CONST) continue
        reverseNode(body, i)
        release(adjointLocal, i)
      }
      reversing = false
      for (const i of tape.inputs) {
        rowAddress(body, L_Q, i)
        adjoint(i)(body)
        simd(body, X2.store).u32(3).u32(0)
      }
    }
    if (vectors > limits.maxLocals) {
      throw new NotCompiled(`the batched ${name} needs ${vectors} locals, over ${limits.maxLocals}`)
    }
    const code = new Bytes()
    // rowBytes = 8·stride; each touched row's offset; p, q walk the pairs of lanes from V and G.
    code.localGet(P_STRIDE).i32Const(8).op(I32_MUL).localSet(L_ROW)
    for (const [r, l] of rowLocal) code.i32Const(r).localGet(L_ROW).op(I32_MUL).localSet(l)
    code.localGet(P_V).localSet(L_P).localGet(P_G).localSet(L_Q)
    code.localGet(P_V).localGet(L_ROW).op(OP.i32Add).localSet(L_END)
    code.op(OP.loop).byte(0x40)
    code.bytes(body.view())
    code.localGet(L_P).i32Const(16).op(OP.i32Add).localSet(L_P)
    code.localGet(L_Q).i32Const(16).op(OP.i32Add).localSet(L_Q)
    code.localGet(L_P).localGet(L_END).op(I32_LT_U).op(OP.brIf).u32(0).op(OP.end)
    if (code.length > limits.maxFunctionBytes) {
      throw new NotCompiled(
        `the batched ${name}'s function would take ${code.length} bytes, over ${limits.maxFunctionBytes}`,
      )
    }
    const type = module.type([I32, I32, I32, I32], [])
    const locals: [number, number][] = [[4 + rows.length, I32]]
    if (vectors > 0) locals.push([vectors, V128])
    module.export(name, module.addFunction({ type, locals, code }))
  }
  /** Memory layout: node i's value into the scratch area. */
  const forwardInMemory = (out: Bytes, i: number) => {
    memBase(out, i)
    forwardValue(out, i)
    simd(out, X2.store)
      .u32(4)
      .u32(16 * i)
  }
  /** Memory layout: the interpreter's G[t] ±= G[i]·∂ over the zeroed adjoints, every operand, in order. */
  const reverseInMemory = (out: Bytes, i: number) => {
    const o = op[i]
    const gi: Emit = (w) =>
      simd(memBase(w, i), X2.load)
        .u32(4)
        .u32(16 * n + 16 * i)
    const operands: [number, RuleName][] =
      b[i] < 0
        ? [[a[i], 'da']]
        : [
            [a[i], 'da'],
            [b[i], 'db'],
          ]
    for (const [t, r] of operands) {
      const unit = unitOf(RULES.ops[o][r]!)
      memBase(out, t)
      simd(memBase(out, t), X2.load)
        .u32(4)
        .u32(16 * n + 16 * t)
      gi(out)
      if (unit === undefined) {
        partial(i, r)(out)
        simd(out, X2.mul)
      }
      simd(out, unit === -1 ? X2.sub : X2.add)
      simd(out, X2.store)
        .u32(4)
        .u32(16 * n + 16 * t)
    }
  }
  const sType = module.type([I32], [])
  const pieceFunction = (code: Bytes, i32s: number) => {
    const locals: [number, number][] = []
    if (i32s > 0) locals.push([i32s, I32])
    if (vectors > 0) locals.push([vectors, V128])
    return module.addFunction({ type: sType, locals, code })
  }
  const straight = (from: number, to: number, down: boolean) => {
    const code = new Bytes()
    vectors = 0
    free.length = 0
    firstV128 = 1
    if (down) {
      for (let i = to - 1; i >= from; i--) if (op[i] !== INPUT && op[i] !== CONST) reverseInMemory(code, i)
    } else {
      for (let i = from; i < to; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardInMemory(code, i)
    }
    return pieceFunction(code, 0)
  }
  /** One re-rolled segment: K rounds of its body, each entry's offset advancing (down: retreating) by 16·stride. */
  const loopFunction = (sg: Segment, down: boolean) => {
    const strides: number[] = []
    for (const d of [sg.L, ...sg.da, ...sg.db]) if (!strides.includes(d)) strides.push(d)
    // Local 0 is S, 1 counts rounds down, the offsets follow, then the v128 temporaries.
    const offsetLocal = new Map(strides.map((d, k) => [d, 2 + k]))
    vectors = 0
    free.length = 0
    firstV128 = 2 + strides.length
    const body = new Bytes()
    const step = (j: number) => {
      const cur = sg.start + j
      if (op[cur] === INPUT || op[cur] === CONST) return
      loop = { cur, L: sg.L, da: sg.da[j], db: sg.db[j], offset: (d) => offsetLocal.get(d)! }
      if (down) reverseInMemory(body, cur)
      else forwardInMemory(body, cur)
      loop = null
    }
    if (down) for (let j = sg.L - 1; j >= 0; j--) step(j)
    else for (let j = 0; j < sg.L; j++) step(j)
    const code = new Bytes()
    code.i32Const(sg.K).localSet(1)
    for (const [d, l] of offsetLocal) code.i32Const(down ? 16 * d * (sg.K - 1) : 0).localSet(l)
    code.op(OP.loop).byte(0x40)
    code.bytes(body.view())
    for (const [d, l] of offsetLocal) {
      if (d !== 0)
        code
          .localGet(l)
          .i32Const(16 * d)
          .op(down ? OP.i32Sub : OP.i32Add)
          .localSet(l)
    }
    code.localGet(1).i32Const(1).op(OP.i32Sub).localTee(1).op(OP.brIf).u32(0).op(OP.end)
    return pieceFunction(code, 1 + strides.length)
  }
  /** Memory layout: the exported sweep over the pairs, calling the pieces with S. */
  const exportInMemory = (name: string, forwards: number[], reverses: number[] | null) => {
    const code = new Bytes()
    const row = (out: Bytes, base: number, r: number) =>
      out.localGet(base).i32Const(r).localGet(L_ROW).op(I32_MUL).op(OP.i32Add)
    code.localGet(P_STRIDE).i32Const(8).op(I32_MUL).localSet(L_ROW)
    // (Constants' entries are the host's: it writes them once, when it allocates the scratch area.)
    code.localGet(P_V).localSet(L_P).localGet(P_G).localSet(L_Q)
    code.localGet(P_V).localGet(L_ROW).op(OP.i32Add).localSet(L_END)
    code.op(OP.loop).byte(0x40)
    // The inputs' rows in and, for the gradient, their adjoints out: a loop when the inputs are
    // evenly spaced nodes (a traced function's are 0, 1, 2, …), else one copy each.
    const ins = tape.inputs
    const step = ins.length > 1 ? ins[1] - ins[0] : 0
    const even = ins.length >= 8 && step > 0 && ins.every((x, j) => x === ins[0] + j * step)
    const copyInputs = (base: number, entry: number, out: boolean) => {
      const move = (sOffset: number, rowBase: (w: Bytes) => void) => {
        if (out) {
          rowBase(code)
          simd(code.localGet(P_S), X2.load).u32(4).u32(sOffset)
          simd(code, X2.store).u32(3).u32(0)
        } else {
          code.localGet(P_S)
          rowBase(code)
          simd(code, X2.load).u32(3).u32(0)
          simd(code, X2.store).u32(4).u32(sOffset)
        }
      }
      if (!even) {
        for (const i of ins) move(entry + 16 * i, (w) => row(w, base, i))
        return
      }
      // L_J counts down; L_RO is the row's byte offset, L_SO the scratch entry's (S + L_SO).
      code.i32Const(ins.length).localSet(L_J)
      code.i32Const(ins[0]).localGet(L_ROW).op(I32_MUL).localSet(L_RO)
      code
        .localGet(P_S)
        .i32Const(16 * ins[0])
        .op(OP.i32Add)
        .localSet(L_SO)
      code.op(OP.loop).byte(0x40)
      if (out) {
        code.localGet(base).localGet(L_RO).op(OP.i32Add)
        simd(code.localGet(L_SO), X2.load).u32(4).u32(entry)
        simd(code, X2.store).u32(3).u32(0)
      } else {
        code.localGet(L_SO)
        simd(code.localGet(base).localGet(L_RO).op(OP.i32Add), X2.load).u32(3).u32(0)
        simd(code, X2.store).u32(4).u32(entry)
      }
      code.localGet(L_RO).i32Const(step).localGet(L_ROW).op(I32_MUL).op(OP.i32Add).localSet(L_RO)
      code
        .localGet(L_SO)
        .i32Const(16 * step)
        .op(OP.i32Add)
        .localSet(L_SO)
      code.localGet(L_J).i32Const(1).op(OP.i32Sub).localTee(L_J).op(OP.brIf).u32(0).op(OP.end)
    }
    copyInputs(L_P, 0, false)
    if (reverses !== null) {
      code
        .localGet(P_S)
        .i32Const(16 * n)
        .op(OP.i32Add)
        .i32Const(0)
        .i32Const(16 * n)
        .bytes(MEMORY_FILL)
      code.localGet(P_S)
      splat(code, 1)
      simd(code, X2.store)
        .u32(4)
        .u32(16 * n + 16 * tape.outputs[0])
    }
    for (const f of forwards) code.localGet(P_S).call(f)
    for (const i of stored) {
      row(code, L_P, i)
      simd(code.localGet(P_S), X2.load)
        .u32(4)
        .u32(16 * i)
      simd(code, X2.store).u32(3).u32(0)
    }
    if (reverses !== null) {
      for (const f of reverses) code.localGet(P_S).call(f)
      copyInputs(L_Q, 16 * n, true)
    }
    code.localGet(L_P).i32Const(16).op(OP.i32Add).localSet(L_P)
    code.localGet(L_Q).i32Const(16).op(OP.i32Add).localSet(L_Q)
    code.localGet(L_P).localGet(L_END).op(I32_LT_U).op(OP.brIf).u32(0).op(OP.end)
    if (code.length > limits.maxFunctionBytes) {
      throw new NotCompiled(
        `the batched ${name}'s function would take ${code.length} bytes, over ${limits.maxFunctionBytes}`,
      )
    }
    module.export(
      name,
      module.addFunction({ type: module.type([I32, I32, I32, I32], []), locals: [[7, I32]], code }),
    )
  }

  if (memory) {
    inMemory = true
    const CHUNK = Math.max(1, limits.chunkNodes)
    const pieces: { from: number; to: number; sg?: Segment }[] = []
    let from = 0
    for (const sg of segments) {
      for (let s = from; s < sg.start; s += CHUNK) pieces.push({ from: s, to: Math.min(sg.start, s + CHUNK) })
      pieces.push({ from: sg.start, to: sg.start + sg.K * sg.L, sg })
      from = sg.start + sg.K * sg.L
    }
    for (let s = from; s < n; s += CHUNK) pieces.push({ from: s, to: Math.min(n, s + CHUNK) })
    const forwards = pieces.map((p) => (p.sg ? loopFunction(p.sg, false) : straight(p.from, p.to, false)))
    exportInMemory('forwardBatch', forwards, null)
    if (tape.outputs.length === 1) {
      const reverses = pieces
        .map((p) => (p.sg ? loopFunction(p.sg, true) : straight(p.from, p.to, true)))
        .reverse()
      exportInMemory('gradientBatch', forwards, reverses)
    }
  } else {
    exportSweep('forwardBatch', false)
    if (tape.outputs.length === 1) exportSweep('gradientBatch', true)
  }
  lowering.finish()
  const bytes = module.encode()
  if (bytes.length > limits.maxModuleBytes) {
    throw new NotCompiled(
      `the batched module would take ${bytes.length} bytes, over ${limits.maxModuleBytes}`,
    )
  }
  return { bytes, scratchBytes: (memory ? 32 : 16) * n, constantsInScratch: memory }
}
