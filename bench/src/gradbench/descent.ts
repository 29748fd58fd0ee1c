// The gradient-descent solver GradBench's saddle and particle evals are
// defined with (their README and the solver their C++ tools share): from x₀
// with step η = 10⁻⁵, stop when |∇f| ≤ 10⁻⁵ or a step moves x by ≤ 10⁻⁵; a
// step that lowers f is taken (after ten in a row η doubles), one that does
// not halves η. Written over Operands, so a descent can run inside a function
// being differentiated (its iterates are then Vars of that recording, and its
// comparisons guards), which is what makes these evals nested AD.
import { add, le, lt, mul, neg, type Operand, sqrt, sub, type Var } from '@chainrule/core'
import type { ToolApi } from './module.js'

export type Mode = 'forward' | 'reverse'

export interface Objective {
  value(x: Operand[]): Operand
  gradient(x: Operand[]): Operand[]
}

const norm = (v: readonly Operand[]) =>
  sqrt(v.reduce<Operand>((s, e, i) => (i === 0 ? mul(e, e) : add(s, mul(e, e))), 0))

export function argmin(f: Objective, x0: readonly Operand[]): Operand[] {
  let x = x0.slice()
  let fx = f.value(x)
  let gx = f.gradient(x)
  let streak = 0
  let eta = 1e-5
  for (;;) {
    if (le(norm(gx), 1e-5)) return x
    if (streak === 10) {
      eta *= 2
      streak = 0
      continue
    }
    const next = x.map((xi, i) => sub(xi, mul(eta, gx[i])))
    if (le(norm(next.map((ni, i) => sub(x[i], ni))), 1e-5)) return x
    const fNext = f.value(next)
    if (lt(fNext, fx)) {
      x = next
      fx = fNext
      gx = f.gradient(x)
      streak++
    } else {
      eta /= 2
      streak = 0
    }
  }
}

export function argmax(f: Objective, x0: readonly Operand[]): Operand[] {
  return argmin({ value: (x) => neg(f.value(x)), gradient: (x) => f.gradient(x).map((g) => neg(g)) }, x0)
}

/**
 * The gradient of `h` at `x` through chainrule: one reverse sweep, or one
 * tangent sweep per input. `x` may hold Vars of an enclosing recording, and
 * `h` may close over them: the transform then nests.
 */
export function gradientBy(api: ToolApi, mode: Mode, h: (v: Var[]) => Operand, x: Operand[]): Operand[] {
  if (mode === 'reverse') return api.gradient(h, x, { vector: true })
  return x.map((_, i) => {
    const e = x.map((_, j) => (i === j ? 1 : 0))
    return api.jvp(h, x, e, { vector: true }).jvp[0]
  })
}

/** An Objective whose gradient is taken by chainrule in the given mode. */
export function objectiveBy(api: ToolApi, mode: Mode, value: (x: Operand[]) => Operand): Objective {
  return { value, gradient: (x) => gradientBy(api, mode, value, x) }
}

/** The two letters of a variant (ff, fr, rf, rr): the outer mode, then the inner. */
export function modesOf(variant: string): [Mode, Mode] {
  const m = (c: string): Mode => (c === 'f' ? 'forward' : 'reverse')
  return [m(variant[0]), m(variant[1])]
}
