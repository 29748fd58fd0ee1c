// The batched sweeps over k points. Values and adjoints are node-major: node
// i's lanes are one contiguous row, so each node is dispatched once and its
// whole row is processed in one loop — two lanes at a time with f64x2 SIMD
// for the arithmetic, lane by lane through the op's rule otherwise (generated from the op table,
// see rules.generated.ts).
// The JS side pads a row to an even `stride` and fills the pad lane with a
// copy of the last point, so loops need no scalar tail and the pad never
// reports a status of its own. Per lane the arithmetic is the JS reference's
// (packages/core/src/sweeps.ts forwardBatch/reverseBatch), bit for bit.

import { ABS, ADD, CEIL, CONST, DIV, EXP, FLOOR, MAX, MIN, MUL, NEG, SQRT, SQUARE, SUB } from './opcodes'
import { checkOperands, get, get2, index, opcode, set, set2 } from './memory'
import { forwardLanes, reverseLanes } from './rules.generated'

/** Row-major points X (k×m) into the node-major rows rows[0..m) of V. */
export function scatter(X: usize, k: i32, m: i32, rows: usize, V: usize, stride: i32): void {
  for (let j = 0; j < m; j++) {
    const row = V + ((<usize>index(rows, j) * <usize>stride) << 3)
    for (let p = 0; p < k; p++) set(row, p, get(X, p * m + j))
    if (stride > k) set(row, k, get(row, k - 1))
  }
}

/** The node-major rows rows[0..m) of V, first k lanes, into row-major out (k×m). */
export function gather(V: usize, stride: i32, rows: usize, m: i32, k: i32, out: usize): void {
  for (let j = 0; j < m; j++) {
    const row = V + ((<usize>index(rows, j) * <usize>stride) << 3)
    for (let p = 0; p < k; p++) set(out, p * m + j, get(row, p))
  }
}

/**
 * Values at every lane; input rows scattered and constants in v (one value per
 * node). Also zeroes the adjoint rows G for a reverse sweep to follow (G = 0
 * when there is none), while each row's neighbourhood is in cache anyway.
 */
export function forwardBatch(n: i32, op: usize, a: usize, b: usize, v: usize, V: usize, G: usize, stride: i32): void {
  const rowBytes = <usize>stride << 3
  for (let i = 0; i < n; i++) {
    const o = opcode(op, i)
    const y = V + <usize>i * rowBytes
    if (G != 0) {
      // Short rows are the common case: stores beat a memory.fill call.
      const gy = G + <usize>i * rowBytes
      for (let j = 0; j < stride; j += 2) set2(gy, j, f64x2.splat(0))
    }
    if (o < 2) {
      if (o == CONST) {
        const c = f64x2.splat(get(v, i))
        for (let j = 0; j < stride; j += 2) set2(y, j, c)
      }
      continue
    }
    const ai = index(a, i)
    const bi = index(b, i)
    checkOperands(ai, bi, i)
    const p = V + <usize>ai * rowBytes
    const q = V + <usize>bi * rowBytes
    switch (o) {
      case ADD: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.add(get2(p, j), get2(q, j))); break
      case SUB: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.sub(get2(p, j), get2(q, j))); break
      case MUL: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.mul(get2(p, j), get2(q, j))); break
      case DIV: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.div(get2(p, j), get2(q, j))); break
      case MIN: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.min(get2(p, j), get2(q, j))); break
      case MAX: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.max(get2(p, j), get2(q, j))); break
      case NEG: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.neg(get2(p, j))); break
      case SQUARE:
        for (let j = 0; j < stride; j += 2) {
          const x = get2(p, j)
          set2(y, j, f64x2.mul(x, x))
        }
        break
      case SQRT: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.sqrt(get2(p, j))); break
      case ABS: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.abs(get2(p, j))); break
      case FLOOR: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.floor(get2(p, j))); break
      case CEIL: for (let j = 0; j < stride; j += 2) set2(y, j, f64x2.ceil(get2(p, j))); break
      // Every other op lane by lane through its generated rule, which traps on an unknown opcode.
      default: forwardLanes(o, y, p, q, stride)
    }
  }
}

/** G[p] += G[y]·d with d a vector of local partials, two lanes at a time. */
// @ts-ignore: decorator
@inline function pullSimd(gp: usize, gy: usize, j: i32, d: v128): void {
  set2(gp, j, f64x2.add(get2(gp, j), f64x2.mul(get2(gy, j), d)))
}

/** Adjoints at every lane over values V; G must be zero but for the seeded output row. */
export function reverseBatch(n: i32, op: usize, a: usize, b: usize, V: usize, G: usize, stride: i32): void {
  const rowBytes = <usize>stride << 3
  const one = f64x2.splat(1)
  const two = f64x2.splat(2)
  const half = f64x2.splat(0.5)
  for (let i = n - 1; i >= 0; i--) {
    const o = opcode(op, i)
    if (o < 2) continue
    const ai = index(a, i)
    const bi = index(b, i)
    const y = V + <usize>i * rowBytes
    const p = V + <usize>ai * rowBytes
    const q = V + <usize>bi * rowBytes
    const gy = G + <usize>i * rowBytes
    const gp = G + <usize>ai * rowBytes
    const gq = G + <usize>bi * rowBytes
    switch (o) {
      case ADD:
        for (let j = 0; j < stride; j += 2) {
          set2(gp, j, f64x2.add(get2(gp, j), get2(gy, j)))
          set2(gq, j, f64x2.add(get2(gq, j), get2(gy, j)))
        }
        break
      case SUB:
        for (let j = 0; j < stride; j += 2) {
          set2(gp, j, f64x2.add(get2(gp, j), get2(gy, j)))
          set2(gq, j, f64x2.sub(get2(gq, j), get2(gy, j)))
        }
        break
      case MUL:
        for (let j = 0; j < stride; j += 2) {
          pullSimd(gp, gy, j, get2(q, j))
          pullSimd(gq, gy, j, get2(p, j))
        }
        break
      case DIV:
        for (let j = 0; j < stride; j += 2) {
          const z = get2(q, j)
          pullSimd(gp, gy, j, f64x2.div(one, z))
          pullSimd(gq, gy, j, f64x2.div(f64x2.neg(get2(y, j)), z))
        }
        break
      case NEG:
        for (let j = 0; j < stride; j += 2) set2(gp, j, f64x2.sub(get2(gp, j), get2(gy, j)))
        break
      case SQUARE: for (let j = 0; j < stride; j += 2) pullSimd(gp, gy, j, f64x2.mul(two, get2(p, j))); break
      case SQRT: for (let j = 0; j < stride; j += 2) pullSimd(gp, gy, j, f64x2.div(half, get2(y, j))); break
      case EXP: for (let j = 0; j < stride; j += 2) pullSimd(gp, gy, j, get2(y, j)); break
      default: reverseLanes(o, y, p, q, gy, gp, gq, stride)
    }
  }
}
