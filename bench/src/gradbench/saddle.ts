// GradBench's `saddle` eval: min over p₁ ∈ ℝ² of max over p₂ ∈ ℝ² of
// f(p₁, p₂) = (p₁₀² + p₁₁²) − (p₂₀² + p₂₁²), both by the eval's gradient
// descent from the given start. The outer objective runs the inner descent,
// whose gradients are taken by chainrule inside the outer derivative: nested
// AD, in the four mixes ff, fr, rf, rr (outer mode, inner mode). The final
// argmax at the found p₁ uses the outer mode. Output: p₁ and p₂.
import { add, mul, type Operand, sub } from '@chainrule/core'
import { argmax, argmin, modesOf, objectiveBy } from './descent.js'
import { type Module, type ToolApi, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

const saddleF = (p1: readonly Operand[], p2: readonly Operand[]) =>
  sub(add(mul(p1[0], p1[0]), mul(p1[1], p1[1])), add(mul(p2[0], p2[0]), mul(p2[1], p2[1])))

export function saddlePoint(api: ToolApi, variant: string, start: readonly number[]): number[] {
  const [outer, inner] = modesOf(variant)
  const innerAt = (p1: readonly Operand[], mode = inner) => objectiveBy(api, mode, (p2) => saddleF(p1, p2))
  const outerValue = (p1: Operand[]) => saddleF(p1, argmax(innerAt(p1), start))
  const p1 = argmin(objectiveBy(api, outer, outerValue), start)
  const p2 = argmax(innerAt(p1, outer), start)
  return [...p1, ...p2].map((v) => {
    if (typeof v !== 'number') throw new Error('saddle: a Var escaped the descent')
    return v
  })
}

const variant = (name: string) => (input: unknown, api: ToolApi) => {
  const start = Array.from(vector(input, 'start', 2))
  return repeat(runsOf(input), () => saddlePoint(api, name, start))
}

export const saddle: Module = { ff: variant('ff'), fr: variant('fr'), rf: variant('rf'), rr: variant('rr') }
