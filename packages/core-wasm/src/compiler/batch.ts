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
// The rows both layouts share are ./batch-nodes.ts's (over ./batch-simd.ts);
// the layouts' functions, ./batch-locals.ts and ./batch-memory.ts.
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
import { emitLocalsBatch } from './batch-locals.js'
import { emitMemoryBatch } from './batch-memory.js'
import { batchNodes } from './batch-nodes.js'
import { reads } from './batch-simd.js'
import { ModuleBuilder } from './encoder.js'
import type { RuleName } from './ir.js'
import { unitOf } from './ir.js'
import { findLoops, type Segment } from './loops.js'
import { Lowering } from './lower.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'
import { CONST, INPUT } from './sweep-nodes.js'
import { COMPILER_LIMITS, type CompilerLimits } from './tape-compiler.js'

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
/** What the two layouts' emitters (./batch-locals.ts, ./batch-memory.ts) work from. */
export interface BatchContext {
  readonly tape: TapeData
  readonly module: ModuleBuilder
  readonly limits: CompilerLimits
  readonly segments: readonly Segment[]
  /** Rows written back: outputs and what the status checker reads. */
  readonly stored: ReadonlySet<number>
  /** Values the reverse part reads back. */
  readonly readBack: Uint8Array
  /** Each node's last use in the forward sweep (-1: none). */
  readonly lastUse: Int32Array
}

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
  const { op, a, b, guards } = tape
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

  const nodes = batchNodes(tape, module, lowering, stored)
  const ctx: BatchContext = { tape, module, limits, segments, stored, readBack, lastUse }
  if (memory) emitMemoryBatch(ctx, nodes)
  else emitLocalsBatch(ctx, nodes)
  lowering.finish()
  const bytes = module.encode()
  if (bytes.length > limits.maxModuleBytes) {
    throw new NotCompiled(
      `the batched module would take ${bytes.length} bytes, over ${limits.maxModuleBytes}`,
    )
  }
  return { bytes, scratchBytes: (memory ? 32 : 16) * n, constantsInScratch: memory }
}
