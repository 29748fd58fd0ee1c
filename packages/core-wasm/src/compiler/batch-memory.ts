// The batched sweeps in the memory layout (./batch.ts): a pair's values and
// adjoints in the scratch area S, the sweep split into functions of
// chunkNodes nodes with the loops findLoops found re-rolled, called from one
// exported function looping over the pairs.

import type { BatchContext } from './batch.js'
import {
  type BatchNodes,
  L_END,
  L_J,
  L_P,
  L_Q,
  L_RO,
  L_ROW,
  L_SO,
  P_G,
  P_S,
  P_STRIDE,
  P_V,
} from './batch-nodes.js'
import { I32_LT_U, I32_MUL, simd, splat, V128, X2 } from './batch-simd.js'
import { Bytes, I32, MEMORY_FILL, OP } from './encoder.js'
import type { RuleName } from './ir.js'
import { unitOf } from './ir.js'
import { emitRounds, piecesOf, type Segment } from './loops.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'
import { CONST, type Emit, INPUT } from './sweep-nodes.js'

/** Emits and exports forwardBatch and, for one output, gradientBatch in the memory layout. */
export function emitMemoryBatch(ctx: BatchContext, s: BatchNodes): void {
  const { tape, module, limits, stored, segments } = ctx
  const n = tape.op.length
  const { op, a, b } = tape
  const { free, memBase, forwardValue, partial, sType } = s
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
  const pieceFunction = (code: Bytes, i32s: number) => {
    const locals: [number, number][] = []
    if (i32s > 0) locals.push([i32s, I32])
    if (s.vectors > 0) locals.push([s.vectors, V128])
    return module.addFunction({ type: sType, locals, code })
  }
  const straight = (from: number, to: number, down: boolean) => {
    const code = new Bytes()
    s.vectors = 0
    free.length = 0
    s.firstV128 = 1
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
    s.vectors = 0
    free.length = 0
    s.firstV128 = 2 + strides.length
    const body = new Bytes()
    const step = (j: number) => {
      const cur = sg.start + j
      if (op[cur] === INPUT || op[cur] === CONST) return
      s.loop = { cur, L: sg.L, da: sg.da[j], db: sg.db[j], offset: (d) => offsetLocal.get(d)! }
      if (down) reverseInMemory(body, cur)
      else forwardInMemory(body, cur)
      s.loop = null
    }
    if (down) for (let j = sg.L - 1; j >= 0; j--) step(j)
    else for (let j = 0; j < sg.L; j++) step(j)
    const code = new Bytes()
    code.i32Const(sg.K).localSet(1)
    emitRounds(code, sg, offsetLocal, 16, down, 1, body)
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

  s.inMemory = true
  const pieces = piecesOf(segments, n, limits.chunkNodes)
  const forwards = pieces.map((p) => (p.sg ? loopFunction(p.sg, false) : straight(p.from, p.to, false)))
  exportInMemory('forwardBatch', forwards, null)
  if (tape.outputs.length === 1) {
    const reverses = pieces
      .map((p) => (p.sg ? loopFunction(p.sg, true) : straight(p.from, p.to, true)))
      .reverse()
    exportInMemory('gradientBatch', forwards, reverses)
  }
}
