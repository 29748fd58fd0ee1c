import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { OP, type OpDef, type OpName, PRIMITIVES } from '../../src/ops.js'
import type { Operand, Var } from '../../src/var.js'
import { domainOf } from '../domains.js'
import { property } from '../property.js'

/** A random expression tree over three variables, built from every primitive of the op table. */
export type Tree =
  | { kind: 'var'; index: number }
  | { kind: 'const'; value: number }
  | { kind: 'unary'; op: string; arg: Tree }
  | { kind: 'binary'; op: string; left: Tree; right: Tree }

/** Random trees over the given ops (each operand mapped into its op's domain by `build`). */
export function treesOf(ops: readonly OpDef[], maxDepth?: number): fc.Arbitrary<Tree> {
  const unary = ops.filter((o) => o.arity === 1).map((o) => o.name)
  const binary = ops.filter((o) => o.arity === 2).map((o) => o.name)
  return fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, ...(maxDepth === undefined ? {} : { maxDepth }) },
      fc.record({ kind: fc.constant('var' as const), index: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('const' as const), value: fc.double({ min: -2, max: 2, noNaN: true }) }),
      fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...unary), arg: tie('tree') }),
      fc.record({
        kind: fc.constant('binary' as const),
        op: fc.constantFrom(...binary),
        left: tie('tree'),
        right: tie('tree'),
      }),
    ),
  })).tree
}

// The whole table, so a new op is drawn without touching this file.
export const treeArb: fc.Arbitrary<Tree> = treesOf(PRIMITIVES)

/**
 * `v` mapped smoothly into the open interval where `op` is smooth (test/domains.ts),
 * so any op may take any subtree: lo + (hi − lo)·(1 + tanh v)/2.
 */
function into(v: Operand, op: OpName, operand: 0 | 1, xs: readonly Var[]): Var {
  const [lo, hi] = domainOf(OP[op])[operand]
  const w = typeof v === 'number' ? xs[0].mul(0).add(v) : v
  return w
    .tanh()
    .mul((hi - lo) / 2)
    .add((hi + lo) / 2)
}

/** Evaluates a tree with Vars (iteratively would be overkill: fast-check keeps trees shallow). */
export function build(t: Tree, xs: readonly Var[]): Operand {
  switch (t.kind) {
    case 'var':
      return xs[t.index]
    case 'const':
      return t.value
    case 'unary': {
      const a = into(build(t.arg, xs), t.op as OpName, 0, xs)
      return (a as unknown as Record<string, () => Var>)[t.op]()
    }
    case 'binary': {
      const a = into(build(t.left, xs), t.op as OpName, 0, xs)
      const b = into(build(t.right, xs), t.op as OpName, 1, xs)
      return (a as unknown as Record<string, (o: Operand) => Var>)[t.op](b)
    }
  }
}

const pointArb = fc.tuple(
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
)

/** Property tests over random expression trees of primitives. */
export function propertiesSpec(api: Api): void {
  const fnOf = (t: Tree) => (x: Var, y: Var, z: Var) => build(t, [x, y, z])

  describe('properties over random expression trees', () => {
    it('AD gradient ≈ central differences', () => {
      fc.assert(
        fc.property(treeArb, pointArb, (t, x) => {
          const p = api.trace(fnOf(t), x)
          const { value, gradient } = p.gradient(x)
          if (!Number.isFinite(value) || gradient.some((g) => !Number.isFinite(g))) return
          for (let j = 0; j < 3; j++) {
            const h = 1e-6
            const up = x.slice()
            const dn = x.slice()
            up[j] += h
            dn[j] -= h
            const [fUp, fDn] = [p.evaluate(up)[0], p.evaluate(dn)[0]]
            const fd = (fUp - fDn) / (2 * h)
            const scale = 1 + Math.abs(gradient[j]) + Math.abs(value)
            // Within h of a kink or jump (relu, floor, min, …) the one-sided slopes
            // disagree by more than the tolerance below, and central differences do
            // not apply; the kink tests pin those points.
            if (Math.abs(fUp - value - (value - fDn)) / h > 2e-6 * scale) continue
            expect(Math.abs(gradient[j] - fd)).toBeLessThanOrEqual(1e-6 * scale)
          }
        }),
        property({ seed: 42, runs: 300 }),
      )
    })

    it('linearity: ∇(af + bg) = a∇f + b∇g', () => {
      fc.assert(
        fc.property(
          treeArb,
          treeArb,
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: -3, max: 3, noNaN: true }),
          pointArb,
          (f, g, a, b, x) => {
            const gf = api.gradient(fnOf(f), x)
            const gg = api.gradient(fnOf(g), x)
            const gs = api.gradient((u, v, w) => {
              const xs = [u, v, w]
              return u
                .mul(0)
                .add(build(f, xs))
                .mul(a)
                .add(u.mul(0).add(build(g, xs)).mul(b))
            }, x)
            for (let j = 0; j < 3; j++) {
              const want = a * gf[j] + b * gg[j]
              if (!Number.isFinite(want)) continue
              expect(Math.abs(gs[j] - want)).toBeLessThanOrEqual(
                1e-12 * (1 + Math.abs(a * gf[j]) + Math.abs(b * gg[j])),
              )
            }
          },
        ),
        property({ seed: 7, runs: 200 }),
      )
    })

    it('repeated sweeps are bit-identical', () => {
      fc.assert(
        fc.property(treeArb, pointArb, pointArb, (t, x, y) => {
          const p = api.trace(fnOf(t), x)
          const first = p.gradient(x)
          const h1 = p.hvp(x, [1, -1, 0.5]).hvp
          p.gradient(y)
          p.hvp(y, [0.3, 0.2, 0.1])
          const again = p.gradient(x)
          expect(Object.is(again.value, first.value)).toBe(true)
          expect(Array.from(again.gradient)).toEqual(Array.from(first.gradient))
          expect(Array.from(p.hvp(x, [1, -1, 0.5]).hvp)).toEqual(Array.from(h1))
        }),
        property({ seed: 11, runs: 200 }),
      )
    })
  })
}
