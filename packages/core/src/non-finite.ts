// Where did the NaN come from? Given a Program and a point, the first tape
// node that produced a non-finite number, with its span in the expression
// when the tape has one (docs/ARCHITECTURE.md §11).
//
// Forward first: in tape order, the first node on a path to an output whose
// value is NaN or ±Infinity. Its operands come earlier, so they are finite:
// this node is where it started (log(−1), 1/0, exp(1000), 0/0). A value can be
// finite everywhere and the gradient still not, as for x·√x at 0, where
// √x′(0) = ∞ meets an adjoint of 0; then the reverse sweep is replayed here,
// in the same order and arithmetic as the JS sweep, and the first node whose
// contribution to an operand's adjoint is non-finite is reported.

import type { Program } from './backend.js'
import { OPS } from './ops.js'
import type { TapeData } from './tape.js'

export interface NonFiniteOrigin {
  /** Which sweep first produced a non-finite number. */
  readonly sweep: 'forward' | 'reverse'
  readonly node: number
  /** The op's lowercase name (`log`, `div`, …; `input` when the point itself was not finite). */
  readonly op: string
  /** Forward: the node's value. Reverse: the contribution it passed back, adjoint × local partial. */
  readonly value: number
  /** The node's span [start, end) in `program.tape.source`, when the tape records spans. */
  readonly start?: number
  readonly end?: number
}

/** Nodes some output depends on; a value nothing reads cannot explain a result. */
function liveNodes(t: TapeData): Uint8Array {
  const live = new Uint8Array(t.op.length)
  for (const o of t.outputs) live[o] = 1
  for (let i = t.op.length - 1; i >= 0; i--) {
    if (live[i] === 0 || OPS[t.op[i]].arity === 0) continue
    live[t.a[i]] = 1
    if (t.b[i] >= 0) live[t.b[i]] = 1
  }
  return live
}

function origin(t: TapeData, sweep: NonFiniteOrigin['sweep'], node: number, value: number): NonFiniteOrigin {
  const start = t.spans?.[2 * node] ?? -1
  const end = t.spans?.[2 * node + 1] ?? -1
  const o = { sweep, node, op: OPS[t.op[node]].name, value }
  return start >= 0 ? { ...o, start, end } : o
}

/** Reverse sweep with weight 1 on every output, stopping at the first non-finite contribution. */
function reverseOrigin(t: TapeData, v: Float64Array): NonFiniteOrigin | null {
  const g = new Float64Array(t.op.length)
  for (const o of t.outputs) g[o] += 1
  for (let i = t.op.length - 1; i >= 0; i--) {
    const def = OPS[t.op[i]]
    if (def.arity === 0) continue
    const a = t.a[i]
    const b = t.b[i]
    const vb = b >= 0 ? v[b] : 0
    const ca = g[i] * def.da(v[a], vb, v[i])
    g[a] += ca
    if (!Number.isFinite(ca) || !Number.isFinite(g[a])) return origin(t, 'reverse', i, ca)
    if (b < 0) continue
    const cb = g[i] * def.db(v[a], vb, v[i])
    g[b] += cb
    if (!Number.isFinite(cb) || !Number.isFinite(g[b])) return origin(t, 'reverse', i, cb)
  }
  return null
}

/**
 * Runs a forward sweep of `program` at x and finds the first node that made a
 * value, or else an adjoint, non-finite; null when every number is finite.
 */
export function findNonFiniteOrigin(program: Program, x: ArrayLike<number>): NonFiniteOrigin | null {
  program.evaluate(x)
  // Read the tape after the sweep: a program that re-records may have a new one.
  const t = program.tape
  const v = program.nodeValues()
  const live = liveNodes(t)
  for (let i = 0; i < t.op.length; i++) {
    if (live[i] === 1 && !Number.isFinite(v[i])) return origin(t, 'forward', i, v[i])
  }
  return reverseOrigin(t, v)
}
