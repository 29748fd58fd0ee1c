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
import { OPERAND_RULES, OPERAND_RULES_READ } from './rules-var.generated.js'
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
 * Every node's value as an Operand, recorded on the enclosing tape only when a sweep (or the
 * caller) asks for it: inputs are `x`, free nodes the enclosing Vars they stand for, other
 * constants numbers, an op recorded again over its operands' values. What no one asks for —
 * the value of an inner function whose derivative alone is wanted, a term the derivative does
 * not depend on — never reaches the enclosing tape, so its partials (√x′ at 0 is ∞) cannot
 * meet a zero adjoint there as 0·∞ = NaN. The tape's guards are compared again at once
 * (recorded on the enclosing tape); a guard that goes the other way means the tape does not
 * hold there, an error.
 */
export class Values {
  private readonly V: (Operand | undefined)[]

  constructor(
    readonly tape: TapeData,
    x: readonly Operand[],
    freeNodes: readonly number[] = [],
    freeVars: readonly Var[] = [],
  ) {
    this.V = new Array<Operand | undefined>(tape.op.length)
    for (let j = 0; j < tape.inputs.length; j++) this.V[tape.inputs[j]] = x[j]
    for (let j = 0; j < freeNodes.length; j++) this.V[freeNodes[j]] = freeVars[j]
    const g = tape.guards
    for (let j = 0; j < g.cmp.length; j++) {
      if (COMPARE[g.cmp[j]](this.at(g.a[j]), this.at(g.b[j])) !== (g.taken[j] === 1)) {
        throw new Error(
          'nested differentiation: a guard of the inner tape flips at this point; pass a function, not a Program',
        )
      }
    }
  }

  /** Node i's value, recording it (and the operands it needs first) on first use; iterative, for deep tapes. */
  at(i: number): Operand {
    const V = this.V
    const known = V[i]
    if (known !== undefined) return known
    const { op, a, b, val } = this.tape
    const stack = [i]
    while (stack.length > 0) {
      const j = stack[stack.length - 1]
      if (V[j] !== undefined) {
        stack.pop()
        continue
      }
      const o = op[j]
      if (o === CONST || o === INPUT) {
        V[j] = val[j]
        stack.pop()
        continue
      }
      const aj = a[j]
      const bj = b[j]
      const va = V[aj]
      const vb = bj < 0 ? 0 : V[bj]
      if (va === undefined || vb === undefined) {
        if (va === undefined) stack.push(aj)
        if (vb === undefined) stack.push(bj)
        continue
      }
      stack.pop()
      V[j] = bj < 0 ? record(OPS[o], va) : record(OPS[o], va, vb)
    }
    return V[i] as Operand
  }

  /** The outputs' values. */
  outputs(): Operand[] {
    return Array.from(this.tape.outputs, (o) => this.at(o))
  }
}

/** Node j's value as operand `bit` of op o's rules: recorded only if one reads it (a sum's rules read none). */
function valueFor(V: Values, o: number, bit: number, j: number): Operand {
  return (OPERAND_RULES_READ[o] & bit) !== 0 ? V.at(j) : 0
}

/**
 * The reverse sweep over Operands, seeded with `w` at the outputs: the adjoints of the inputs.
 * Only nodes that depend on an input receive adjoints: a constant's (or a free node's) would be
 * dead operations on the enclosing tape, and one with a non-finite partial (∂xʸ/∂y at x < 0) would
 * reach its gradient there as 0·NaN.
 */
export function emitReverse(V: Values, w: readonly Operand[]): Operand[] {
  const tape = V.tape
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
    const o = op[i]
    const va = valueFor(V, o, 1, ai)
    const vb = bi < 0 ? 0 : valueFor(V, o, 2, bi)
    const y = valueFor(V, o, 4, i)
    if (live[ai] === 1) G[ai] = plus(G[ai], times(gi, rules[0](va, vb, y)))
    if (bi >= 0 && live[bi] === 1) G[bi] = plus(G[bi], times(gi, rules[1](va, vb, y)))
  }
  return Array.from(tape.inputs, (i) => G[i] ?? 0)
}

/**
 * The tangent sweep over Operands in direction `v`: the outputs' tangents (an exactly-zero tangent
 * adds nothing). Only nodes the outputs depend on are visited: another's tangent reaches no output,
 * and its partials would put dead operations on the enclosing tape.
 */
export function emitTangent(V: Values, v: readonly Operand[]): Operand[] {
  const tape = V.tape
  const n = tape.op.length
  const { op, a, b } = tape
  const needed = new Uint8Array(n)
  for (let k = 0; k < tape.outputs.length; k++) needed[tape.outputs[k]] = 1
  for (let i = n - 1; i >= 0; i--) {
    if (needed[i] === 1 && OPERAND_RULES[op[i]] !== null) {
      needed[a[i]] = 1
      if (b[i] >= 0) needed[b[i]] = 1
    }
  }
  const T = new Array<Operand | undefined>(n)
  for (let j = 0; j < tape.inputs.length; j++) if (v[j] !== 0) T[tape.inputs[j]] = v[j]
  for (let i = 0; i < n; i++) {
    const rules = OPERAND_RULES[op[i]]
    if (rules === null || needed[i] === 0) continue
    const ta = T[a[i]]
    const bi = b[i]
    const tb = bi < 0 ? undefined : T[bi]
    if (ta === undefined && tb === undefined) continue
    const o = op[i]
    const va = valueFor(V, o, 1, a[i])
    const vb = bi < 0 ? 0 : valueFor(V, o, 2, bi)
    const y = valueFor(V, o, 4, i)
    let t: Operand | undefined
    if (ta !== undefined) t = times(ta, rules[0](va, vb, y))
    if (tb !== undefined) t = plus(t, times(tb, rules[1](va, vb, y)))
    T[i] = t
  }
  return Array.from(tape.outputs, (o) => T[o] ?? 0)
}

/** The number an Operand holds now (without marking its tape value-dependent: the tape records what depends on it). */
export function numberOf(x: Operand): number {
  return x instanceof Var ? x.tape.val[x.index] : x
}
