// A point and the inputs' adjoints move as block copies when the inputs are
// nodes first, first + 1, … (every recorded tape); any other tape takes the
// element loops through its input list. Both ways give the JS backend's
// results bit for bit, interpreted and compiled, with the point as an Array,
// a Float64Array and a plain array-like object.
import { jsBackend, OP, Tape, type TapeData } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { firstMismatch } from '../test/compare.js'
import { createWasmBackend } from './wasm-backend.js'

/** f = (x·c + sin y) · z with the inputs x, y, z at nodes 0, 2 and 4 (a constant and an op between them). */
function scattered(): TapeData {
  const t = new Tape()
  const x = t.input(0.5)
  const c = t.constant(3)
  const y = t.input(-1.25)
  const xc = t.push(OP.mul.code, x, c, 1.5)
  const z = t.input(2)
  const s = t.push(OP.sin.code, y, -1, Math.sin(-1.25))
  const u = t.push(OP.add.code, xc, s, 1.5 + Math.sin(-1.25))
  const f = t.push(OP.mul.code, u, z, (1.5 + Math.sin(-1.25)) * 2)
  return t.freeze([f, u])
}

/** The same function with its inputs first (nodes 0, 1, 2). */
function leading(): TapeData {
  const t = new Tape()
  const x = t.input(0.5)
  const y = t.input(-1.25)
  const z = t.input(2)
  const c = t.constant(3)
  const xc = t.push(OP.mul.code, x, c, 1.5)
  const s = t.push(OP.sin.code, y, -1, Math.sin(-1.25))
  const u = t.push(OP.add.code, xc, s, 1.5 + Math.sin(-1.25))
  const f = t.push(OP.mul.code, u, z, (1.5 + Math.sin(-1.25)) * 2)
  return t.freeze([f, u])
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(firstMismatch(a, b)).toBeNull()

describe('inputs: block copies and the input list', () => {
  const backend = createWasmBackend()
  const points: ArrayLike<number>[] = [
    [0.75, 2.5, -3],
    Float64Array.of(-0.5, 0.125, 4),
    { length: 3, 0: 1.5, 1: -2, 2: 0.25 } as ArrayLike<number>,
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
          const dir = [1, -0.5, 2]
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
