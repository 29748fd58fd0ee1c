import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { domainOf } from '../../test/domains.js'
import { property } from '../../test/property.js'
import { rng, uniform } from '../../test/rng.js'
import type { Program } from '../backend.js'
import { compile, gradcheck, numeric, PRIMITIVES, trace, type Var } from '../index.js'

const rosenbrock = (x: Var, y: Var) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100))

describe('gradcheck passes correct gradients', () => {
  it('Rosenbrock, x·y + x³ − ln y and a softplus network at random points', () => {
    const net = (a: Var, b: Var, c: Var) => a.mul(b).add(c).softplus().mul(c.tanh()).add(a.sigmoid().mul(b))
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true })),
        ([x, y]) => {
          const r1 = gradcheck(rosenbrock, [x, y])
          const r2 = gradcheck((x, y) => x.mul(y).add(x.pow(3)).sub(y.log()), [x, y])
          const r3 = gradcheck(net, [x, y, -x])
          return r1.ok && r2.ok && r3.ok
        },
      ),
      property({ seed: 11, runs: 100 }),
    )
  })
  it('reports the numbers: AD gradient, references, errors and the worst component', () => {
    const r = gradcheck(rosenbrock, [-1.2, 1])
    expect(r.ok).toBe(true)
    expect(r.gradient[0]).toBeCloseTo(-215.6, 12)
    expect(r.gradient[1]).toBeCloseTo(-88, 12)
    expect(r.numeric[0]).toBeCloseTo(-215.6, 6)
    expect(r.evaluations).toBe(4)
    expect(r.maxAbsError).toBeGreaterThan(0)
    expect(r.maxAbsError).toBeLessThan(1e-6)
    expect(r.maxRelError).toBeLessThan(1e-8)
    expect(r.worst!.reference).toBe('central')
    expect(r.worst!.absError).toBe(Math.abs(r.gradient[r.worst!.index] - r.numeric[r.worst!.index]))
  })
  it('every op of the table at random in-domain points', () => {
    for (const op of PRIMITIVES) {
      const [da, db] = domainOf(op)
      const f =
        op.arity === 1
          ? (x: Var) => (x as unknown as Record<string, () => Var>)[op.name]()
          : (x: Var, y: Var) => (x as unknown as Record<string, (o: Var) => Var>)[op.name](y)
      const p = trace(f, op.arity)
      const r = rng(100 + op.code)
      for (let k = 0; k < 20; k++) {
        const x = op.arity === 1 ? [uniform(r, ...da)] : [uniform(r, ...da), uniform(r, ...db)]
        const c = gradcheck(p, x)
        expect(c.ok, `${op.name} at ${x}: worst ${JSON.stringify(c.worst)}`).toBe(true)
      }
    }
  })
})

describe('gradcheck fails wrong gradients', () => {
  it('a Program whose gradient swaps the partials of x·y (a classic wrong rule)', () => {
    const p = trace((x, y) => x.mul(y), 2)
    const buggy: Program = Object.create(p, {
      gradient: {
        value: (x: ArrayLike<number>) => {
          const r = p.gradient(x)
          return { value: r.value, gradient: Float64Array.of(r.gradient[1], r.gradient[0]) }
        },
      },
    })
    const r = gradcheck(buggy, [2, 5])
    expect(r.ok).toBe(false)
    expect(r.gradient).toEqual([2, 5])
    expect(r.numeric[0]).toBeCloseTo(5, 8)
    expect(r.numeric[1]).toBeCloseTo(2, 8)
    expect(r.maxAbsError).toBeCloseTo(3, 8)
    // Both components are 3 off; x's reference is larger, so y's is further outside its tolerance.
    expect(r.worst!.index).toBe(1)
    expect(r.worst!.relError).toBeCloseTo(1.5, 8)
    // The same Program with its own gradient passes.
    expect(gradcheck(p, [2, 5]).ok).toBe(true)
  })
  it('a hand-written derivative that forgets the chain rule: d/dx sin(x²) ≠ cos(x²)', () => {
    const f = ([x]: number[]) => Math.sin(x * x)
    const wrong = numeric.checkGradient([Math.cos(1.5 ** 2)], f, [1.5])
    expect(wrong.ok).toBe(false)
    expect(wrong.worst!.numeric).toBeCloseTo(2 * 1.5 * Math.cos(1.5 ** 2), 8)
    // Central differences disagreed, so Ridders was consulted and agreed with them, not with the gradient.
    expect(wrong.worst!.reference).toBe('richardson')
    expect(wrong.worst!.numeric).toBeCloseTo(3 * Math.cos(2.25), 12)
    expect(numeric.checkGradient([3 * Math.cos(2.25)], f, [1.5]).ok).toBe(true)
  })
  it('a gradient off by 1e-3 relative fails; by 1e-8 passes (rtol 1e-5)', () => {
    const f = ([x, y]: number[]) => Math.exp(x) * y
    const g = [Math.exp(0.5) * 2, Math.exp(0.5)]
    expect(numeric.checkGradient([g[0] * (1 + 1e-3), g[1]], f, [0.5, 2]).ok).toBe(false)
    expect(numeric.checkGradient([g[0] * (1 + 1e-8), g[1]], f, [0.5, 2]).ok).toBe(true)
    expect(numeric.checkGradient([g[0] * (1 + 1e-3), g[1]], f, [0.5, 2], { rtol: 1e-2 }).ok).toBe(true)
  })
  it('atol decides where the derivative is 0', () => {
    const f = ([x]: number[]) => Math.cos(x)
    expect(numeric.checkGradient([5e-8], f, [0]).ok).toBe(true)
    expect(numeric.checkGradient([5e-6], f, [0]).ok).toBe(false)
    expect(numeric.checkGradient([5e-6], f, [0], { atol: 1e-5 }).ok).toBe(true)
  })
  it('a non-finite gradient or reference never passes: √x at 0', () => {
    const r = gradcheck((x) => x.sqrt(), [0])
    expect(r.gradient).toEqual([Number.POSITIVE_INFINITY])
    expect(r.ok).toBe(false)
    expect(r.maxAbsError).toBeNaN()
  })
})

describe('Ridders rescues a right gradient that central differences cannot confirm', () => {
  it('log at 0.001: central is off by 1.2e-5 relative, Ridders by 1e-14', () => {
    const central = numeric.derivative(Math.log, 0.001).value
    expect(Math.abs(central - 1000) / 1000).toBeGreaterThan(1e-5)
    const r = gradcheck((x) => x.log(), [0.001])
    expect(r.ok).toBe(true)
    expect(r.worst!.reference).toBe('richardson')
    expect(r.maxRelError).toBeLessThan(1e-12)
    // …and a gradient 1e-4 off still fails there.
    expect(numeric.checkGradient([1000.1], ([x]) => Math.log(x), [0.001]).ok).toBe(false)
  })
})

describe('options', () => {
  it('refuses negative or non-finite tolerances and mismatched lengths', () => {
    expect(() => gradcheck(rosenbrock, [1, 1], { rtol: -1 })).toThrow(/rtol/)
    expect(() => gradcheck(rosenbrock, [1, 1], { atol: Number.NaN })).toThrow(/atol/)
    expect(() => numeric.checkGradient([1], ([x, y]) => x * y, [1, 2])).toThrow(/expected 2 numbers/)
  })

  it('flags a point exactly at a kink, where the differences straddle it', () => {
    const at = gradcheck(compile('relu(x)'), [0])
    expect(at.gradient).toEqual([0])
    expect(at.atKink).toBe(true)
    expect(at.ok).toBe(false)
    expect(gradcheck(compile('relu(x)'), [1]).atKink).toBe(false)
  })
})
