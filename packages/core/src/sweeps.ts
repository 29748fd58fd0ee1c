// The JS sweeps: the reference every other backend is checked against.
//
// Each sweep is one loop over the tape, never recursion. The commonest
// arithmetic (add, sub, mul, div, neg, square) is written inline for speed;
// every other op goes through its row of the op table, so the table stays the
// one source of truth (sweeps.test.ts checks the inline cases against it).
//
// Tangent sweeps treat an exactly-zero tangent as a structural zero: its term
// is dropped rather than multiplied, so x^3 at x = -2 has a finite jvp even
// though ∂(x^y)/∂y is NaN there (the exponent's tangent is 0). Adjoints follow
// IEEE arithmetic: 0·∞ = NaN reaches the gradient, as it should for x·√x at 0.

import { OP, OPS } from './ops.js'

const ADD = OP.add.code
const SUB = OP.sub.code
const MUL = OP.mul.code
const DIV = OP.div.code
const NEG = OP.neg.code
const SQUARE = OP.square.code

const FWD = OPS.map((o) => o.fwd)
const DA = OPS.map((o) => o.da)
const DB = OPS.map((o) => o.db)
const DAA = OPS.map((o) => o.daa)
const DAB = OPS.map((o) => o.dab)
const DBB = OPS.map((o) => o.dbb)

/** The tape's structure, as the sweeps read it. */
export interface Code {
  readonly op: Uint8Array
  readonly a: Int32Array
  readonly b: Int32Array
}

/** t·d, except that a zero tangent contributes nothing. */
const sz = (t: number, d: number): number => (t === 0 ? 0 : t * d)

/** Values of every node; inputs and constants must already be in `v`. */
export function forward(c: Code, v: Float64Array): void {
  const { op, a, b } = c
  const n = op.length
  for (let i = 0; i < n; i++) {
    const o = op[i]
    switch (o) {
      case 0:
      case 1:
        break
      case ADD:
        v[i] = v[a[i]] + v[b[i]]
        break
      case SUB:
        v[i] = v[a[i]] - v[b[i]]
        break
      case MUL:
        v[i] = v[a[i]] * v[b[i]]
        break
      case DIV:
        v[i] = v[a[i]] / v[b[i]]
        break
      case NEG:
        v[i] = -v[a[i]]
        break
      case SQUARE: {
        const x = v[a[i]]
        v[i] = x * x
        break
      }
      default: {
        const bi = b[i]
        v[i] = FWD[o](v[a[i]], bi < 0 ? 0 : v[bi])
      }
    }
  }
}

/** Adds each node's adjoint times its local partials into its operands' adjoints; g must be seeded. */
export function reverse(c: Code, v: Float64Array, g: Float64Array): void {
  const { op, a, b } = c
  for (let i = op.length - 1; i >= 0; i--) {
    const o = op[i]
    if (o < 2) continue
    const gi = g[i]
    const ai = a[i]
    const bi = b[i]
    switch (o) {
      case ADD:
        g[ai] += gi
        g[bi] += gi
        break
      case SUB:
        g[ai] += gi
        g[bi] -= gi
        break
      case MUL:
        g[ai] += gi * v[bi]
        g[bi] += gi * v[ai]
        break
      case DIV: {
        const y = v[bi]
        g[ai] += gi * (1 / y)
        g[bi] += gi * (-v[i] / y)
        break
      }
      case NEG:
        g[ai] -= gi
        break
      case SQUARE:
        g[ai] += gi * (2 * v[ai])
        break
      default: {
        const x = v[ai]
        if (bi < 0) {
          g[ai] += gi * DA[o](x, 0, v[i])
        } else {
          const y = v[bi]
          const yi = v[i]
          g[ai] += gi * DA[o](x, y, yi)
          g[bi] += gi * DB[o](x, y, yi)
        }
      }
    }
  }
}

/** Tangents of every node given values `v` and input tangents already in `t` (others zero). */
export function tangent(c: Code, v: Float64Array, t: Float64Array): void {
  const { op, a, b } = c
  const n = op.length
  for (let i = 0; i < n; i++) {
    const o = op[i]
    if (o < 2) continue
    const ai = a[i]
    const bi = b[i]
    const ta = t[ai]
    switch (o) {
      case ADD:
        t[i] = ta + t[bi]
        break
      case SUB:
        t[i] = ta - t[bi]
        break
      case NEG:
        t[i] = -ta
        break
      default: {
        const x = v[ai]
        if (bi < 0) {
          t[i] = sz(ta, DA[o](x, 0, v[i]))
        } else {
          const y = v[bi]
          t[i] = sz(ta, DA[o](x, y, v[i])) + sz(t[bi], DB[o](x, y, v[i]))
        }
      }
    }
  }
}

/**
 * Reverse sweep of adjoints `g` and their tangents `gt` together (forward over
 * reverse), given values `v` and tangents `t`; g and gt must be seeded.
 */
export function reverseTangent(
  c: Code,
  v: Float64Array,
  t: Float64Array,
  g: Float64Array,
  gt: Float64Array,
): void {
  const { op, a, b } = c
  for (let i = op.length - 1; i >= 0; i--) {
    const o = op[i]
    if (o < 2) continue
    const gi = g[i]
    const gti = gt[i]
    const ai = a[i]
    const bi = b[i]
    switch (o) {
      case ADD:
        g[ai] += gi
        g[bi] += gi
        gt[ai] += gti
        gt[bi] += gti
        break
      case SUB:
        g[ai] += gi
        g[bi] -= gi
        gt[ai] += gti
        gt[bi] -= gti
        break
      case NEG:
        g[ai] -= gi
        gt[ai] -= gti
        break
      default: {
        const x = v[ai]
        const yi = v[i]
        const ta = t[ai]
        if (bi < 0) {
          const da = DA[o](x, 0, yi)
          g[ai] += gi * da
          gt[ai] += sz(gti, da) + gi * sz(ta, DAA[o](x, 0, yi))
        } else {
          const y = v[bi]
          const tb = t[bi]
          const da = DA[o](x, y, yi)
          const db = DB[o](x, y, yi)
          const dab = DAB[o](x, y, yi)
          g[ai] += gi * da
          g[bi] += gi * db
          gt[ai] += sz(gti, da) + gi * (sz(ta, DAA[o](x, y, yi)) + sz(tb, dab))
          gt[bi] += sz(gti, db) + gi * (sz(ta, dab) + sz(tb, DBB[o](x, y, yi)))
        }
      }
    }
  }
}

/** Forward sweep at k points; V is node-major (node i's k values at V[i·k … i·k+k)). */
export function forwardBatch(c: Code, V: Float64Array, k: number): void {
  const { op, a, b } = c
  const n = op.length
  for (let i = 0; i < n; i++) {
    const o = op[i]
    if (o < 2) continue
    const y = i * k
    const p = a[i] * k
    const q = b[i] * k
    switch (o) {
      case ADD:
        for (let j = 0; j < k; j++) V[y + j] = V[p + j] + V[q + j]
        break
      case SUB:
        for (let j = 0; j < k; j++) V[y + j] = V[p + j] - V[q + j]
        break
      case MUL:
        for (let j = 0; j < k; j++) V[y + j] = V[p + j] * V[q + j]
        break
      case DIV:
        for (let j = 0; j < k; j++) V[y + j] = V[p + j] / V[q + j]
        break
      case NEG:
        for (let j = 0; j < k; j++) V[y + j] = -V[p + j]
        break
      case SQUARE:
        for (let j = 0; j < k; j++) V[y + j] = V[p + j] * V[p + j]
        break
      default: {
        const f = FWD[o]
        if (q < 0) for (let j = 0; j < k; j++) V[y + j] = f(V[p + j], 0)
        else for (let j = 0; j < k; j++) V[y + j] = f(V[p + j], V[q + j])
      }
    }
  }
}

/** Reverse sweep at k points over node-major values V and adjoints G (seeded). */
export function reverseBatch(c: Code, V: Float64Array, G: Float64Array, k: number): void {
  const { op, a, b } = c
  for (let i = op.length - 1; i >= 0; i--) {
    const o = op[i]
    if (o < 2) continue
    const y = i * k
    const p = a[i] * k
    const q = b[i] * k
    switch (o) {
      case ADD:
        for (let j = 0; j < k; j++) {
          G[p + j] += G[y + j]
          G[q + j] += G[y + j]
        }
        break
      case SUB:
        for (let j = 0; j < k; j++) {
          G[p + j] += G[y + j]
          G[q + j] -= G[y + j]
        }
        break
      case MUL:
        for (let j = 0; j < k; j++) {
          G[p + j] += G[y + j] * V[q + j]
          G[q + j] += G[y + j] * V[p + j]
        }
        break
      case DIV:
        for (let j = 0; j < k; j++) {
          G[p + j] += G[y + j] * (1 / V[q + j])
          G[q + j] += G[y + j] * (-V[y + j] / V[q + j])
        }
        break
      case NEG:
        for (let j = 0; j < k; j++) G[p + j] -= G[y + j]
        break
      case SQUARE:
        for (let j = 0; j < k; j++) G[p + j] += G[y + j] * (2 * V[p + j])
        break
      default: {
        const da = DA[o]
        if (q < 0) {
          for (let j = 0; j < k; j++) G[p + j] += G[y + j] * da(V[p + j], 0, V[y + j])
        } else {
          const db = DB[o]
          for (let j = 0; j < k; j++) {
            const x = V[p + j]
            const z = V[q + j]
            const w = V[y + j]
            G[p + j] += G[y + j] * da(x, z, w)
            G[q + j] += G[y + j] * db(x, z, w)
          }
        }
      }
    }
  }
}
