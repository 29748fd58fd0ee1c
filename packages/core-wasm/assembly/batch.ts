// The batched sweeps over k points. Values and adjoints are node-major: node
// i's lanes are one contiguous row, so each node is dispatched once and its
// whole row is processed in one loop. The row loops are generated from the op
// table (forwardLanes/reverseLanes in rules.generated.ts): two lanes at a time
// with f64x2 SIMD where an op's rule has an exact f64x2 form, lane by lane
// through the rule otherwise; no op's rule is written here.
// The JS side pads a row to an even `stride` and fills the pad lane with a
// copy of the last point, so loops need no scalar tail and the pad never
// reports a status of its own. Per lane the arithmetic is the JS reference's
// (packages/core/src/sweeps.ts forwardBatch/reverseBatch), bit for bit.

import { CONST } from './opcodes'
import { checkOperands, get, index, opcode, set, set2 } from './memory'
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
    // Every op's row loop is generated from its rule, and traps on an unknown opcode.
    forwardLanes(o, y, p, q, stride)
  }
}

/** Adjoints at every lane over values V; G must be zero but for the seeded output row. */
export function reverseBatch(n: i32, op: usize, a: usize, b: usize, V: usize, G: usize, stride: i32): void {
  const rowBytes = <usize>stride << 3
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
    reverseLanes(o, y, p, q, gy, gp, gq, stride)
  }
}
