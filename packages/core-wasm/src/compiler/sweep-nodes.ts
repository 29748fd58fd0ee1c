// The per-node emission both layouts of the tape compiler (./tape-compiler.ts)
// share: each node's forward and reverse step, the interpreter's statement for
// statement, reading values and adjoints from locals (locals layout), the
// tape's arrays (memory layout) or, inside a re-rolled loop body, the round's
// locals and stride-advanced addresses (./memory-layout.ts). The locals
// layout's own functions are in ./locals-layout.ts.

import { OP as OPS_BY_NAME, type TapeData } from '@chainrule/core'
import { type Bytes, F64, type ModuleBuilder, OP } from './encoder.js'
import type { Lowering } from './lower.js'

/** Where a re-rolled body position keeps its adjoint (see the loop state in sweepNodes). */
export const HELD = 1
export const CARRIED = 2

export const INPUT = OPS_BY_NAME.input.code
export const CONST = OPS_BY_NAME.const.code
export const ADD = OPS_BY_NAME.add.code
export const SUB = OPS_BY_NAME.sub.code
export const MUL = OPS_BY_NAME.mul.code
export const DIV = OPS_BY_NAME.div.code
export const NEG = OPS_BY_NAME.neg.code
export const SQUARE = OPS_BY_NAME.square.code

export type Emit = (out: Bytes) => void

/** What the node emitters work on. */
export interface NodeContext {
  readonly tape: TapeData
  /** Byte addresses of the value and adjoint arrays. */
  readonly at: { readonly v: number; readonly g: number }
  readonly layout: 'locals' | 'memory'
  readonly module: ModuleBuilder
  readonly lowering: Lowering
}

/** A re-rolled loop body being emitted (./memory-layout.ts sets it node by node). */
export interface LoopState {
  cur: number
  L: number
  da: number
  db: number
  offset: (d: number) => number
  start: number
  /**
   * Per position, where its adjoint is: 0 memory; 1 a local of the round (HELD); 2 CARRIED, a
   * local that also gathers the next round's contributions (the reverse sweep goes down the
   * rounds: taken into a temporary and reset to +0 at the node's own step, it then gathers the
   * previous round's node's, loaded before the last round, stored after round 0).
   */
  held: Uint8Array
  /** Adjoint locals written so far in the round being emitted (reverse). */
  written: Uint8Array
  /** Positions whose previous-round value the round reads from its local (loaded before round 0). */
  carried: Set<number>
}

export type SweepNodes = ReturnType<typeof sweepNodes>

/** The node emitters over one tape, with the local allocation and loop state they share. */
export function sweepNodes(ctx: NodeContext) {
  const { tape, at, layout, module, lowering } = ctx
  const n = tape.op.length
  const voidType = module.type([], [])
  const { op, a, b, val } = tape
  const vAt = (i: number) => at.v + 8 * i
  const gAt = (i: number) => at.g + 8 * i

  // Locals (locals layout): a value's local is held from its node to its last
  // use in the forward sweep, an adjoint's from its first contribution to its
  // node's reverse step; a freed local is handed out again, so a function has
  // as many locals as values and adjoints are live at once, not 2 per node.
  let locals = 0
  const free: number[] = []
  const alloc = () => free.pop() ?? locals++
  const valueLocal = new Int32Array(n).fill(-1)
  const adjointLocal = new Int32Array(n).fill(-1)
  const release = (table: Int32Array, i: number) => {
    if (table[i] >= 0) free.push(table[i])
    table[i] = -1
  }
  const reset = () => {
    locals = 0
    free.length = 0
    valueLocal.fill(-1)
    adjointLocal.fill(-1)
  }
  const lastUse = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if (op[i] === INPUT || op[i] === CONST) continue
    lastUse[a[i]] = i
    if (b[i] >= 0) lastUse[b[i]] = i
  }

  // Re-rolled loops (memory layout): while a loop body is emitted, `loop.cur`
  // is the node (of the first iteration) being emitted, and an array entry x it
  // reads or writes is at its first-iteration address plus the byte offset in
  // an i32 local that advances by 8·stride a round, stride being x's own
  // (loop.L for the node itself, da/db for its operands).
  // Within a round, a node's value is also kept in a local for the later
  // nodes of the same round (`round(x)` ≥ 0: its f64 local), and an adjoint
  // that only the same round's nodes contribute to (`held`) lives in a local,
  // never in memory: its first contribution c is 0 + c (or c, as in addTo),
  // exactly the interpreter's accumulate over its zeroed entry.
  let loop: LoopState | null = null
  /** x's position in the round being emitted when x is a node of that same round (stride L), else -1. */
  const round = (x: number): number => {
    if (loop === null) return -1
    return strideOf(x) === loop.L && x >= loop.start && x < loop.start + loop.L ? x - loop.start : -1
  }
  /**
   * x's position p in the previous round, when the node being emitted reads that round's node p
   * (stride L) and p's local still holds it (p is at or after the node's own position, so not yet
   * overwritten in this round); else -1. Round 0 reads the node before the loop there.
   */
  const previous = (x: number): number => {
    if (loop === null) return -1
    const d = x === a[loop.cur] ? loop.da : loop.db
    const p = x - loop.start + loop.L
    if (d !== loop.L || p < loop.cur - loop.start || p >= loop.L) return -1
    const o = op[loop.start + p]
    return o === INPUT || o === CONST ? -1 : p
  }
  /** Loop locals: f64 values at 0..L-1, adjoints at L..2L-1, then the round counter and the offsets (i32). */
  const valueSlot = (j: number) => j
  const adjointSlot = (j: number) => (loop as { L: number }).L + j
  const takenSlot = (j: number) => 2 * (loop as { L: number }).L + j
  /** The carried adjoint local an operand x of the node being emitted accumulates into (reverse), or -1. */
  const carriedSlot = (x: number): number => {
    if (loop === null) return -1
    const j = round(x)
    if (j >= 0) return loop.held[j] === CARRIED ? adjointSlot(j) : -1
    const p = previous(x)
    return p >= 0 && loop.held[p] === CARRIED ? adjointSlot(p) : -1
  }
  /** The stride of x, an operand of the loop node being emitted (or that node itself: L). */
  const strideOf = (x: number): number => {
    if (loop === null) throw new Error('tape compiler: no loop')
    return x === loop.cur ? loop.L : x === a[loop.cur] ? loop.da : loop.db
  }
  const offsetOf = (x: number): number => (loop as { offset: (d: number) => number }).offset(strideOf(x))
  const value =
    (i: number): Emit =>
    (out) => {
      if (loop !== null) {
        // A constant of the round has no forward step, so no local: its value is in memory.
        const j = reversing || op[i] === CONST ? -1 : round(i)
        const p = reversing || j >= 0 ? -1 : previous(i)
        if (j >= 0) out.localGet(valueSlot(j))
        else if (op[i] === CONST && strideOf(i) === 0) out.f64Const(val[i])
        else if (p >= 0) {
          loop.carried.add(p)
          out.localGet(valueSlot(p))
        } else out.localGet(offsetOf(i)).op(OP.f64Load).u32(3).u32(vAt(i))
      } else if (op[i] === CONST) out.f64Const(val[i])
      else if (layout === 'locals' && !reversing) out.localGet(valueLocal[i])
      else out.loadAt(vAt(i))
    }
  /** While emitting a reverse sweep, values are read back from memory (see forwardNode). */
  let reversing = false

  /** Emits node i's value (on the stack) per the interpreter's forward sweep. */
  const forwardValue = (out: Bytes, i: number) => {
    const o = op[i]
    const x = value(a[i])
    switch (o) {
      case ADD:
      case SUB:
      case MUL:
      case DIV:
        x(out)
        value(b[i])(out)
        out.op(o === ADD ? OP.f64Add : o === SUB ? OP.f64Sub : o === MUL ? OP.f64Mul : OP.f64Div)
        return
      case NEG:
        x(out)
        out.op(OP.f64Neg)
        return
      case SQUARE:
        x(out)
        x(out)
        out.op(OP.f64Mul)
        return
      default:
        lowering.rule(out, o, 'fwd', [x, b[i] < 0 ? (w) => w.f64Const(0) : value(b[i])])
    }
  }

  const forwardNode = (out: Bytes, i: number) => {
    if (loop !== null) {
      out.localGet(offsetOf(i))
      forwardValue(out, i)
      out.localTee(valueSlot(i - loop.start))
      out.storeAt(vAt(i))
      return
    }
    if (layout === 'memory') {
      out.storeBase()
      forwardValue(out, i)
      out.storeAt(vAt(i))
      return
    }
    // Every value goes to the value array as well as a local: the forward sweep
    // reads the local, the reverse the array. Values held in locals from the
    // forward sweep to the reverse one are live across the whole function, and
    // V8's register allocator spills them anyway (measured slower).
    out.storeBase()
    forwardValue(out, i)
    if (lastUse[i] >= 0) out.localTee((valueLocal[i] = alloc()))
    out.storeAt(vAt(i))
    if (lastUse[a[i]] === i) release(valueLocal, a[i])
    if (b[i] >= 0 && lastUse[b[i]] === i) release(valueLocal, b[i])
  }

  // Adjoints: known zero (the interpreter's untouched +0) until first written.
  const live = new Uint8Array(n)
  for (const o of tape.outputs) live[o] = 1
  const adjoint =
    (i: number): Emit =>
    (out) => {
      if (loop !== null) {
        const j = round(i)
        const carried = carriedSlot(i)
        if (j >= 0 && loop.held[j] === HELD) {
          if (loop.written[j]) out.localGet(adjointSlot(j))
          else out.f64Const(0)
        } else if (i === loop.cur && carried >= 0) out.localGet(takenSlot(j))
        else if (carried >= 0) out.localGet(carried)
        else out.localGet(offsetOf(i)).op(OP.f64Load).u32(3).u32(gAt(i))
      } else if (!live[i]) out.f64Const(0)
      else if (layout === 'locals') out.localGet(adjointLocal[i])
      else out.loadAt(gAt(i))
    }
  /** g[t] ±= c, as the interpreter's accumulate/deduct; a constant's adjoint is never read, so skipped. */
  /**
   * `adjoint`: c is itself an adjoint (add and sub pass theirs on), never −0,
   * so its first write is c itself: +0 + c = c.
   */
  const addTo = (out: Bytes, t: number, c: Emit, subtract: boolean, adjoint_ = false) => {
    if (loop !== null) {
      const j = round(t)
      // A constant of the round (every round's node at j is one) has an adjoint nobody reads: not accumulated.
      // (An operand outside the round may be a constant in one round and a node in the next.)
      if (j >= 0 && op[t] === CONST) return
      const carried = carriedSlot(t)
      if (carried >= 0) {
        // Carried: reset to +0 at its node's step, so always the interpreter's accumulate.
        adjoint(t)(out)
        c(out)
        out.op(subtract ? OP.f64Sub : OP.f64Add)
        out.localSet(carried)
        return
      }
      if (j >= 0 && loop.held[j] === HELD) {
        // Held in a local: as below with the round's own +0 start.
        if (!loop.written[j] && adjoint_ && !subtract) c(out)
        else {
          adjoint(t)(out)
          c(out)
          out.op(subtract ? OP.f64Sub : OP.f64Add)
        }
        out.localSet(adjointSlot(j))
        loop.written[j] = 1
        return
      }
      // Otherwise exactly the interpreter's g[t] ±= c over the zeroed adjoint array.
      out.localGet(offsetOf(t))
      adjoint(t)(out)
      c(out)
      out.op(subtract ? OP.f64Sub : OP.f64Add)
      out.storeAt(gAt(t))
      return
    }
    if (op[t] === CONST) return
    if (layout === 'memory') out.storeBase()
    if (!live[t] && adjoint_ && !subtract) c(out)
    else {
      adjoint(t)(out)
      c(out)
      out.op(subtract ? OP.f64Sub : OP.f64Add)
    }
    if (layout === 'memory') out.storeAt(gAt(t))
    else out.localSet(live[t] ? adjointLocal[t] : (adjointLocal[t] = alloc()))
    live[t] = 1
  }
  const times =
    (x: Emit, y: Emit): Emit =>
    (out) => {
      x(out)
      y(out)
      out.op(OP.f64Mul)
    }

  /** Node i's reverse step: the interpreter's, statement for statement. */
  const reverseNode = (out: Bytes, i: number) => {
    const o = op[i]
    const gi = adjoint(i)
    const j = round(i)
    const zero = loop === null ? !live[i] : j >= 0 && loop.held[j] === HELD && !loop.written[j]
    if (loop !== null && j >= 0 && loop.held[j] === CARRIED) {
      // The node's adjoint is complete: taken, and its local starts the previous round's node's at +0.
      out.localGet(adjointSlot(j)).localSet(takenSlot(j))
      out.f64Const(0).localSet(adjointSlot(j))
    }
    const ai = a[i]
    const bi = b[i]
    switch (o) {
      case ADD:
        if (zero) return
        addTo(out, ai, gi, false, true)
        addTo(out, bi, gi, false, true)
        return
      case SUB:
        if (zero) return
        addTo(out, ai, gi, false, true)
        addTo(out, bi, gi, true)
        return
      case NEG:
        if (zero) return
        addTo(out, ai, gi, true)
        return
      case MUL:
        addTo(out, ai, times(gi, value(bi)), false)
        addTo(out, bi, times(gi, value(ai)), false)
        return
      case DIV: {
        const y = value(bi)
        addTo(
          out,
          ai,
          times(gi, (w) => {
            w.f64Const(1)
            y(w)
            w.op(OP.f64Div)
          }),
          false,
        )
        addTo(
          out,
          bi,
          times(gi, (w) => {
            value(i)(w)
            w.op(OP.f64Neg)
            y(w)
            w.op(OP.f64Div)
          }),
          false,
        )
        return
      }
      case SQUARE:
        addTo(
          out,
          ai,
          times(gi, (w) => {
            w.f64Const(2)
            value(ai)(w)
            w.op(OP.f64Mul)
          }),
          false,
        )
        return
      default: {
        const x = value(ai)
        const yi = value(i)
        if (bi < 0) {
          const zeroB: Emit = (w) => w.f64Const(0)
          addTo(
            out,
            ai,
            times(gi, (w) => lowering.rule(w, o, 'da', [x, zeroB, yi])),
            false,
          )
        } else {
          const y = value(bi)
          addTo(
            out,
            ai,
            times(gi, (w) => lowering.rule(w, o, 'da', [x, y, yi])),
            false,
          )
          addTo(
            out,
            bi,
            times(gi, (w) => lowering.rule(w, o, 'db', [x, y, yi])),
            false,
          )
        }
      }
    }
  }

  /** Loads of the inputs' values and of the seeds (locals layout). */
  const prologue = (out: Bytes, seeds: boolean) => {
    for (const i of tape.inputs) {
      if (lastUse[i] >= 0 && valueLocal[i] < 0) out.loadAt(vAt(i)).localSet((valueLocal[i] = alloc()))
    }
    if (seeds) {
      for (const o of tape.outputs) {
        if (adjointLocal[o] < 0) out.loadAt(gAt(o)).localSet((adjointLocal[o] = alloc()))
      }
    }
  }
  /** The inputs' adjoints into the adjoint array, +0 where nothing reached them. */
  const epilogue = (out: Bytes) => {
    for (const i of tape.inputs) {
      if (layout === 'memory' && live[i]) continue
      out.storeBase()
      adjoint(i)(out)
      out.storeAt(gAt(i))
    }
  }

  const functionOf = (code: Bytes, extra: number) => ({
    type: voidType,
    locals: extra > 0 ? [[extra, F64] as const] : [],
    code,
  })

  return {
    vAt,
    gAt,
    voidType,
    free,
    alloc,
    release,
    reset,
    valueLocal,
    adjointLocal,
    lastUse,
    live,
    value,
    forwardValue,
    forwardNode,
    adjoint,
    times,
    reverseNode,
    prologue,
    epilogue,
    functionOf,
    valueSlot,
    get locals() {
      return locals
    },
    set locals(l: number) {
      locals = l
    },
    get loop() {
      return loop
    },
    set loop(l: LoopState | null) {
      loop = l
    },
    get reversing() {
      return reversing
    },
    set reversing(r: boolean) {
      reversing = r
    },
  }
}
