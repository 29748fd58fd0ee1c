// The batched sweeps' node rows both layouts share (./batch.ts): a node's
// value as a v128 (from its local, the scratch area or, in the memory layout,
// its entry at a re-rolled loop's offset), lane by lane or in its exact f64x2
// form, and the v128 locals they are held in.

import type { TapeData } from '@chainrule/core'
import { simd, splat, VECTOR_ARITH, VECTOR_MATH, X2 } from './batch-simd.js'
import { type Bytes, I32, type ModuleBuilder, OP } from './encoder.js'
import type { Expr, RuleName } from './ir.js'
import type { Lowering } from './lower.js'
import { RULES } from './rule-ir.generated.js'
import { CONST, type Emit } from './sweep-nodes.js'

/** A re-rolled loop body being emitted (memory layout): the node and its operands' strides. */
export interface BatchLoop {
  cur: number
  L: number
  da: number
  db: number
  offset: (d: number) => number
}

// Locals: parameters V G stride S (0–3), then p q end rowBytes, one row offset per row touched, then v128s.
export const [P_V, P_G, P_STRIDE, P_S, L_P, L_Q, L_END, L_ROW] = [0, 1, 2, 3, 4, 5, 6, 7]
/** The memory layout's input-copying loop: its count, row offset and scratch address. */
export const [L_J, L_RO, L_SO] = [8, 9, 10]

export type BatchNodes = ReturnType<typeof batchNodes>

/** The row emitters over one tape, `stored` the rows written back. */
export function batchNodes(
  tape: TapeData,
  module: ModuleBuilder,
  lowering: Lowering,
  stored: ReadonlySet<number>,
) {
  const n = tape.op.length
  const { op, a, b, val } = tape
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
  let loop: BatchLoop | null = null
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
  /** The memory layout's piece functions' type, (S) → (); registered before the sweeps' own. */
  const sType = module.type([I32], [])

  return {
    rows,
    rowLocal,
    free,
    alloc,
    valueLocal,
    adjointLocal,
    release,
    rowAddress,
    memBase,
    value,
    forwardValue,
    partial,
    sType,
    get firstV128() {
      return firstV128
    },
    set firstV128(f: number) {
      firstV128 = f
    },
    get vectors() {
      return vectors
    },
    set vectors(v: number) {
      vectors = v
    },
    get reversing() {
      return reversing
    },
    set reversing(r: boolean) {
      reversing = r
    },
    get inMemory() {
      return inMemory
    },
    set inMemory(m: boolean) {
      inMemory = m
    },
    get loop() {
      return loop
    },
    set loop(l: BatchLoop | null) {
      loop = l
    },
  }
}
