// Nested differentiation: a transform called while another recording is in
// progress (inside a function being differentiated) records its function on a
// tape of its own, a child of the enclosing one, where the enclosing Vars it
// uses are free nodes (var.ts). Its sweeps are then run *as recorded
// operations of the enclosing tape*: every node's value and every partial is
// an Operand, so the answer is a Var of the enclosing recording, itself
// differentiable — a derivative is a tape too. The partials are the op
// table's rules over Operands (rules-var.generated.ts, generated from ops.ts).
//
// Each level has its own tape, and a sweep seeds only its own tape's inputs,
// so a perturbation of one level never leaks into another: d/dx [x · d/dy (x + y)]
// is 1, not 2 (the free node standing for x gets no seed).

import { OPS } from './ops.js'
import { OPERAND_RULES } from './rules-var.generated.js'
import { CMP, type TapeData } from './tape.js'
import { comparisons, type Operand, ops, record, Var } from './var.js'

const { add, mul } = ops
const INPUT = 0
const CONST = 1

/** The comparison of each guard code, recording the guard on the enclosing tape when given Vars. */
const COMPARE: ((x: Operand, y: Operand) => boolean)[] = []
for (const [name, code] of Object.entries(CMP)) COMPARE[code] = comparisons[name as keyof typeof CMP]

/** x + y, where `undefined` is a structural zero (nothing added yet). */
function plus(x: Operand | undefined, y: Operand): Operand {
  return x === undefined ? y : add(x, y)
}

/** t·d, 1·d written d (no op recorded for the seed's unit). */
function times(t: Operand, d: Operand): Operand {
  return t === 1 ? d : d === 1 ? t : mul(t, d)
}

/**
 * Every node's value as an Operand: inputs are `x`, free nodes the enclosing Vars they
 * stand for, other constants numbers, every op recorded again over those. The tape's
 * guards are compared again over them (recorded on the enclosing tape); a guard that
 * goes the other way means the tape does not hold there, an error.
 */
export function emitForward(
  tape: TapeData,
  x: readonly Operand[],
  freeNodes: readonly number[] = [],
  freeVars: readonly Var[] = [],
): Operand[] {
  const n = tape.op.length
  const V = new Array<Operand>(n)
  for (let j = 0; j < tape.inputs.length; j++) V[tape.inputs[j]] = x[j]
  for (let j = 0; j < freeNodes.length; j++) V[freeNodes[j]] = freeVars[j]
  const { op, a, b, val } = tape
  for (let i = 0; i < n; i++) {
    const o = op[i]
    if (o === INPUT) continue
    if (o === CONST) {
      if (V[i] === undefined) V[i] = val[i]
      continue
    }
    const bi = b[i]
    V[i] = bi < 0 ? record(OPS[o], V[a[i]]) : record(OPS[o], V[a[i]], V[bi])
  }
  const g = tape.guards
  for (let j = 0; j < g.cmp.length; j++) {
    if (COMPARE[g.cmp[j]](V[g.a[j]], V[g.b[j]]) !== (g.taken[j] === 1)) {
      throw new Error(
        'nested differentiation: a guard of the inner tape flips at this point; pass a function, not a Program',
      )
    }
  }
  return V
}

/**
 * The reverse sweep over Operands, seeded with `w` at the outputs: the adjoints of the inputs.
 * Only nodes that depend on an input receive adjoints: a constant's (or a free node's) would be
 * dead operations on the enclosing tape, and one with a non-finite partial (∂xʸ/∂y at x < 0) would
 * reach its gradient there as 0·NaN.
 */
export function emitReverse(tape: TapeData, V: readonly Operand[], w: readonly Operand[]): Operand[] {
  const n = tape.op.length
  const { op, a, b } = tape
  const live = new Uint8Array(n)
  for (let j = 0; j < tape.inputs.length; j++) live[tape.inputs[j]] = 1
  for (let i = 0; i < n; i++) {
    if (OPERAND_RULES[op[i]] !== null && (live[a[i]] === 1 || (b[i] >= 0 && live[b[i]] === 1))) live[i] = 1
  }
  const G = new Array<Operand | undefined>(n)
  for (let k = 0; k < tape.outputs.length; k++) {
    const o = tape.outputs[k]
    if (live[o] === 1) G[o] = plus(G[o], w[k])
  }
  for (let i = n - 1; i >= 0; i--) {
    const gi = G[i]
    const rules = OPERAND_RULES[op[i]]
    // A node nothing reached adds nothing; leaves have no operands.
    if (gi === undefined || rules === null) continue
    const ai = a[i]
    const bi = b[i]
    const vb = bi < 0 ? 0 : V[bi]
    if (live[ai] === 1) G[ai] = plus(G[ai], times(gi, rules[0](V[ai], vb, V[i])))
    if (bi >= 0 && live[bi] === 1) G[bi] = plus(G[bi], times(gi, rules[1](V[ai], vb, V[i])))
  }
  return Array.from(tape.inputs, (i) => G[i] ?? 0)
}

/** The tangent sweep over Operands in direction `v`: the outputs' tangents (an exactly-zero tangent adds nothing). */
export function emitTangent(tape: TapeData, V: readonly Operand[], v: readonly Operand[]): Operand[] {
  const n = tape.op.length
  const T = new Array<Operand | undefined>(n)
  for (let j = 0; j < tape.inputs.length; j++) if (v[j] !== 0) T[tape.inputs[j]] = v[j]
  const { op, a, b } = tape
  for (let i = 0; i < n; i++) {
    const rules = OPERAND_RULES[op[i]]
    if (rules === null) continue
    const ta = T[a[i]]
    const bi = b[i]
    const tb = bi < 0 ? undefined : T[bi]
    if (ta === undefined && tb === undefined) continue
    const vb = bi < 0 ? 0 : V[bi]
    let t: Operand | undefined
    if (ta !== undefined) t = times(ta, rules[0](V[a[i]], vb, V[i]))
    if (tb !== undefined) t = plus(t, times(tb, rules[1](V[a[i]], vb, V[i])))
    T[i] = t
  }
  return Array.from(tape.outputs, (o) => T[o] ?? 0)
}

/** The number an Operand holds now (without marking its tape value-dependent: the tape records what depends on it). */
export function numberOf(x: Operand): number {
  return x instanceof Var ? x.tape.val[x.index] : x
}
