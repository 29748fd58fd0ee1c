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
// - locals (./locals-layout.ts): one function per sweep (forward, gradient, jvp, hvp), every live
//   value, tangent and adjoint in a local, reused once it is dead; values
//   (and, for hvp, tangents) are also stored to the tape's arrays as they are
//   computed (the status check, the interpreter's other sweeps and
//   nodeValues() read them there, and the reverse part reads them back), the
//   inputs' adjoints to the adjoint array. For tapes of up to LOCALS_NODES
//   nodes whose sweeps need at most MAX_LOCALS locals (V8 allows 50 000).
// - memory (./memory-layout.ts): values and adjoints live in the tape's own arrays in linear
//   memory (fixed addresses, baked into the code) and the sweep is split into
//   functions of CHUNK_NODES nodes, far under V8's 7.6 MB body limit; jvp and
//   hvp likewise, over the tangent arrays too (./memory-tangents.ts).
// Both emit each node's step with ./sweep-nodes.ts.
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

import type { TapeData } from '@chainrule/core'
import { ModuleBuilder } from './encoder.js'
import type { RuleName } from './ir.js'
import { emitLocalsLayout } from './locals-layout.js'
import { findLoops, type Segment } from './loops.js'
import { Lowering } from './lower.js'
import { emitMemoryLayout } from './memory-layout.js'
import { emitMemoryTangents } from './memory-tangents.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'
import { CONST, INPUT, sweepNodes } from './sweep-nodes.js'

export { findLoops, LOOP_STEPS_PER_NODE } from './loops.js'
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
      // A refusal from the loop search (its step budget, or more straight nodes than the memory
      // layout takes): the locals layout, as without loops.
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
  // Creates the void function type first, as every layout's module has it.
  const nodes = sweepNodes({ tape, at, layout, module, lowering })
  if (layout === 'memory' && !units.has('primary')) {
    // jvp and hvp over linear memory (./memory-tangents.ts).
    const unit = units.has('hvp') ? 'hvp' : 'jvp'
    emitMemoryTangents({ tape, at, module, lowering, addFunction, segments, chunkNodes: CHUNK }, unit)
  } else if (layout === 'locals') {
    // Over a function's bounds: the sweeps retry in the memory layout.
    if (!emitLocalsLayout({ tape, at, layout, module, lowering, addFunction, limits, units }, nodes)) {
      return compileTape(tape, at, { ...limits, localsNodes: -1 }, units, minRerolledShare)
    }
  } else emitMemoryLayout({ tape, module, addFunction, segments, chunkNodes: CHUNK }, nodes)
  lowering.finish()
  const bytes = module.encode()
  if (bytes.length > limits.maxModuleBytes) {
    throw new NotCompiled(`the module would take ${bytes.length} bytes, over ${limits.maxModuleBytes}`)
  }
  return { bytes, layout, rerolledNodes, loops: segments.length, zeroAdjoints: layout === 'memory' }
}
