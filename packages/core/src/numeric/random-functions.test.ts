// The comparison of docs/ARCHITECTURE.md §9 (AD against finite differences), checked on random smooth functions built from the op
// table: the AD gradient agrees with central differences to 1e-6 and with
// Ridders' extrapolation to 1e-9 (relative, with a floor of 1 as the engine's
// own finite-difference tests use, for components that cancel to near 0).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SMOOTH_PRIMITIVES } from '../../test/domains.js'
import { property } from '../../test/property.js'
import { build, treesOf } from '../../test/spec/properties.js'
import { numeric, trace } from '../index.js'

// Every op of the table without a kink, each operand mapped into its row's
// domain, so that every composition is differentiable at every point and a new
// op is drawn without touching this file. Depth ≤ 6.
const tree = treesOf(SMOOTH_PRIMITIVES, 6)

const point = fc.tuple(
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
)
const close = (got: number, want: number, tol: number) =>
  Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))

describe('AD against numerical differentiation on random smooth functions', () => {
  it('central differences within 1e-6, Ridders within 1e-9', () => {
    fc.assert(
      fc.property(tree, point, (t, xyz) => {
        const p = trace((x, y, z) => build(t, [x, y, z]), xyz)
        const ad = p.gradient(xyz).gradient
        const central = numeric.gradient(p, xyz).gradient
        const ridders = numeric.gradient(p, xyz, { method: 'richardson' }).gradient
        for (let i = 0; i < 3; i++) {
          expect(close(central[i], ad[i], 1e-6), `central ${central[i]} vs AD ${ad[i]}`).toBe(true)
          expect(close(ridders[i], ad[i], 1e-9), `Ridders ${ridders[i]} vs AD ${ad[i]}`).toBe(true)
        }
      }),
      property({ seed: 42, runs: 300 }),
    )
  })
})
