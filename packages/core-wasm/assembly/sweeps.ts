// The single-point sweeps, one loop over the tape each, mirroring the JS
// reference (packages/core/src/sweeps.ts): each node's step is generated from
// its op's rules (rules.generated.ts: forwardStep, reverseStep, tangentStep,
// reverseTangentStep), case for case the reference's arithmetic, so results
// agree bit for bit and no op's rule is written here. A tape is (n, op, a, b):
// node count and the addresses of its opcode (u8), operand (i32) arrays;
// value/adjoint/tangent arrays are f64.

import { checkOperands, get, index, opcode } from './memory'
import { forwardStep, reverseStep, reverseTangentStep, tangentStep } from './rules.generated'

/** Values of every node; inputs and constants must already be in v. */
export function forward(n: i32, op: usize, a: usize, b: usize, v: usize): void {
  for (let i = 0; i < n; i++) {
    const o = opcode(op, i)
    if (o < 2) continue
    const ai = index(a, i)
    const bi = index(b, i)
    checkOperands(ai, bi, i)
    forwardStep(o, v, i, ai, bi)
  }
}

/** Adds each node's adjoint times its local partials into its operands' adjoints; g must be seeded. */
export function reverse(n: i32, op: usize, a: usize, b: usize, v: usize, g: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const o = opcode(op, i)
    if (o < 2) continue
    reverseStep(o, v, g, i, index(a, i), index(b, i), get(g, i))
  }
}

/** Tangents of every node given values v and input tangents already in t (leaves' others zero). */
export function tangent(n: i32, op: usize, a: usize, b: usize, v: usize, t: usize): void {
  for (let i = 0; i < n; i++) {
    const o = opcode(op, i)
    if (o < 2) continue
    const ai = index(a, i)
    tangentStep(o, v, t, i, ai, index(b, i), get(t, ai))
  }
}

/** Reverse sweep of adjoints g and their tangents gt together (forward over reverse); both seeded. */
export function reverseTangent(n: i32, op: usize, a: usize, b: usize, v: usize, t: usize, g: usize, gt: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const o = opcode(op, i)
    if (o < 2) continue
    reverseTangentStep(o, v, t, g, gt, i, index(a, i), index(b, i), get(g, i), get(gt, i))
  }
}
