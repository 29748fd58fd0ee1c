// Does a finite difference straddle a kink? Between two points an op whose
// derivative jumps (abs, relu, min, max, sign, step, floor, ceil, round: the
// table's piecewise-linear ops)
// changed sides when its partials or, for a step-like op, its value differ at
// the two points. Then the difference measures neither side's slope, and its
// disagreement with AD is the kink's, not AD's (docs/ARCHITECTURE.md §4).

import type { Program } from './backend.js'
import { OPS } from './ops.js'

// The ops with a kink whose derivative is piecewise constant (second partials
// zero everywhere sampled): a changed partial there is a jump, not a slope
// (hypot's and atan2's partials change smoothly, so they are not among them).
const SAMPLES = [-2, -1.5, -0.5, -0.25, 0.25, 0.5, 1.5, 2]
export const PIECEWISE = new Set(
  OPS.filter(
    (d) =>
      d.kink !== undefined &&
      SAMPLES.every((a) =>
        SAMPLES.every((b) => {
          const y = d.fwd(a, b)
          return d.daa(a, b, y) === 0 && d.dab(a, b, y) === 0 && d.dbb(a, b, y) === 0
        }),
      ),
  ).map((d) => d.name),
)

/** The first tape node whose piecewise op is on different sides at x0 and x1, or null. */
export function straddledKink(
  p: Program,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
): { node: number; op: string } | null {
  const { op, a, b } = p.tape
  p.evaluate(x0)
  const v0 = Float64Array.from(p.nodeValues())
  p.evaluate(x1)
  const v1 = p.nodeValues()
  for (let i = 0; i < op.length; i++) {
    const def = OPS[op[i]]
    if (!PIECEWISE.has(def.name)) continue
    const [a0, a1] = [v0[a[i]], v1[a[i]]]
    const [b0, b1] = b[i] < 0 ? [0, 0] : [v0[b[i]], v1[b[i]]]
    const jumped =
      def.da(a0, b0, v0[i]) !== def.da(a1, b1, v1[i]) ||
      def.db(a0, b0, v0[i]) !== def.db(a1, b1, v1[i]) ||
      (def.da(a0, b0, v0[i]) === 0 && v0[i] !== v1[i])
    if (jumped) return { node: i, op: def.name }
  }
  return null
}
