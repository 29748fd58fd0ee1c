// The single-point sweeps, one loop over the tape each, mirroring the JS
// reference (packages/core/src/sweeps.ts) statement for statement: the same
// ops are written inline, the rest go through their rule, so results agree
// bit for bit. A tape is (n, op, a, b): node count and the addresses of its
// opcode (u8), operand (i32) arrays; value/adjoint/tangent arrays are f64.

import { ADD, DIV, MUL, NEG, SQUARE, SUB } from './opcodes'
import { accumulate, checkOperands, deduct, get, index, opcode, set } from './memory'
import { da, daa, dab, db, dbb, fwd } from './rules.generated'

/** t·d, except that an exactly-zero tangent contributes nothing (a structural zero). */
// @ts-ignore: decorator
@inline function sz(t: f64, d: f64): f64 {
  return t == 0 ? 0 : t * d
}

/** Values of every node; inputs and constants must already be in v. */
export function forward(n: i32, op: usize, a: usize, b: usize, v: usize): void {
  for (let i = 0; i < n; i++) {
    const o = opcode(op, i)
    if (o < 2) continue
    const ai = index(a, i)
    const bi = index(b, i)
    checkOperands(ai, bi, i)
    switch (o) {
      case ADD: set(v, i, get(v, ai) + get(v, bi)); break
      case SUB: set(v, i, get(v, ai) - get(v, bi)); break
      case MUL: set(v, i, get(v, ai) * get(v, bi)); break
      case DIV: set(v, i, get(v, ai) / get(v, bi)); break
      case NEG: set(v, i, -get(v, ai)); break
      case SQUARE: {
        const x = get(v, ai)
        set(v, i, x * x)
        break
      }
      default: set(v, i, fwd(o, get(v, ai), bi < 0 ? 0 : get(v, bi)))
    }
  }
}

/** Adds each node's adjoint times its local partials into its operands' adjoints; g must be seeded. */
export function reverse(n: i32, op: usize, a: usize, b: usize, v: usize, g: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const o = opcode(op, i)
    if (o < 2) continue
    const gi = get(g, i)
    const ai = index(a, i)
    const bi = index(b, i)
    switch (o) {
      case ADD:
        accumulate(g, ai, gi)
        accumulate(g, bi, gi)
        break
      case SUB:
        accumulate(g, ai, gi)
        deduct(g, bi, gi)
        break
      case MUL:
        accumulate(g, ai, gi * get(v, bi))
        accumulate(g, bi, gi * get(v, ai))
        break
      case DIV: {
        const y = get(v, bi)
        accumulate(g, ai, gi * (1 / y))
        accumulate(g, bi, gi * (-get(v, i) / y))
        break
      }
      case NEG: deduct(g, ai, gi); break
      case SQUARE: accumulate(g, ai, gi * (2 * get(v, ai))); break
      default: {
        const x = get(v, ai)
        if (bi < 0) {
          accumulate(g, ai, gi * da(o, x, 0, get(v, i)))
        } else {
          const y = get(v, bi)
          const yi = get(v, i)
          accumulate(g, ai, gi * da(o, x, y, yi))
          accumulate(g, bi, gi * db(o, x, y, yi))
        }
      }
    }
  }
}

/** Tangents of every node given values v and input tangents already in t (leaves' others zero). */
export function tangent(n: i32, op: usize, a: usize, b: usize, v: usize, t: usize): void {
  for (let i = 0; i < n; i++) {
    const o = opcode(op, i)
    if (o < 2) continue
    const ai = index(a, i)
    const bi = index(b, i)
    const ta = get(t, ai)
    switch (o) {
      case ADD: set(t, i, ta + get(t, bi)); break
      case SUB: set(t, i, ta - get(t, bi)); break
      case NEG: set(t, i, -ta); break
      default: {
        const x = get(v, ai)
        if (bi < 0) {
          set(t, i, sz(ta, da(o, x, 0, get(v, i))))
        } else {
          const y = get(v, bi)
          const yi = get(v, i)
          set(t, i, sz(ta, da(o, x, y, yi)) + sz(get(t, bi), db(o, x, y, yi)))
        }
      }
    }
  }
}

/** Reverse sweep of adjoints g and their tangents gt together (forward over reverse); both seeded. */
export function reverseTangent(n: i32, op: usize, a: usize, b: usize, v: usize, t: usize, g: usize, gt: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const o = opcode(op, i)
    if (o < 2) continue
    const gi = get(g, i)
    const gti = get(gt, i)
    const ai = index(a, i)
    const bi = index(b, i)
    switch (o) {
      case ADD:
        accumulate(g, ai, gi)
        accumulate(g, bi, gi)
        accumulate(gt, ai, gti)
        accumulate(gt, bi, gti)
        break
      case SUB:
        accumulate(g, ai, gi)
        deduct(g, bi, gi)
        accumulate(gt, ai, gti)
        deduct(gt, bi, gti)
        break
      case NEG:
        deduct(g, ai, gi)
        deduct(gt, ai, gti)
        break
      default: {
        const x = get(v, ai)
        const yi = get(v, i)
        const ta = get(t, ai)
        if (bi < 0) {
          const d = da(o, x, 0, yi)
          accumulate(g, ai, gi * d)
          accumulate(gt, ai, sz(gti, d) + gi * sz(ta, daa(o, x, 0, yi)))
        } else {
          const y = get(v, bi)
          const tb = get(t, bi)
          const dA = da(o, x, y, yi)
          const dB = db(o, x, y, yi)
          const dAB = dab(o, x, y, yi)
          accumulate(g, ai, gi * dA)
          accumulate(g, bi, gi * dB)
          accumulate(gt, ai, sz(gti, dA) + gi * (sz(ta, daa(o, x, y, yi)) + sz(tb, dAB)))
          accumulate(gt, bi, sz(gti, dB) + gi * (sz(ta, dAB) + sz(tb, dbb(o, x, y, yi))))
        }
      }
    }
  }
}
