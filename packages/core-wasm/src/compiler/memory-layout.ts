// The memory layout's forward and gradient (docs/ARCHITECTURE.md §6): values
// and adjoints in the tape's own arrays at fixed addresses, the straight-line
// nodes split into functions of chunkNodes nodes, and the loops findLoops
// found (./loops.ts) re-rolled into WebAssembly loops, a round's values and
// the adjoints only it (or the next round) feeds held in locals; zero() +0s
// just the adjoints the loops accumulate in memory. The nodes' steps are
// ./sweep-nodes.ts's.

import type { TapeData } from '@chainrule/core'
import { Bytes, F64, type FunctionBody, I32, type ModuleBuilder, OP } from './encoder.js'
import { emitRounds, piecesOf, type Segment } from './loops.js'
import { CARRIED, CONST, HELD, INPUT, type SweepNodes } from './sweep-nodes.js'

export interface MemoryLayoutContext {
  readonly tape: TapeData
  readonly module: ModuleBuilder
  /** Adds a function, counting its body against the module-size bound. */
  readonly addFunction: (body: FunctionBody) => number
  readonly segments: readonly Segment[]
  readonly chunkNodes: number
}

/** Emits and exports forward(), gradient() and zero() in the memory layout. */
export function emitMemoryLayout(ctx: MemoryLayoutContext, s: SweepNodes): void {
  const { tape, module, addFunction, segments } = ctx
  const n = tape.op.length
  const { op, a, b } = tape
  const { vAt, gAt, voidType, live, forwardNode, reverseNode, epilogue, functionOf, valueSlot } = s
  const chunk = (from: number, to: number, step: (out: Bytes, i: number) => void, down: boolean) => {
    const code = new Bytes()
    if (down) {
      for (let i = to - 1; i >= from; i--) if (op[i] !== INPUT && op[i] !== CONST) step(code, i)
    } else {
      for (let i = from; i < to; i++) if (op[i] !== INPUT && op[i] !== CONST) step(code, i)
    }
    return addFunction(functionOf(code, 0))
  }
  const i32Type = I32
  /** One loop of a segment as a function: K rounds of its body, offsets advancing by 8·stride. */
  const loopFunction = (sg: Segment, heldIn: Uint8Array, down: boolean) => {
    const body = new Bytes()
    const offsets = new Map<number, number>()
    // f64 locals 0..3L-1 (valueSlot, adjointSlot, takenSlot); local 3L counts rounds down; the offsets follow.
    const counter = 3 * sg.L
    // A carried adjoint's round −1 node must be untouched so far (+0), or its local could not start at +0.
    const held = heldIn.slice()
    if (down)
      for (let p = 0; p < sg.L; p++) {
        const y = sg.start - sg.L + p
        if (held[p] === CARRIED && y >= 0 && live[y]) held[p] = 0
      }
    const offset = (d: number) => {
      let l = offsets.get(d)
      if (l === undefined) offsets.set(d, (l = counter + offsets.size + 1))
      return l
    }
    const written = new Uint8Array(sg.L)
    const carried = new Set<number>()
    const l0 = (p: number) => sg.L + p
    const step = (j: number) => {
      const cur = sg.start + j
      if (op[cur] === INPUT || op[cur] === CONST) return
      s.loop = { cur, L: sg.L, da: sg.da[j], db: sg.db[j], offset, start: sg.start, held, written, carried }
      if (down) {
        s.reversing = true
        reverseNode(body, cur)
        s.reversing = false
      } else forwardNode(body, cur)
      s.loop = null
    }
    if (down) for (let j = sg.L - 1; j >= 0; j--) step(j)
    else for (let j = 0; j < sg.L; j++) step(j)
    const code = new Bytes()
    code.i32Const(sg.K).localSet(counter)
    // Round 0's previous round is the nodes before the loop.
    for (const p of carried) code.loadAt(vAt(sg.start - sg.L + p)).localSet(valueSlot(p))
    // The last round's carried adjoints: what reached them from after the loop, in memory.
    if (down) {
      for (let p = 0; p < sg.L; p++) {
        if (held[p] === CARRIED) code.loadAt(gAt(sg.start + (sg.K - 1) * sg.L + p)).localSet(l0(p))
      }
    }
    emitRounds(code, sg, offsets, 8, down, counter, body)
    // Round 0's contributions to the nodes before the loop (+0 until now).
    if (down) {
      for (let p = 0; p < sg.L; p++) {
        if (held[p] === CARRIED && sg.start - sg.L + p >= 0)
          code
            .storeBase()
            .localGet(l0(p))
            .storeAt(gAt(sg.start - sg.L + p))
      }
    }
    return addFunction({
      type: voidType,
      locals: [[3 * sg.L, F64] as const, [offsets.size + 1, i32Type] as const],
      code,
    })
  }
  /** One loop's zeroing: K rounds storing +0 at its memory and carried positions and at its operands outside the round. */
  const zeroFunction = (sg: Segment, held: Uint8Array): number => {
    const targets: { x: number; d: number }[] = []
    const seen = new Set<number>()
    const target = (x: number, d: number) => {
      // Keyed by first-round index and stride (both under 2²⁶ here: at most MAX_COMPILE_NODES nodes).
      const key = x * 2 ** 26 + d
      if (!seen.has(key)) {
        seen.add(key)
        targets.push({ x, d })
      }
    }
    for (let j = 0; j < sg.L; j++) {
      const cur = sg.start + j
      if (op[cur] === CONST) continue
      if (held[j] !== HELD) target(cur, sg.L)
      if (op[cur] === INPUT) continue
      const operands: [number, number][] = [[a[cur], sg.da[j]]]
      if (b[cur] >= 0) operands.push([b[cur], sg.db[j]])
      for (const [x, d] of operands) {
        if (d === sg.L && x >= sg.start && x < sg.start + sg.L) continue
        if (d === 0 && op[x] === CONST) continue
        target(x, d)
      }
    }
    if (targets.length === 0) return -1
    const offsets = new Map<number, number>()
    for (const { d } of targets) if (!offsets.has(d)) offsets.set(d, offsets.size + 1)
    const code = new Bytes()
    code.i32Const(sg.K).localSet(0)
    for (const l of offsets.values()) code.i32Const(0).localSet(l)
    code.op(OP.loop).byte(0x40)
    for (const { x, d } of targets)
      code
        .localGet(offsets.get(d) as number)
        .f64Const(0)
        .storeAt(gAt(x))
    for (const [d, l] of offsets) {
      if (d !== 0)
        code
          .localGet(l)
          .i32Const(8 * d)
          .op(OP.i32Add)
          .localSet(l)
    }
    code.localGet(0).i32Const(1).op(OP.i32Sub).localTee(0).op(OP.brIf).u32(0).op(OP.end)
    return addFunction({ type: voidType, locals: [[offsets.size + 1, i32Type] as const], code })
  }
  // Per loop and body position: whether the position's adjoint can live in a
  // local (every round's node is used only by nodes of its own round, and is
  // no output, input or constant).
  const heldOf = segments.map((sg) => {
    const held = new Uint8Array(sg.L).fill(HELD)
    for (let j = 0; j < sg.L; j++) if (op[sg.start + j] === INPUT || op[sg.start + j] === CONST) held[j] = 0
    return held
  })
  {
    const segOf = new Int32Array(n).fill(-1)
    for (let k = 0; k < segments.length; k++) {
      const sg = segments[k]
      segOf.fill(k, sg.start, sg.start + sg.K * sg.L)
    }
    // A node's own round only: HELD; also the next round's nodes at or before its position, and
    // anything after the loop for the last round: CARRIED (a round −1 node used by round 0 only
    // through that stride); else memory.
    const noCarry = segments.map((sg) => new Uint8Array(sg.L))
    const usedBy = (x: number, c: number) => {
      const k = segOf[x]
      const kc = c < 0 ? -1 : segOf[c]
      if (kc >= 0 && kc !== k) {
        // x before loop kc: a carried position's round −1 node may be used by the loop only from round 0, stride L.
        const sc = segments[kc]
        const p = x - sc.start + sc.L
        if (p >= 0) {
          const jc = (c - sc.start) % sc.L
          const d = x === a[c] ? sc.da[jc] : sc.db[jc]
          if (c - sc.start >= sc.L || d !== sc.L || p < jc) noCarry[kc][p] = 1
        }
      }
      if (k < 0) return
      const sg = segments[k]
      const held = heldOf[k]
      const p = (x - sg.start) % sg.L
      const r = Math.floor((x - sg.start) / sg.L)
      if (kc === k) {
        const rc = Math.floor((c - sg.start) / sg.L)
        if (rc === r) return
        if (rc === r + 1 && (c - sg.start) % sg.L <= p) {
          if (held[p] === HELD) held[p] = CARRIED
          return
        }
      } else if (r === sg.K - 1) {
        if (held[p] === HELD) held[p] = CARRIED
        return
      }
      held[p] = 0
    }
    for (const o of tape.outputs) usedBy(o, -1)
    for (let c = 0; c < n; c++) {
      if (op[c] === INPUT || op[c] === CONST) continue
      usedBy(a[c], c)
      if (b[c] >= 0) usedBy(b[c], c)
    }
    for (let k = 0; k < segments.length; k++) {
      const held = heldOf[k]
      for (let p = 0; p < held.length; p++) if (held[p] === CARRIED && noCarry[k][p]) held[p] = 0
    }
  }
  // Straight-line chunks between the loops, in node order.
  const pieces = piecesOf(segments, n, ctx.chunkNodes)
  const forwards = pieces.map((p) =>
    p.sg
      ? loopFunction(p.sg, heldOf[segments.indexOf(p.sg)], false)
      : chunk(p.from, p.to, forwardNode, false),
  )
  const reverses: number[] = []
  for (let k = pieces.length - 1; k >= 0; k--) {
    const p = pieces[k]
    if (p.sg) {
      reverses.push(loopFunction(p.sg, heldOf[segments.indexOf(p.sg)], true))
      // Every adjoint a loop touched is in the array now (it was zeroed): read it from there.
      for (let i = p.from; i < p.to; i++) {
        if (op[i] === INPUT || op[i] === CONST) continue
        live[a[i]] = 1
        if (b[i] >= 0) live[b[i]] = 1
      }
    } else reverses.push(chunk(p.from, p.to, reverseNode, true))
  }
  const last = new Bytes()
  epilogue(last)
  const tail = addFunction(functionOf(last, 0))
  const calls = (list: number[]) => {
    const code = new Bytes()
    for (const f of list) code.call(f)
    return code
  }
  module.export('forward', addFunction(functionOf(calls(forwards), 0)))
  module.export('gradient', addFunction(functionOf(calls([...forwards, ...reverses, tail]), 0)))
  // zero(): +0 into exactly the adjoints the loops accumulate in memory (the host calls it before
  // seeding, instead of zeroing all n); straight-line code writes an adjoint before it reads it.
  const zeros: number[] = []
  for (let k = 0; k < segments.length; k++) {
    const f = zeroFunction(segments[k], heldOf[k])
    if (f >= 0) zeros.push(f)
  }
  module.export('zero', addFunction(functionOf(calls(zeros), 0)))
}
