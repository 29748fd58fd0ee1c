// The batched sweeps over k points. Values and adjoints are node-major: node
// i's lanes are one contiguous row, so each node is dispatched once and its
// whole row is processed in one loop — two lanes at a time with f64x2 SIMD
// for the arithmetic, lane by lane through the op's (inlined) rule otherwise.
// The JS side pads a row to an even `stride` and fills the pad lane with a
// copy of the last point, so loops need no scalar tail and the pad never
// reports a status of its own. Per lane the arithmetic is the JS reference's
// (packages/core/src/sweeps.ts forwardBatch/reverseBatch), bit for bit.

import {
  ABS, ACOS, ACOSH, ADD, ASIN, ASINH, ATAN, ATAN2, ATANH, CBRT, CEIL, CONST, COS, COSH, DIV, EXP, EXPM1, FLOOR,
  HYPOT, LOG, LOG10, LOG1P, LOG2, MAX, MIN, MUL, NEG, POW, RELU, ROUND, SIGMOID, SIGN, SIN, SINH, SOFTPLUS, SQRT,
  SQUARE, STEP, SUB, TAN, TANH,
} from './opcodes'
import { checkOperands, get, get2, index, opcode, set, set2 } from './memory'
import { da, db, fwd } from './rules'

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

// @ts-ignore: decorator
@inline function map1(o: u8, y: usize, p: usize, stride: i32): void {
  for (let j = 0; j < stride; j++) set(y, j, fwd(o, get(p, j), 0))
}

// @ts-ignore: decorator
@inline function map2(o: u8, y: usize, p: usize, q: usize, stride: i32): void {
  for (let j = 0; j < stride; j++) set(y, j, fwd(o, get(p, j), get(q, j)))
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
      // One case per remaining op: the constant opcode lets the optimizer fold the rule's switch away.
      case POW: map2(POW, y, p, q, stride); break
      case HYPOT: map2(HYPOT, y, p, q, stride); break
      case ATAN2: map2(ATAN2, y, p, q, stride); break
      case CBRT: map1(CBRT, y, p, stride); break
      case SIGN: map1(SIGN, y, p, stride); break
      case EXP: map1(EXP, y, p, stride); break
      case EXPM1: map1(EXPM1, y, p, stride); break
      case LOG: map1(LOG, y, p, stride); break
      case LOG1P: map1(LOG1P, y, p, stride); break
      case LOG2: map1(LOG2, y, p, stride); break
      case LOG10: map1(LOG10, y, p, stride); break
      case SIN: map1(SIN, y, p, stride); break
      case COS: map1(COS, y, p, stride); break
      case TAN: map1(TAN, y, p, stride); break
      case ASIN: map1(ASIN, y, p, stride); break
      case ACOS: map1(ACOS, y, p, stride); break
      case ATAN: map1(ATAN, y, p, stride); break
      case SINH: map1(SINH, y, p, stride); break
      case COSH: map1(COSH, y, p, stride); break
      case TANH: map1(TANH, y, p, stride); break
      case ASINH: map1(ASINH, y, p, stride); break
      case ACOSH: map1(ACOSH, y, p, stride); break
      case ATANH: map1(ATANH, y, p, stride); break
      case SIGMOID: map1(SIGMOID, y, p, stride); break
      case RELU: map1(RELU, y, p, stride); break
      case SOFTPLUS: map1(SOFTPLUS, y, p, stride); break
      case STEP: map1(STEP, y, p, stride); break
      case ROUND: map1(ROUND, y, p, stride); break
      default: abort('unknown opcode')
    }
  }
}

/** G[p] += G[y]·da for a unary op, lane by lane. */
// @ts-ignore: decorator
@inline function pull1(o: u8, y: usize, p: usize, gy: usize, gp: usize, stride: i32): void {
  for (let j = 0; j < stride; j++) set(gp, j, get(gp, j) + get(gy, j) * da(o, get(p, j), 0, get(y, j)))
}

/** G[p] += G[y]·da, then G[q] += G[y]·db, lane by lane. */
// @ts-ignore: decorator
@inline function pull2(o: u8, y: usize, p: usize, q: usize, gy: usize, gp: usize, gq: usize, stride: i32): void {
  for (let j = 0; j < stride; j++) {
    const x = get(p, j)
    const z = get(q, j)
    const w = get(y, j)
    set(gp, j, get(gp, j) + get(gy, j) * da(o, x, z, w))
    set(gq, j, get(gq, j) + get(gy, j) * db(o, x, z, w))
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
      case POW: pull2(POW, y, p, q, gy, gp, gq, stride); break
      case MIN: pull2(MIN, y, p, q, gy, gp, gq, stride); break
      case MAX: pull2(MAX, y, p, q, gy, gp, gq, stride); break
      case HYPOT: pull2(HYPOT, y, p, q, gy, gp, gq, stride); break
      case ATAN2: pull2(ATAN2, y, p, q, gy, gp, gq, stride); break
      case CBRT: pull1(CBRT, y, p, gy, gp, stride); break
      case ABS: pull1(ABS, y, p, gy, gp, stride); break
      case SIGN: pull1(SIGN, y, p, gy, gp, stride); break
      case EXPM1: pull1(EXPM1, y, p, gy, gp, stride); break
      case LOG: pull1(LOG, y, p, gy, gp, stride); break
      case LOG1P: pull1(LOG1P, y, p, gy, gp, stride); break
      case LOG2: pull1(LOG2, y, p, gy, gp, stride); break
      case LOG10: pull1(LOG10, y, p, gy, gp, stride); break
      case SIN: pull1(SIN, y, p, gy, gp, stride); break
      case COS: pull1(COS, y, p, gy, gp, stride); break
      case TAN: pull1(TAN, y, p, gy, gp, stride); break
      case ASIN: pull1(ASIN, y, p, gy, gp, stride); break
      case ACOS: pull1(ACOS, y, p, gy, gp, stride); break
      case ATAN: pull1(ATAN, y, p, gy, gp, stride); break
      case SINH: pull1(SINH, y, p, gy, gp, stride); break
      case COSH: pull1(COSH, y, p, gy, gp, stride); break
      case TANH: pull1(TANH, y, p, gy, gp, stride); break
      case ASINH: pull1(ASINH, y, p, gy, gp, stride); break
      case ACOSH: pull1(ACOSH, y, p, gy, gp, stride); break
      case ATANH: pull1(ATANH, y, p, gy, gp, stride); break
      case SIGMOID: pull1(SIGMOID, y, p, gy, gp, stride); break
      case RELU: pull1(RELU, y, p, gy, gp, stride); break
      case SOFTPLUS: pull1(SOFTPLUS, y, p, gy, gp, stride); break
      case STEP: pull1(STEP, y, p, gy, gp, stride); break
      case FLOOR: pull1(FLOOR, y, p, gy, gp, stride); break
      case CEIL: pull1(CEIL, y, p, gy, gp, stride); break
      case ROUND: pull1(ROUND, y, p, gy, gp, stride); break
      default: abort('unknown opcode')
    }
  }
}
