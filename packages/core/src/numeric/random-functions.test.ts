// The comparison of docs/ARCHITECTURE.md §9 (AD against finite differences), checked on random smooth functions built from the op
// table: the AD gradient agrees with central differences to 1e-6 and with
// Ridders' extrapolation to 1e-9 (relative, with a floor of 1 as the engine's
// own finite-difference tests use, for components that cancel to near 0).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { property } from '../../test/property.js'
import {
  add,
  asinh,
  atan,
  cos,
  div,
  exp,
  log,
  mul,
  numeric,
  type Operand,
  pow,
  sigmoid,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
  trace,
  type Var,
} from '../index.js'

type Tree = { leaf: 'x' | 'y' | number } | { op: string; args: Tree[] }

// Only ops smooth everywhere, or made so (log(1 + a²), a / (1 + b²), …), so
// that every composition is differentiable at every point.
const unary: Record<string, (a: Operand) => Operand> = {
  sin,
  cos,
  tanh,
  atan,
  sigmoid,
  softplus,
  square,
  asinh,
  exp: (a) => exp(tanh(a)),
  log: (a) => log(add(square(a), 1)),
  sqrt: (a) => sqrt(add(square(a), 1)),
}
const binary: Record<string, (a: Operand, b: Operand) => Operand> = {
  add,
  sub,
  mul,
  div: (a, b) => div(a, add(square(b), 1)),
  pow: (a, b) => pow(add(square(a), 1), tanh(b)),
}

// Depth ≤ 6: a median of 5 ops, up to about 20 (the smoothed ones record 2–4 tape nodes each).
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'tree', withCrossShrink: true },
    fc.record({
      leaf: fc.oneof(fc.constantFrom<'x' | 'y'>('x', 'y'), fc.double({ min: -2, max: 2, noNaN: true })),
    }),
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constantFrom(...Object.keys(unary)), args: fc.tuple(tie('node')) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constantFrom(...Object.keys(binary)),
        args: fc.tuple(tie('node'), tie('node')),
      }),
    },
  ),
})).node

function build(t: Tree, x: Var, y: Var): Operand {
  if ('leaf' in t) return t.leaf === 'x' ? x : t.leaf === 'y' ? y : t.leaf
  const args = t.args.map((a) => build(a, x, y))
  return args.length === 1 ? unary[t.op](args[0]) : binary[t.op](args[0], args[1])
}

const point = fc.tuple(
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
)
const close = (got: number, want: number, tol: number) =>
  Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))

describe('AD against numerical differentiation on random smooth functions', () => {
  it('central differences within 1e-6, Ridders within 1e-9', () => {
    fc.assert(
      fc.property(tree, point, (t, xy) => {
        const p = trace((x, y) => build(t, x, y), xy)
        const ad = p.gradient(xy).gradient
        const central = numeric.gradient(p, xy).gradient
        const ridders = numeric.gradient(p, xy, { method: 'richardson' }).gradient
        for (let i = 0; i < 2; i++) {
          expect(close(central[i], ad[i], 1e-6), `central ${central[i]} vs AD ${ad[i]}`).toBe(true)
          expect(close(ridders[i], ad[i], 1e-9), `Ridders ${ridders[i]} vs AD ${ad[i]}`).toBe(true)
        }
      }),
      property({ seed: 42, runs: 300 }),
    )
  })
})
