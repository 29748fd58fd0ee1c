// Where each op is smooth, for sampling random test points: [lo, hi] for each
// operand. Ops not listed are smooth on [-2, 2] (piecewise-constant ops have
// zero slope away from their jumps, which random points miss).
import type { OpDef } from '../src/ops.js'

type Range = readonly [number, number]
const special: Record<string, readonly [Range, Range?]> = {
  div: [
    [-2, 2],
    [0.5, 2],
  ],
  pow: [
    [0.3, 2.5],
    [-2, 2],
  ],
  sqrt: [[0.1, 4]],
  cbrt: [[0.1, 4]],
  log: [[0.1, 4]],
  log1p: [[-0.8, 3]],
  log2: [[0.1, 4]],
  log10: [[0.1, 4]],
  tan: [[-1.2, 1.2]],
  asin: [[-0.9, 0.9]],
  acos: [[-0.9, 0.9]],
  atanh: [[-0.9, 0.9]],
  acosh: [[1.1, 4]],
  hypot: [
    [0.2, 2],
    [-2, 2],
  ],
  atan2: [
    [0.2, 2],
    [-2, 2],
  ],
}

export function domainOf(op: OpDef): [Range, Range] {
  const d = special[op.name]
  return [d?.[0] ?? [-2, 2], d?.[1] ?? [-2, 2]]
}
