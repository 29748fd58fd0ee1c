// The tape compiler: a recorded tape → a WebAssembly module whose functions
// are the interpreter's single-point sweeps written out node by node, so no
// opcode is dispatched and no operand index is loaded at run time.
//
// Exactness: every node is the interpreter's statement (assembly/sweeps.ts)
// for its op, in its order, with its rules lowered from the same IR
// (./lower.ts), so every result is bit for bit the interpreter's, hence the
// JS backend's. The reverse sweep accumulates into each operand in the
// interpreter's order. An adjoint the interpreter would still hold at its
// initial +0 is known here as zero: its first contribution c becomes 0 + c
// (so a −0 contribution leaves +0, as there; c alone when c is an adjoint
// that add or sub passes on, which is never −0), and a zero adjoint's own
// contributions are dropped only where they are exactly +0 (add, sub, neg
// pass it on unchanged; an adjoint is never −0, since it starts at +0 and
// only ever has numbers added to it, so adding +0 changes nothing), while a
// product 0·d is kept: d may be ∞ or NaN.
//
// Two layouts (docs/ARCHITECTURE.md §6):
// - locals: one function per sweep (forward, gradient, jvp, hvp), every live
//   value, tangent and adjoint in a local, reused once it is dead; values
//   (and, for hvp, tangents) are also stored to the tape's arrays as they are
//   computed (the status check, the interpreter's other sweeps and
//   nodeValues() read them there, and the reverse part reads them back), the
//   inputs' adjoints to the adjoint array. For tapes of up to LOCALS_NODES
//   nodes whose sweeps need at most MAX_LOCALS locals (V8 allows 50 000).
// - memory: values and adjoints live in the tape's own arrays in linear
//   memory (fixed addresses, baked into the code) and the sweep is split into
//   functions of CHUNK_NODES nodes, far under V8's 7.6 MB body limit; jvp and
//   hvp likewise, over the tangent arrays too (./memory-tangents.ts).
// In the memory layout, runs of a repeated op sequence whose operand indices
// advance by fixed strides (a loop recorded unrolled) are re-rolled into
// WebAssembly loops (findLoops), so code grows with the loop body, not the tape;
// a round keeps its values and the adjoints only it (or the next round) feeds
// in locals. From REROLL_FROM_NODES nodes, a tape its loops cover by
// REROLL_SHARE takes that layout for its primary sweeps even under LOCALS_NODES.
// Above MAX_COMPILE_NODES nodes, MAX_STRAIGHT_NODES outside loops, or when the
// module would exceed MAX_MODULE_BYTES, nothing is compiled and the program
// stays on the interpreter; the loop search has a step budget and every check
// stops the work as soon as it fails, so hostile input buys bounded compile time.

import { OP as OPS_BY_NAME, type TapeData } from '@chainrule/core'
import { Bytes, F64, I32, ModuleBuilder, OP } from './encoder.js'
import type { RuleName } from './ir.js'
import { findLoops, type Segment } from './loops.js'
import { Lowering } from './lower.js'
import { emitMemoryTangents } from './memory-tangents.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'

export { findLoops, LOOP_STEPS_BASE, LOOP_STEPS_PER_NODE } from './loops.js'
export { NotCompiled } from './not-compiled.js'

/** Largest tape compiled with values and adjoints in locals (its gradient function's body ≈ 1 MB). */
export const LOCALS_NODES = 20_000
/** Most locals a function may have before the tape goes to the memory layout (V8 refuses over 50 000). */
export const MAX_LOCALS = 40_000
/**
 * From this many nodes, a tape whose loops re-roll REROLL_SHARE of it compiles its primary sweeps
 * (forward, gradient) in the memory layout even under LOCALS_NODES: at Rosenbrock n = 200 (≈ 2000
 * nodes) both layouts ran alike, above it the re-rolled loop faster (n = 1000: 4.5 against 6.8 µs),
 * the straight-line function's code no longer fitting the caches.
 */
export const REROLL_FROM_NODES = 2000
/** Share of the tape its loops must cover for REROLL_FROM_NODES to apply. */
export const REROLL_SHARE = 0.9
/** Nodes per function in the memory layout. */
export const CHUNK_NODES = 4_000
/** Largest tape compiled at all (finding its loops takes at most LOOP_STEPS_PER_NODE steps a node). */
export const MAX_COMPILE_NODES = 1_000_000
/** Most nodes compiled as straight-line code (outside re-rolled loops). */
export const MAX_STRAIGHT_NODES = 250_000
/** Largest function body in the locals layout (V8 refuses over 7 654 321 bytes). */
export const MAX_FUNCTION_BYTES = 7_500_000
/** Largest module emitted (bytes); a larger one is dropped and the program interprets. */
export const MAX_MODULE_BYTES = 16 * 2 ** 20

/** Where a re-rolled body position keeps its adjoint (see the loop state in compileTape). */
const HELD = 1
const CARRIED = 2

const INPUT = OPS_BY_NAME.input.code
const CONST = OPS_BY_NAME.const.code
const ADD = OPS_BY_NAME.add.code
const SUB = OPS_BY_NAME.sub.code
const MUL = OPS_BY_NAME.mul.code
const DIV = OPS_BY_NAME.div.code
const NEG = OPS_BY_NAME.neg.code
const SQUARE = OPS_BY_NAME.square.code

export type CompiledLayout = 'locals' | 'memory'

/** The compiler's size bounds; tests lower them to reach the memory layout and the refusals with small tapes. */
export interface CompilerLimits {
  readonly localsNodes: number
  readonly maxLocals: number
  readonly chunkNodes: number
  readonly maxNodes: number
  readonly maxStraightNodes: number
  readonly maxModuleBytes: number
  /** Largest function body (bytes) in the locals layout; past it the primary sweeps take the memory layout. */
  readonly maxFunctionBytes: number
  /** Re-roll repeated runs into loops (memory layout). */
  readonly reroll: boolean
  /** Fewest nodes for which the primary sweeps prefer re-rolled loops over the locals layout (REROLL_FROM_NODES). */
  readonly rerollFrom: number
}

export const COMPILER_LIMITS: CompilerLimits = Object.freeze({
  localsNodes: LOCALS_NODES,
  maxLocals: MAX_LOCALS,
  chunkNodes: CHUNK_NODES,
  maxNodes: MAX_COMPILE_NODES,
  maxStraightNodes: MAX_STRAIGHT_NODES,
  maxModuleBytes: MAX_MODULE_BYTES,
  maxFunctionBytes: MAX_FUNCTION_BYTES,
  reroll: true,
  rerollFrom: REROLL_FROM_NODES,
})

/** Where the tape's arrays are: byte addresses of the value and adjoint arrays (f64, n each). */
export interface TapeAddresses {
  readonly v: number
  readonly g: number
}

export interface CompileOutput {
  readonly bytes: Uint8Array
  readonly layout: CompiledLayout
  /** Nodes emitted as re-rolled loops (memory layout), and the loops. */
  readonly rerolledNodes: number
  readonly loops: number
  /** The gradient reads adjoints from memory: the host calls the module's zero() (or zeroes the array) before seeding. */
  readonly zeroAdjoints: boolean
}

/**
 * What one module holds: 'primary' is forward() and gradient() (evaluate,
 * gradient, vjp), 'jvp' is jvp(t), 'hvp' is hvp(t). A program compiles each
 * when its own sweeps have been replayed enough, so an unused one costs nothing.
 */
export type CompileUnit = 'primary' | 'jvp' | 'hvp'
const PRIMARY: ReadonlySet<CompileUnit> = new Set(['primary'])

/** The rules the sweeps of this tape lower (so the module imports just their host functions). */
function rulesOf(tape: TapeData, second: boolean): [number, RuleName][] {
  const seen = new Set<number>()
  const out: [number, RuleName][] = []
  for (let i = 0; i < tape.op.length; i++) {
    const o = tape.op[i]
    const key = o * 2 + (tape.b[i] < 0 ? 0 : 1)
    if (o === INPUT || o === CONST || seen.has(key)) continue
    seen.add(key)
    out.push([o, 'fwd'], [o, 'da'])
    if (tape.b[i] >= 0) out.push([o, 'db'])
    if (second) out.push([o, 'daa'])
    if (second && tape.b[i] >= 0) out.push([o, 'dab'], [o, 'dbb'])
  }
  return out
}

type Emit = (out: Bytes) => void

/**
 * Compiles `tape`, loaded at `at`, to a module exporting `forward()`,
 * `gradient()` (forward, then reverse from the seeds the host wrote to the
 * outputs' adjoints; every other adjoint needs no initialising) and, in the
 * locals layout, `jvp(t)` (forward and tangent sweeps, t the tangent array's
 * address with the direction at the inputs). Throws NotCompiled when the tape
 * is over the size bounds.
 */
export function compileTape(
  tape: TapeData,
  at: TapeAddresses,
  limits: CompilerLimits = COMPILER_LIMITS,
  units: ReadonlySet<CompileUnit> = PRIMARY,
  minRerolledShare = 0,
): CompileOutput {
  const n = tape.op.length
  if (n > limits.maxNodes) {
    throw new NotCompiled(`a tape of ${n} nodes is over the compiler's limit of ${limits.maxNodes}`)
  }
  let layout: CompiledLayout = n <= limits.localsNodes ? 'locals' : 'memory'
  const CHUNK = Math.max(1, limits.chunkNodes)
  // A tape in the locals bound but with enough nodes may run faster re-rolled (primary sweeps only).
  const primaryOnly = units.has('primary') && !units.has('jvp') && !units.has('hvp')
  let segments: Segment[] = []
  if (layout === 'memory' && limits.reroll) segments = findLoops(tape, limits.maxStraightNodes)
  else if (primaryOnly && limits.reroll && n >= limits.rerollFrom) {
    try {
      segments = findLoops(tape, limits.maxStraightNodes)
    } catch (e) {
      // Over the loop search's budget: the locals layout, as without loops.
      if (!(e instanceof NotCompiled)) throw e
    }
  }
  let rerolledNodes = 0
  for (const sg of segments) rerolledNodes += sg.K * sg.L
  if (layout === 'locals' && segments.length > 0) {
    if (rerolledNodes >= REROLL_SHARE * n) layout = 'memory'
    else {
      segments = []
      rerolledNodes = 0
    }
  }
  if (n - rerolledNodes > limits.maxStraightNodes) {
    throw new NotCompiled(
      `${n - rerolledNodes} nodes outside loops is over the compiler's limit of ${limits.maxStraightNodes}`,
    )
  }
  // Refused before anything is emitted: straight-line code beyond the locals layout is not worth compiling.
  if (layout === 'memory' && rerolledNodes < minRerolledShare * n) {
    throw new NotCompiled(
      `'auto' compiles a tape in the memory layout only when loops cover ${100 * minRerolledShare}% of it (they cover ${rerolledNodes} of its ${n} nodes)`,
    )
  }
  const module = new ModuleBuilder()
  // Function bodies so far: emission stops once they alone pass the module-size bound.
  let codeBytes = 0
  const addFunction = (body: Parameters<ModuleBuilder['addFunction']>[0]): number => {
    codeBytes += body.code.length
    if (codeBytes > limits.maxModuleBytes) {
      throw new NotCompiled(`the module would take over ${codeBytes} bytes, over ${limits.maxModuleBytes}`)
    }
    return module.addFunction(body)
  }
  const lowering = new Lowering(module, RULES, rulesOf(tape, units.has('hvp')))
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
  let loop: {
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
  } | null = null
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

  // jvp(t): the forward sweep with the tangent sweep interleaved, node by node
  // (a tangent needs only values and earlier tangents, so the order changes no
  // result); the tangent array's address `t` (allocated on the host's first
  // jvp) is the function's parameter, local 0. Input tangents come from it, the
  // outputs' go back to it.
  const tangentLocal = new Int32Array(n).fill(-1)
  const T = 0
  const tangent =
    (i: number): Emit =>
    (out) => {
      if (op[i] === CONST) out.f64Const(0)
      else out.localGet(tangentLocal[i])
    }
  /** The interpreter's sz(t, d): t·d, but +0 when t is ±0 (a structural zero). */
  const sz = (out: Bytes, j: number, d: Emit) => {
    if (op[j] === CONST) {
      out.f64Const(0)
      return
    }
    out.f64Const(0)
    tangent(j)(out)
    d(out)
    out.op(OP.f64Mul)
    tangent(j)(out)
    out.f64Const(0).op(OP.f64Eq).op(OP.select)
  }
  const tangentValue = (out: Bytes, i: number) => {
    const o = op[i]
    const ai = a[i]
    const bi = b[i]
    switch (o) {
      case ADD:
      case SUB:
        tangent(ai)(out)
        tangent(bi)(out)
        out.op(o === ADD ? OP.f64Add : OP.f64Sub)
        return
      case NEG:
        tangent(ai)(out)
        out.op(OP.f64Neg)
        return
      default: {
        const x = value(ai)
        const yi = value(i)
        if (bi < 0) {
          sz(out, ai, (w) => lowering.rule(w, o, 'da', [x, (z) => z.f64Const(0), yi]))
        } else {
          const y = value(bi)
          sz(out, ai, (w) => lowering.rule(w, o, 'da', [x, y, yi]))
          sz(out, bi, (w) => lowering.rule(w, o, 'db', [x, y, yi]))
          out.op(OP.f64Add)
        }
      }
    }
  }
  const isOutput = new Uint8Array(n)
  for (const o of tape.outputs) isOutput[o] = 1
  /** Node i's value and tangent; every tangent stored to t when the reverse sweep will read it back (hvp). */
  const jvpNode = (out: Bytes, i: number, storeAll = false) => {
    out.storeBase()
    forwardValue(out, i)
    out.localTee((valueLocal[i] = alloc())).storeAt(vAt(i))
    tangentValue(out, i)
    out.localSet((tangentLocal[i] = alloc()))
    if (isOutput[i] || storeAll)
      out
        .localGet(T)
        .localGet(tangentLocal[i])
        .storeOffset(8 * i)
    for (const k of b[i] >= 0 && b[i] !== a[i] ? [a[i], b[i]] : [a[i]]) {
      if (lastUse[k] === i) {
        release(valueLocal, k)
        release(tangentLocal, k)
      }
    }
    if (lastUse[i] < 0) {
      release(valueLocal, i)
      release(tangentLocal, i)
    }
  }

  // hvp(t): values and tangents as jvp (all stored), then the interpreter's
  // tangent-of-adjoint sweep with adjoints g and their tangents gt in locals;
  // gt's array follows t's (the host allocates them together).
  const gtLive = new Uint8Array(n)
  const gtLocal = new Int32Array(n).fill(-1)
  const gLocalGet =
    (i: number): Emit =>
    (out) => {
      if (live[i]) out.localGet(adjointLocal[i])
      else out.f64Const(0)
    }
  const gtLocalGet =
    (i: number): Emit =>
    (out) => {
      if (gtLive[i]) out.localGet(gtLocal[i])
      else out.f64Const(0)
    }
  const accumulate = (
    out: Bytes,
    liveOf: Uint8Array,
    table: Int32Array,
    t: number,
    c: Emit,
    subtract: boolean,
    adjoint_ = false,
  ) => {
    if (op[t] === CONST) return
    if (!liveOf[t] && adjoint_ && !subtract) c(out)
    else {
      if (liveOf[t]) out.localGet(table[t])
      else out.f64Const(0)
      c(out)
      out.op(subtract ? OP.f64Sub : OP.f64Add)
    }
    out.localSet(liveOf[t] ? table[t] : (table[t] = alloc()))
    liveOf[t] = 1
  }
  const tangentMem =
    (i: number): Emit =>
    (out) => {
      if (op[i] === CONST) out.f64Const(0)
      else out.loadFrom(T, 8 * i)
    }
  /** sz(t, d) with t an emitted value, or known +0 (`zero`): then +0, as sz gives. */
  const szOf = (out: Bytes, t: Emit, zero: boolean, d: Emit) => {
    if (zero) {
      out.f64Const(0)
      return
    }
    out.f64Const(0)
    t(out)
    d(out)
    out.op(OP.f64Mul)
    t(out)
    out.f64Const(0).op(OP.f64Eq).op(OP.select)
  }
  const hvpReverse = (out: Bytes, i: number) => {
    const o = op[i]
    const ai = a[i]
    const bi = b[i]
    const gi = gLocalGet(i)
    const gti = gtLocalGet(i)
    const gZero = !live[i]
    const gtZero = !gtLive[i]
    const G = (t: number, c: Emit, subtract = false, adjoint_ = false) =>
      accumulate(out, live, adjointLocal, t, c, subtract, adjoint_)
    const GT = (t: number, c: Emit, subtract = false, adjoint_ = false) =>
      accumulate(out, gtLive, gtLocal, t, c, subtract, adjoint_)
    switch (o) {
      case ADD:
      case SUB:
        if (!gZero) {
          G(ai, gi, false, true)
          G(bi, gi, o === SUB, true)
        }
        if (!gtZero) {
          GT(ai, gti, false, true)
          GT(bi, gti, o === SUB, true)
        }
        return
      case NEG:
        if (!gZero) G(ai, gi, true)
        if (!gtZero) GT(ai, gti, true)
        return
    }
    const temps: number[] = []
    const temp = (e: Emit): Emit => {
      const l = alloc()
      temps.push(l)
      e(out)
      out.localSet(l)
      return (w) => w.localGet(l)
    }
    const x = value(ai)
    const yi = value(i)
    const ta = tangentMem(ai)
    const taZero = op[ai] === CONST
    const rule =
      (r: RuleName, args: Emit[]): Emit =>
      (w) =>
        lowering.rule(w, o, r, args)
    const sum =
      (l: Emit, r: Emit): Emit =>
      (w) => {
        l(w)
        r(w)
        w.op(OP.f64Add)
      }
    const sz =
      (t: Emit, zero: boolean, d: Emit): Emit =>
      (w) =>
        szOf(w, t, zero, d)
    if (bi < 0) {
      const args: Emit[] = [x, (w) => w.f64Const(0), yi]
      const d = temp(rule('da', args))
      G(ai, times(gi, d))
      GT(ai, sum(sz(gti, gtZero, d), times(gi, sz(ta, taZero, rule('daa', args)))))
    } else {
      const y = value(bi)
      const tb = tangentMem(bi)
      const tbZero = op[bi] === CONST
      const args: Emit[] = [x, y, yi]
      const dA = temp(rule('da', args))
      const dB = temp(rule('db', args))
      const dAB = temp(rule('dab', args))
      G(ai, times(gi, dA))
      G(bi, times(gi, dB))
      GT(ai, sum(sz(gti, gtZero, dA), times(gi, sum(sz(ta, taZero, rule('daa', args)), sz(tb, tbZero, dAB)))))
      GT(bi, sum(sz(gti, gtZero, dB), times(gi, sum(sz(ta, taZero, dAB), sz(tb, tbZero, rule('dbb', args))))))
    }
    free.push(...temps)
  }

  const retry = () => compileTape(tape, at, { ...limits, localsNodes: -1 }, units, minRerolledShare)
  /** A function body over the bound: the sweeps retry in the memory layout. */
  const tooBig = (code: Bytes) => code.length > limits.maxFunctionBytes
  const tFunction = (code: Bytes) => ({
    type: module.type([I32], []),
    // Local 0 is the parameter t; the f64 locals follow it.
    locals: locals > 1 ? [[locals - 1, F64] as const] : [],
    code,
  })
  /** Inputs' values and tangents into locals (jvp, hvp). */
  const tangentPrologue = (code: Bytes) => {
    reset()
    tangentLocal.fill(-1)
    locals = 1
    for (const i of tape.inputs) {
      if (valueLocal[i] >= 0) continue
      code.loadAt(vAt(i)).localSet((valueLocal[i] = alloc()))
      code.loadFrom(T, 8 * i).localSet((tangentLocal[i] = alloc()))
    }
  }

  if (layout === 'memory' && !units.has('primary')) {
    // jvp and hvp over linear memory (./memory-tangents.ts).
    const unit = units.has('hvp') ? 'hvp' : 'jvp'
    emitMemoryTangents({ tape, at, module, lowering, addFunction, segments, chunkNodes: CHUNK }, unit)
  } else if (layout === 'locals') {
    if (units.has('primary')) {
      // forward
      let code = new Bytes()
      reset()
      prologue(code, false)
      for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(code, i)
      if (locals > limits.maxLocals || tooBig(code)) return retry()
      module.export('forward', addFunction(functionOf(code, locals)))
      // gradient
      code = new Bytes()
      reset()
      prologue(code, true)
      for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(code, i)
      reversing = true
      for (let i = n - 1; i >= 0; i--) {
        if (op[i] === INPUT || op[i] === CONST) continue
        reverseNode(code, i)
        release(adjointLocal, i)
      }
      reversing = false
      epilogue(code)
      if (locals > limits.maxLocals || tooBig(code)) return retry()
      module.export('gradient', addFunction(functionOf(code, locals)))
    }
    if (units.has('jvp')) {
      const code = new Bytes()
      tangentPrologue(code)
      for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) jvpNode(code, i)
      if (tooBig(code) || locals > limits.maxLocals) return retry()
      module.export('jvp', addFunction(tFunction(code)))
    }
    if (units.has('hvp')) {
      const code = new Bytes()
      tangentPrologue(code)
      gtLocal.fill(-1)
      live.fill(0)
      for (const o of tape.outputs) live[o] = 1
      for (const o of tape.outputs) {
        if (adjointLocal[o] < 0) code.loadAt(gAt(o)).localSet((adjointLocal[o] = alloc()))
      }
      for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) jvpNode(code, i, true)
      reversing = true
      for (let i = n - 1; i >= 0; i--) {
        if (op[i] === INPUT || op[i] === CONST) continue
        hvpReverse(code, i)
        release(adjointLocal, i)
        release(gtLocal, i)
      }
      reversing = false
      for (const i of tape.inputs) {
        code.storeBase()
        gLocalGet(i)(code)
        code.storeAt(gAt(i))
        code.localGet(T)
        gtLocalGet(i)(code)
        code.storeOffset(8 * n + 8 * i)
      }
      if (tooBig(code) || locals > limits.maxLocals) return retry()
      module.export('hvp', addFunction(tFunction(code)))
    }
  } else {
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
        loop = { cur, L: sg.L, da: sg.da[j], db: sg.db[j], offset, start: sg.start, held, written, carried }
        if (down) {
          reversing = true
          reverseNode(body, cur)
          reversing = false
        } else forwardNode(body, cur)
        loop = null
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
      for (const [d, l] of offsets) code.i32Const(down ? 8 * d * (sg.K - 1) : 0).localSet(l)
      code.op(OP.loop).byte(0x40)
      code.bytes(body.view())
      for (const [d, l] of offsets) {
        if (d !== 0)
          code
            .localGet(l)
            .i32Const(8 * d)
            .op(down ? OP.i32Sub : OP.i32Add)
            .localSet(l)
      }
      code.localGet(counter).i32Const(1).op(OP.i32Sub).localTee(counter).op(OP.brIf).u32(0).op(OP.end)
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
    const pieces: { from: number; to: number; sg?: Segment }[] = []
    let at0 = 0
    for (const sg of segments) {
      for (let s = at0; s < sg.start; s += CHUNK) pieces.push({ from: s, to: Math.min(sg.start, s + CHUNK) })
      pieces.push({ from: sg.start, to: sg.start + sg.K * sg.L, sg })
      at0 = sg.start + sg.K * sg.L
    }
    for (let s = at0; s < n; s += CHUNK) pieces.push({ from: s, to: Math.min(n, s + CHUNK) })
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
  lowering.finish()
  const bytes = module.encode()
  if (bytes.length > limits.maxModuleBytes) {
    throw new NotCompiled(`the module would take ${bytes.length} bytes, over ${limits.maxModuleBytes}`)
  }
  return { bytes, layout, rerolledNodes, loops: segments.length, zeroAdjoints: layout === 'memory' }
}
