// GradBench's `det` eval (cmpad's det_by_minor): the determinant of an ℓ × ℓ
// matrix by expansion by minors along the first remaining row, and its
// gradient with respect to every entry, taken through chainrule (the tape of
// the expansion has ~e·ℓ! products). The primal and the traced function do the
// same arithmetic in the same order.
import type { Operand, Var } from '@chainrule/core'
import { field, InputError, int, type Module, tapeGradient, vector } from './module.js'
import { repeat, runsOf } from './runs.js'

export function parseDet(input: unknown): { A: Float64Array; ell: number } {
  const ell = int(input, 'ell')
  if (ell < 1) throw new InputError('input.ell must be at least 1')
  field(input, 'A')
  return { A: vector(input, 'A', ell * ell), ell }
}

/**
 * Expansion by minors along the first remaining row, generic over numbers and
 * Vars: `used[c]` marks the columns already taken by the rows above `row`; the
 * sign alternates over the columns still free.
 */
function expand<T>(ops: Ring<T>, at: (i: number) => T, ell: number, row: number, used: Uint8Array): T {
  if (row === ell - 1) return at(row * ell + used.indexOf(0))
  let total: T | undefined
  let sign = 1
  for (let c = 0; c < ell; c++) {
    if (used[c]) continue
    used[c] = 1
    const term = ops.mul(at(row * ell + c), expand(ops, at, ell, row + 1, used))
    used[c] = 0
    total = total === undefined ? term : sign > 0 ? ops.add(total, term) : ops.sub(total, term)
    sign = -sign
  }
  return total as T
}

interface Ring<T> {
  mul(a: T, b: T): T
  add(a: T, b: T): T
  sub(a: T, b: T): T
}

const numbers: Ring<number> = { mul: (a, b) => a * b, add: (a, b) => a + b, sub: (a, b) => a - b }
const vars: Ring<Var> = { mul: (a, b) => a.mul(b), add: (a, b) => a.add(b), sub: (a, b) => a.sub(b) }

export function detPrimal(A: Float64Array, ell: number): number {
  return expand(numbers, (i) => A[i], ell, 0, new Uint8Array(ell))
}

export function detVars(ell: number): (a: Var[]) => Operand {
  return (a) => expand(vars, (i) => a[i], ell, 0, new Uint8Array(ell))
}

export const det: Module = {
  primal: (input) => {
    const { A, ell } = parseDet(input)
    return repeat(runsOf(input), () => detPrimal(A, ell))
  },
  gradient: (input, api) => {
    const { A, ell } = parseDet(input)
    const r = tapeGradient(input, () => api.trace(detVars(ell), A, { vector: true }), A)
    return { ...r, output: Array.from(r.output) }
  },
}
