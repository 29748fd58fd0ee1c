// GradBench's `particle` eval: a unit charge starts at (0, 8) with velocity
// (0.75, 0) between fixed charges at (10, 10 − w) and (10, 0); naive Euler
// steps (Δt = 0.1) with acceleration −∇ₓ Σ 1/|x − cᵢ| until it crosses the
// x-axis, where linear interpolation gives x(t_f); w is found by the eval's
// gradient descent on x₀(t_f)², from the given start. The acceleration's
// gradient (inner) is taken by chainrule inside the derivative with respect to
// w (outer): nested AD through an unbounded loop, in ff, fr, rf, rr.
import { add, div, le, mul, neg, type Operand, sqrt, sub } from '@chainrule/core'
import { argmin, gradientBy, type Mode, modesOf, objectiveBy } from './descent.js'
import { type Module, num, type ToolApi } from './module.js'
import { repeat, runsOf } from './runs.js'

const DT = 0.1

/** x₀(t_f)² for control w, the field's gradient taken in `inner` mode. */
export function particleCost(api: ToolApi, inner: Mode, w: Operand): Operand {
  const charges: [Operand, Operand][] = [
    [10, sub(10, w)],
    [10, 0],
  ]
  const potential = (x: Operand[]) =>
    charges.reduce<Operand>((s, [cx, cy]) => {
      const dx = sub(x[0], cx)
      const dy = sub(x[1], cy)
      return add(s, div(1, sqrt(add(mul(dx, dx), mul(dy, dy)))))
    }, 0)
  let x: Operand[] = [0, 8]
  let v: Operand[] = [0.75, 0]
  for (;;) {
    const accel = gradientBy(api, inner, potential, x).map((g) => neg(g))
    x = [add(x[0], mul(DT, v[0])), add(x[1], mul(DT, v[1]))]
    if (le(x[1], 0)) {
      const dtf = neg(div(x[1], v[1]))
      const xf = add(x[0], mul(dtf, v[0]))
      return mul(xf, xf)
    }
    v = [add(v[0], mul(DT, accel[0])), add(v[1], mul(DT, accel[1]))]
  }
}

export function particleControl(api: ToolApi, variant: string, w0: number): number {
  const [outer, inner] = modesOf(variant)
  const [w] = argmin(
    objectiveBy(api, outer, (w) => particleCost(api, inner, w[0])),
    [w0],
  )
  if (typeof w !== 'number') throw new Error('particle: a Var escaped the descent')
  return w
}

const variant = (name: string) => (input: unknown, api: ToolApi) => {
  const w0 = num(input, 'w')
  return repeat(runsOf(input), () => particleControl(api, name, w0))
}

export const particle: Module = { ff: variant('ff'), fr: variant('fr'), rf: variant('rf'), rr: variant('rr') }
