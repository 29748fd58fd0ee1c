// Re-rolling's first half: finding, in a tape, the runs of a repeated op
// sequence whose operand indices advance by fixed strides — a loop recorded
// unrolled — so the compiler (./tape-compiler.ts) can emit the body once
// inside a WebAssembly loop (docs/ARCHITECTURE.md §6).

import { OP as OPS_BY_NAME, type TapeData } from '@chainrule/core'
import { NotCompiled } from './not-compiled.js'

const INPUT = OPS_BY_NAME.input.code
const CONST = OPS_BY_NAME.const.code

/** A run of K rounds of an L-node body whose operand indices advance by fixed strides. */
export interface Segment {
  readonly start: number
  readonly L: number
  readonly K: number
  /** Per body position: the strides of a and b (0 for a leaf or a missing b). */
  readonly da: Int32Array
  readonly db: Int32Array
}

/** Longest body tried, and the fewest rounds and nodes worth a loop. */
const MAX_BODY = 32
const MIN_ROUNDS = 4
const MIN_LOOP_NODES = 64

/**
 * Steps (operand comparisons) findLoops may take a node, over a fixed
 * allowance (short repeated runs cost up to ~MAX_BODY² steps a node, which a
 * small tape may spend), before the tape is refused.
 */
export const LOOP_STEPS_PER_NODE = 64
export const LOOP_STEPS_BASE = 2 ** 20

/**
 * Runs of a repeated op sequence (a loop recorded unrolled): at each node the
 * period L ≤ MAX_BODY covering most nodes, greedily. Strides must be ≥ 0 (the
 * offset is unsigned) and a == b must stay so. The search takes at most
 * LOOP_STEPS_BASE + LOOP_STEPS_PER_NODE·n steps (comparisons) and stops as soon as more than
 * `maxStraight` nodes are outside loops: either throws NotCompiled, so a
 * hostile tape costs a bounded number of steps, not MAX_BODY² a node.
 */
export function findLoops(
  tape: TapeData,
  maxStraight = Number.POSITIVE_INFINITY,
  stepBudget = LOOP_STEPS_BASE + LOOP_STEPS_PER_NODE * tape.op.length,
): Segment[] {
  const { op, a, b } = tape
  const n = op.length
  const out: Segment[] = []
  // Scratch strides for the period being tried; only a winner's are copied.
  const da = new Int32Array(MAX_BODY)
  const db = new Int32Array(MAX_BODY)
  let steps = 0
  let straight = 0
  let i = 0
  while (i < n) {
    let bestL = 0
    let bestK = 0
    let bestDa: Int32Array | null = null
    let bestDb: Int32Array | null = null
    for (let L = 1; L <= MAX_BODY && i + 2 * L <= n; L++) {
      let ok = true
      for (let j = 0; j < L && ok; j++) {
        steps++
        const x = i + j
        const y = x + L
        da[j] = 0
        db[j] = 0
        if (op[x] !== op[y]) ok = false
        else if (op[x] !== INPUT && op[x] !== CONST) {
          da[j] = a[y] - a[x]
          db[j] = b[x] < 0 ? 0 : b[y] - b[x]
          if (da[j] < 0 || db[j] < 0 || b[x] < 0 !== b[y] < 0 || (a[x] === b[x] && da[j] !== db[j]))
            ok = false
        }
      }
      if (!ok) continue
      let K = 2
      for (; i + (K + 1) * L <= n; K++) {
        let same = true
        for (let j = 0; j < L && same; j++) {
          steps++
          const x = i + j
          const y = x + K * L
          if (op[y] !== op[x]) same = false
          else if (op[x] !== INPUT && op[x] !== CONST) {
            same = a[y] === a[x] + K * da[j] && (b[x] < 0 ? b[y] < 0 : b[y] === b[x] + K * db[j])
          }
        }
        if (!same) break
      }
      if (K >= MIN_ROUNDS && K * L >= MIN_LOOP_NODES && K * L > bestK * bestL) {
        bestL = L
        bestK = K
        bestDa = da.slice(0, L)
        bestDb = db.slice(0, L)
      }
    }
    if (bestDa === null || bestDb === null) {
      i++
      if (++straight > maxStraight) {
        throw new NotCompiled(
          `${straight} nodes outside loops is over the compiler's limit of ${maxStraight} (seen by node ${i} of ${n})`,
        )
      }
    } else {
      out.push({ start: i, L: bestL, K: bestK, da: bestDa, db: bestDb })
      i += bestK * bestL
    }
    if (steps > stepBudget) {
      throw new NotCompiled(
        `finding loops took over ${stepBudget} steps by node ${i} of ${n}, over the compiler's budget`,
      )
    }
  }
  return out
}
