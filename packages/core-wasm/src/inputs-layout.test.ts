// A point and the inputs' adjoints move as block copies when the inputs are
// nodes first, first + 1, … (every recorded tape) and at least 16; any other tape takes the
// element loops through its input list. Both ways give the JS backend's
// results bit for bit, interpreted and compiled, with the point as an Array,
// a Float64Array and a plain array-like object.
import { jsBackend, OP, Tape, type TapeData } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { createWasmBackend } from './wasm-backend.js'

const M = 20

/**
 * Σ_j (x_j·c_j + sin x_j) · x_{j+1} and its first term, over M inputs: `scattered` records each input
 * just before its terms (inputs at nodes 0, 5, 10, …), `leading` records them all first.
 */
function sumTape(scattered: boolean): TapeData {
  const t = new Tape()
  const at = Array.from({ length: M }, (_, j) => Math.cos(j) * 2)
  const inputs: number[] = []
  if (!scattered) for (const v of at) inputs.push(t.input(v))
  const node = (j: number) => {
    if (inputs[j] === undefined) inputs[j] = t.input(at[j])
    return inputs[j]
  }
  let s = -1
  let first = -1
  for (let j = 0; j + 1 < M; j++) {
    const x = node(j)
    const c = t.constant(j / 4 - 1)
    const xc = t.push(OP.mul.code, x, c, t.val[x] * t.val[c])
    const sx = t.push(OP.sin.code, x, -1, Math.sin(t.val[x]))
    const u = t.push(OP.add.code, xc, sx, t.val[xc] + t.val[sx])
    const y = node(j + 1)
    const term = t.push(OP.mul.code, u, y, t.val[u] * t.val[y])
    if (first < 0) first = term
    s = s < 0 ? term : t.push(OP.add.code, s, term, t.val[s] + t.val[term])
  }
  return t.freeze([s, first])
}
const scattered = () => sumTape(true)
const leading = () => sumTape(false)

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(firstMismatch(a, b)).toBeNull()

describe('inputs: block copies and the input list', () => {
  const backend = createWasmBackend()
  const base = Array.from({ length: M }, (_, j) => Math.sin(j * 1.7) * 3)
  const points: ArrayLike<number>[] = [
    base,
    Float64Array.from(base, (v) => -v / 2),
    { length: M, ...Object.fromEntries(base.map((v, j) => [j, v + 1])) } as ArrayLike<number>,
  ]
  for (const [name, make] of [
    ['scattered', scattered],
    ['leading', leading],
  ] as const) {
    for (const compile of ['never', 'always'] as const) {
      it(`${name} inputs, compile: '${compile}'`, () => {
        const tape = make()
        const ref = jsBackend.load(tape)
        const p = backend.load(tape, undefined, { compile })
        const scalar = jsBackend.load({ ...tape, outputs: tape.outputs.subarray(0, 1) })
        const q = backend.load({ ...tape, outputs: tape.outputs.subarray(0, 1) }, undefined, { compile })
        expect(p.compiled).toBe(compile === 'always')
        for (const x of points) {
          same(p.evaluate(x), ref.evaluate(x))
          const w = [0.5, -2]
          const v = p.vjp(x, w)
          const rv = ref.vjp(x, w)
          same(v.vjp, rv.vjp)
          same(v.value, rv.value)
          const g = q.gradient(x)
          const rg = scalar.gradient(x)
          same(g.gradient, rg.gradient)
          expect(Object.is(g.value, rg.value)).toBe(true)
          const dir = base.map((v) => 1 - v)
          same(p.jvp(x, dir).jvp, ref.jvp(x, dir).jvp)
          const h = q.hvp(x, dir)
          const rh = scalar.hvp(x, dir)
          same(h.hvp, rh.hvp)
          same(h.gradient, rh.gradient)
          q.gradient(x)
          scalar.gradient(x)
          same(q.nodeAdjoints(), scalar.nodeAdjoints())
        }
        for (const prog of [ref, p, scalar, q]) prog.dispose()
      })
    }
  }
})
