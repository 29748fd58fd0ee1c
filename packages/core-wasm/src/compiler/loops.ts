// Re-rolling's first half: finding, in a tape, the runs of a repeated op
// sequence whose operand indices advance by fixed strides — a loop recorded
// unrolled — so the compiler (./tape-compiler.ts) can emit the body once
// inside a WebAssembly loop (docs/ARCHITECTURE.md §6).

import { OP as OPS_BY_NAME, type TapeData } from '@chainrule/core'
import { type Bytes, OP } from './encoder.js'
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

/** A stretch of the tape one function emits: a segment's loop, or straight-line nodes from..to-1. */
export interface Piece {
  readonly from: number
  readonly to: number
  readonly sg?: Segment
}

/** The tape's n nodes in order: each segment whole, the straight-line runs between them in pieces of `chunk` (at least 1) nodes. */
export function piecesOf(segments: readonly Segment[], n: number, chunk: number): Piece[] {
  const CHUNK = Math.max(1, chunk)
  const pieces: Piece[] = []
  let from = 0
  for (const sg of segments) {
    for (let s = from; s < sg.start; s += CHUNK) pieces.push({ from: s, to: Math.min(sg.start, s + CHUNK) })
    pieces.push({ from: sg.start, to: sg.start + sg.K * sg.L, sg })
    from = sg.start + sg.K * sg.L
  }
  for (let s = from; s < n; s += CHUNK) pieces.push({ from: s, to: Math.min(n, s + CHUNK) })
  return pieces
}

/**
 * Longest body tried (64: a 16-input tanh neuron is 33 nodes; the search's
 * cost grows with it, see below), and the fewest rounds and nodes worth a loop.
 */
const MAX_BODY = 64
const MIN_ROUNDS = 4
const MIN_LOOP_NODES = 64

/**
 * Steps (operand comparisons) findLoops may take a node, over a fixed
 * allowance. The search takes at most 3·MAX_BODY a node by construction (each
 * of its three checks looks at a node at most once per period), so this
 * budget is a guard that a correct search never reaches.
 */
export const LOOP_STEPS_PER_NODE = 3 * MAX_BODY
export const LOOP_STEPS_BASE = 2 ** 20

/** What a search cost, for measuring: its steps (operand comparisons). */
export interface LoopSearchStats {
  steps: number
}

/**
 * Runs of a repeated op sequence (a loop recorded unrolled): at each node the
 * period L ≤ MAX_BODY covering most nodes, greedily (the smallest L on a
 * tie). Strides must be ≥ 0 (the offset is unsigned) and a == b must stay so.
 *
 * A run of K rounds of period L from node i is valid when, for x from i:
 * `pairs(x)` (x and x + L have the same op and legal strides) holds up to
 * i + (K − 1)·L, `steady(x)` (x + 2L's strides equal x + L's) up to
 * i + (K − 2)·L, and no node of the first round has a == b with unequal
 * strides. So instead of re-checking every period at every node, the search
 * keeps, per period and check, the first node not yet known to pass; it only
 * moves forward, so each check looks at each node at most once per period:
 * at most 3·MAX_BODY steps a node on any tape, hostile or not. It stops as
 * soon as more than `maxStraight` nodes are outside loops, and throws
 * NotCompiled past `stepBudget` (a guard: the bound above is under it).
 */
export function findLoops(
  tape: TapeData,
  maxStraight = Number.POSITIVE_INFINITY,
  stepBudget = LOOP_STEPS_BASE + LOOP_STEPS_PER_NODE * tape.op.length,
  stats?: LoopSearchStats,
): Segment[] {
  const { op, a, b } = tape
  const n = op.length
  const out: Segment[] = []
  let steps = 0
  const leaf = (x: number) => op[x] === INPUT || op[x] === CONST
  // The three checks of x for period L, in firstFail. pairs: x and x + L have the same op; for a
  // non-leaf, strides ≥ 0, b missing in both or neither. steady: x + 2L's strides equal x + L's. alias:
  // not (a == b at x with unequal strides), only asked of the first round, as the interpreter's
  // accumulate allows a later coincidence.
  // Per check and period: at[c·(MAX_BODY + 1) + L] is the first node (≥ the current one) not known to
  // pass, and bad says it is known to fail; the check's nodes from the current one up to it all pass.
  const at = new Int32Array(3 * (MAX_BODY + 1))
  const bad = new Uint8Array(3 * (MAX_BODY + 1))
  /** The first node ≥ i that fails check c for period L, looking no further than `limit`. */
  const firstFail = (c: number, L: number, i: number, limit: number) => {
    const k = c * (MAX_BODY + 1) + L
    if (at[k] < i) {
      at[k] = i
      bad[k] = 0
    }
    let x = at[k]
    if (bad[k] === 1) return x
    const from = x
    // One loop per check, so each runs without dispatch.
    if (c === 0) {
      for (; x < limit; x++) {
        const y = x + L
        if (op[x] !== op[y]) break
        if (op[x] === INPUT || op[x] === CONST) continue
        if (a[y] < a[x] || b[x] < 0 !== b[y] < 0 || (b[x] >= 0 && b[y] < b[x])) break
      }
    } else if (c === 1) {
      for (; x < limit; x++) {
        if (op[x] === INPUT || op[x] === CONST) continue
        const y = x + L
        const z = y + L
        if (a[z] - a[y] !== a[y] - a[x] || (b[x] >= 0 && b[z] - b[y] !== b[y] - b[x])) break
      }
    } else {
      for (; x < limit; x++) {
        if (op[x] === INPUT || op[x] === CONST) continue
        if (a[x] === b[x] && a[x + L] !== b[x + L]) break
      }
    }
    if (x < limit) {
      bad[k] = 1
      steps += x - from + 1
    } else steps += x - from
    at[k] = x
    return x
  }
  let straight = 0
  let i = 0
  while (i < n) {
    let bestL = 0
    let bestK = 0
    for (let L = 1; L <= MAX_BODY && i + 2 * L <= n; L++) {
      // Most periods fail at once on the op (what firstFail would find, without its bookkeeping; a
      // step unless a scan already stopped here, at[L] being pairs' pointer).
      if (op[i] !== op[i + L]) {
        if (at[L] < i) steps++
        continue
      }
      // Rounds the checks allow: nodes i … p − 1 pass pairs and i … s − 1 steady, so K − 1 rounds of L
      // fit below p and K − 2 below s. The two are scanned in turn, looking ahead twice as far each
      // time, so neither runs far past the other's first failure (an all-adds tape passes pairs to its
      // end at every period): a search refused part way has not looked at the rest of the tape.
      const endP = n - L
      const endS = n - 2 * L
      let ahead = i + L
      let p = i
      let s = i
      for (;;) {
        p = firstFail(0, L, i, Math.min(endP, ahead))
        if (p < Math.min(endP, ahead)) {
          // Steady matters one round short of p, and only if pairs leaves enough rounds.
          const most = Math.floor((p - i) / L) + 1
          if (most < MIN_ROUNDS || most * L < MIN_LOOP_NODES || most * L <= bestK * bestL) break
          s = firstFail(1, L, i, Math.min(endS, p - L))
          break
        }
        s = firstFail(1, L, i, Math.min(endS, ahead))
        if (s < Math.min(endS, ahead)) {
          // Pairs matters one round past s.
          p = firstFail(0, L, i, Math.min(endP, s + L))
          break
        }
        if (ahead >= endP) break
        ahead = i + 2 * (ahead - i)
      }
      const K = Math.min(Math.floor((p - i) / L) + 1, Math.floor((s - i) / L) + 2)
      if (K < MIN_ROUNDS || K * L < MIN_LOOP_NODES || K * L <= bestK * bestL) continue
      if (firstFail(2, L, i, i + L) < i + L) continue
      bestL = L
      bestK = K
    }
    if (bestK === 0) {
      i++
      if (++straight > maxStraight) {
        throw new NotCompiled(
          `${straight} nodes outside loops is over the compiler's limit of ${maxStraight} (seen by node ${i} of ${n})`,
        )
      }
    } else {
      const da = new Int32Array(bestL)
      const db = new Int32Array(bestL)
      for (let j = 0; j < bestL; j++) {
        const x = i + j
        if (leaf(x)) continue
        da[j] = a[x + bestL] - a[x]
        db[j] = b[x] < 0 ? 0 : b[x + bestL] - b[x]
      }
      out.push({ start: i, L: bestL, K: bestK, da, db })
      i += bestK * bestL
    }
    if (steps > stepBudget) {
      throw new NotCompiled(
        `finding loops took over ${stepBudget} steps by node ${i} of ${n}, over the compiler's budget`,
      )
    }
  }
  if (stats) stats.steps += steps
  return out
}

/**
 * A re-rolled segment's WebAssembly loop around `body`: each stride's offset local starts at round
 * 0 (or at the last round's when the loop runs `down`, as reverse sweeps do) and advances by
 * `width`·d bytes a round, while `counter` (set to K by the caller) counts the rounds down.
 */
export function emitRounds(
  code: Bytes,
  sg: Segment,
  offsets: Iterable<readonly [number, number]>,
  width: number,
  down: boolean,
  counter: number,
  body: Bytes,
): void {
  const list = [...offsets]
  for (const [d, l] of list) code.i32Const(down ? width * d * (sg.K - 1) : 0).localSet(l)
  code.op(OP.loop).byte(0x40)
  code.bytes(body.view())
  for (const [d, l] of list) {
    if (d !== 0)
      code
        .localGet(l)
        .i32Const(width * d)
        .op(down ? OP.i32Sub : OP.i32Add)
        .localSet(l)
  }
  code.localGet(counter).i32Const(1).op(OP.i32Sub).localTee(counter).op(OP.brIf).u32(0).op(OP.end)
}
