// Where each op is smooth, for sampling random test points: the op table's
// `domain` (docs/ARCHITECTURE.md §4), [-2, 2] for an operand it leaves open
// (piecewise-constant ops have zero slope away from their jumps, which random
// points miss).
import { type Interval, type OpDef, PRIMITIVES } from '../src/ops.js'

const WHOLE: Interval = [-2, 2]

export function domainOf(op: OpDef): [Interval, Interval] {
  return [op.domain?.[0] ?? WHOLE, op.domain?.[1] ?? WHOLE]
}

/** The ops smooth everywhere on their domain: no kink, no jump. */
export const SMOOTH_PRIMITIVES: readonly OpDef[] = PRIMITIVES.filter((o) => o.kink === undefined)
