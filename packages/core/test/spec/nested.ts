import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { type Operand, ops, type Var } from '../../src/var.js'

const { acos, add, atanh, log, mul, sin, sqrt } = ops

type D = (g: (y: Var) => Operand) => (x: Operand) => Operand

/** Nested and higher-order differentiation: transforms inside functions being differentiated. */
export function nestedSpec(api: Api): void {
  // The derivative operators, by mode: reverse (grad, vjp) and forward (jvp).
  const modes: Record<string, D> = {
    grad: (g) => (x) => api.grad(g)(x),
    vjp: (g) => (x) => api.vjp((y: Var) => g(y), [x], [1]).vjp[0],
    jvp: (g) => (x) => api.jvp((y: Var) => g(y), [x], [1]).jvp[0],
  }
  const kind = (name: string) => (name === 'jvp' ? 'f' : 'r')
  /** The outer derivative taken at a number. */
  const at = (d: D, g: (y: Var) => Operand, x: number) => d(g)(x) as number

  describe('nested differentiation', () => {
    describe('perturbation confusion (Siskind and Pearlmutter)', () => {
      for (const [outerName, outer] of Object.entries(modes)) {
        for (const [innerName, inner] of Object.entries(modes)) {
          const combo = `${kind(outerName)}${kind(innerName)} (${outerName} over ${innerName})`
          it(`d/dx [x · d/dy (x + y) at y = 1] = 1, not 2: ${combo}`, () => {
            expect(at(outer, (x) => x.mul(inner((y) => x.add(y))(1)), 3)).toBe(1)
          })
          it(`d/dx [x · d/dy (x · y) at y = 2] = 2x: ${combo}`, () => {
            expect(at(outer, (x) => x.mul(inner((y) => x.mul(y))(2)), 3)).toBe(6)
          })
          it(`d/dx [d/dy sin(x·y) at y = x] = cos x² − 2x² sin x²: ${combo}`, () => {
            const x0 = 0.7
            const want = Math.cos(x0 * x0) - 2 * x0 * x0 * Math.sin(x0 * x0)
            expect(at(outer, (x) => inner((y) => sin(mul(x, y)))(x), x0)).toBeCloseTo(want, 13)
          })
          it(`d/dx [d/dy (y · y) at y = x] = 2, the inner point the outer Var: ${combo}`, () => {
            expect(at(outer, (x) => inner((y) => y.mul(y))(x), 3)).toBe(2)
          })
        }
      }
      it('the inner and the outer variable in one expression, both ways round', () => {
        // d/dx [x · d/dy (x · y · y) at y = x] = d/dx 2x³ = 6x²; and with the Var on the other side.
        expect(api.grad((x: Var) => x.mul(api.grad((y: Var) => x.mul(y).mul(y))(x)))(2)).toBe(24)
        expect(api.grad((x: Var) => x.mul(api.grad((y: Var) => y.mul(y).mul(x))(x)))(2)).toBe(24)
      })
      it('two inner derivatives of the same outer Var do not interfere', () => {
        // d/dx [d/dy (x·y) · d/dz (x + z)] = d/dx [x · 1] = 1
        const f = (x: Var) => mul(api.grad((y: Var) => x.mul(y))(1), api.grad((z: Var) => x.add(z))(1))
        expect(api.grad(f)(5)).toBe(1)
      })
    })

    describe('higher order', () => {
      const third: [string, (x: Var) => Operand, (x: number) => number, number][] = [
        ['x⁵', (x) => x.pow(5), (x) => 60 * x * x, 1.3],
        ['sin x', (x) => x.sin(), (x) => -Math.cos(x), 0.4],
        ['e^{2x}', (x) => x.mul(2).exp(), (x) => 8 * Math.exp(2 * x), 0.3],
        ['ln x', (x) => x.log(), (x) => 2 / x ** 3, 1.7],
        ['atan x', (x) => x.atan(), (x) => (6 * x * x - 2) / (1 + x * x) ** 3, 0.6],
        ['√x', (x) => x.sqrt(), (x) => (3 / 8) * x ** -2.5, 2.2],
        [
          'x·tanh x',
          (x) => x.mul(x.tanh()),
          (x) => {
            const t = Math.tanh(x)
            const s = 1 - t * t
            return 3 * (-2 * t * s) + x * (-2 * s * s + 4 * t * t * s)
          },
          0.8,
        ],
      ]
      for (const [name, f, want, x0] of third) {
        it(`third derivative of ${name} in every mix of modes`, () => {
          for (const [a, da] of Object.entries(modes)) {
            for (const [b, db] of Object.entries(modes)) {
              for (const [c, dc] of Object.entries(modes)) {
                const got = at(da, (x) => db((y) => dc(f)(y))(x), x0)
                expect(got, `${a}(${b}(${c}))`).toBeCloseTo(want(x0), 9)
              }
            }
          }
        })
      }
      it('grad(grad(f)) and a fourth derivative: x⁶ gives 30x⁴ and 360x²', () => {
        const d = api.grad
        expect(d((x: Var) => d((y: Var) => y.pow(6))(x))(1.1)).toBeCloseTo(30 * 1.1 ** 4, 12)
        const fourth = d((x: Var) => d((y: Var) => d((z: Var) => d((w: Var) => w.pow(6))(z))(y))(x))(1.1)
        expect(fourth).toBeCloseTo(360 * 1.1 ** 2, 10)
      })
      it('the Hessian of a gradient, and a Hessian inside a gradient', () => {
        const f = (x: Var, y: Var) => x.square().mul(y.pow(3))
        // g = ∂f/∂x = 2xy³; its Hessian is [[0, 6y²], [6y², 12xy]].
        const H = api.hessian((x: Var, y: Var) => api.gradient(f, [x, y])[0], [1.5, -0.5])
        const want = [
          [0, 1.5],
          [1.5, -9],
        ]
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(H[i][j]).toBeCloseTo(want[i][j], 12)
        // d/dx ∂²f/∂x∂y at (x, 2) = d/dx 6xy² = 24.
        expect(api.grad((x: Var) => api.hessian(f, [x, 2])[0][1])(0.5)).toBeCloseTo(24, 12)
        // hvp and jacobian nested: d/dx (H(x, 2)·(1, 0))₁ = d/dx 6·x·4 = 24; d/dx J of (x·y, y) = row [y, x].
        expect(api.grad((x: Var) => api.hvp(f, [x, 2], [1, 0])[1])(0.5)).toBeCloseTo(24, 12)
        expect(
          api.grad((x: Var) => api.jacobian((u: Var, v: Var) => [u.mul(v), v], [x, x.square()])[0][0])(3),
        ).toBe(6)
      })
      it('the vector form, several outputs, and Vars as weights and directions', () => {
        const v = { vector: true } as const
        // d/dx Σ ∂(x·yᵢ²)/∂yᵢ at y = (x, 2x) = d/dx (2x² + 4x²) = 12x.
        const g = (x: Var) =>
          api.gradient((y: Var[]) => x.mul(y[0].square()).add(x.mul(y[1].square())), [x, x.mul(2)], v)
        expect(api.grad((x: Var) => (g(x)[0] as Var).add(g(x)[1]))(1.5)).toBeCloseTo(18, 12)
        // J of (u·v, u + v) at (x, 3): [[3, x], [1, 1]]; d/dx of its determinant 3 − x is −1.
        const J = (x: Var) => api.jacobian((u: Var, w: Var) => [u.mul(w), u.add(w)], [x, 3])
        expect(api.grad((x: Var) => mul(J(x)[0][0], J(x)[1][1]).sub(mul(J(x)[0][1], J(x)[1][0])))(2)).toBe(-1)
        // vjp with a Var weight: d/dx [x · ∂(u²)/∂u at u = 1] = 2; jvp with a Var direction alike.
        expect(api.grad((x: Var) => api.vjp((u: Var) => u.square(), [1], [x]).vjp[0])(5)).toBe(2)
        expect(api.grad((x: Var) => api.jvp((u: Var) => u.square(), [1], [x]).jvp[0])(5)).toBe(2)
        // hvp with a Var direction: H of u²w at (1, 1) is [[2w, 2u], [2u, 0]] = [[2, 2], [2, 0]]; (H·(x, 0))₀ = 2x.
        expect(
          api.grad((x: Var) => api.hvp((u: Var, w: Var) => u.square().mul(w), [1, 1], [x, 0])[0])(7),
        ).toBe(2)
      })
      it('a nested transform given a Program, and one whose function ignores the outer Vars', () => {
        const p = api.trace((u: Var, v: Var) => u.mul(u).mul(v), [1, 1])
        // d/dx ∂(u²v)/∂u at (x, 3) = d/dx 6x = 6.
        expect(api.grad((x: Var) => api.gradient(p, [x, 3])[0])(2)).toBe(6)
        p.dispose()
        expect(api.grad((x: Var) => x.mul(api.grad((y: Var) => y.square())(4)))(1)).toBe(8)
      })
    })

    describe('a derivative is a tape too', () => {
      it('trace of a function that takes a derivative replays it at other points', () => {
        const p = api.trace((x: Var) => api.grad((y: Var) => y.pow(3))(x), 1)
        expect(Array.from(p.evaluate([2]))).toEqual([12])
        expect(Array.from(p.gradient([2]).gradient)).toEqual([12])
        expect(p.hessian([2]).hessian[0][0]).toBe(6)
        p.dispose()
      })
      it("the inner tape's guards are the outer tape's: a replay across a kink re-records", () => {
        const p = api.trace((x: Var) => api.grad((y: Var) => y.abs().mul(x))(x), 1)
        expect(Array.from(p.evaluate([2]))).toEqual([2])
        expect(Array.from(p.evaluate([-2]))).toEqual([2])
        expect(Array.from(p.gradient([-3]).gradient)).toEqual([-1])
        p.dispose()
      })
    })

    describe('value-dependent inner functions', () => {
      // g′ = 3y² for y > 0, −1 for y < 0: the inner function's branch is plain JS on .value.
      const g = (y: Var) => (y.value > 0 ? y.mul(y).mul(y) : y.neg())
      it('a trace of a nested derivative whose function reads .value records again at a new point', () => {
        const T = api.trace((x: Var) => api.grad(g)(x), [2])
        expect(T.isValueDependent).toBe(true)
        expect(Array.from(T.evaluate([-2]))).toEqual([-1])
        expect(Array.from(T.gradient([-2]).gradient)).toEqual([0])
        expect(Array.from(T.evaluate([2]))).toEqual([12])
        T.dispose()
      })
      it('so does one over a value-dependent Program, and a nested Hessian', () => {
        const P = api.trace(g, [2])
        const T = api.trace((x: Var) => api.gradient(P, [x])[0], [2])
        expect(Array.from(T.evaluate([-2]))).toEqual([-1])
        T.dispose()
        P.dispose()
        const H = api.trace((x: Var) => api.hessian(g, [x])[0][0], [2])
        expect(Array.from(H.evaluate([-2]))).toEqual([0])
        expect(Array.from(H.evaluate([2]))).toEqual([12])
        H.dispose()
      })
    })

    describe('terms the derivative does not depend on', () => {
      // The inner value holds an outer-only term with an infinite partial at the point; the
      // derivative does not depend on it, so it must not reach the outer tape as 0·∞ = NaN.
      it('d/dx of an inner Hessian, gradient or jvp ignoring √x, ln x, acos x is 0, not NaN', () => {
        expect(api.grad((x: Var) => api.hessian((y: Var) => y.mul(y).add(sqrt(x)), [1])[0][0])(0)).toBe(0)
        expect(api.grad((l: Var) => api.grad((w: Var) => w.sub(1).square().add(sqrt(l)))(3))(0)).toBe(0)
        expect(
          api.grad((l: Var) => api.jvp((w: Var) => w.sub(1).square().add(sqrt(l)), [3], [1]).jvp[0])(0),
        ).toBe(0)
        expect(api.grad((x: Var) => api.hessian((y: Var) => y.mul(y).add(log(x)), [1])[0][0])(0)).toBe(0)
        expect(api.grad((x: Var) => api.grad((w: Var) => w.mul(w).add(acos(x)))(2))(1)).toBe(0)
      })
      it('the inner value is still there when asked for, and differentiates', () => {
        // valueAndGrad's value of y² + x·y at y = 2 is 4 + 2x; d/dx (value + grad) = 2 + 1.
        const f = (x: Var) => {
          const r = api.valueAndGrad((y: Var) => y.square().add(x.mul(y)))(2)
          return add(r.value as Operand, r.grad as Operand)
        }
        expect(api.grad(f)(0.5)).toBe(3)
        expect(api.grad((x: Var) => api.jvp((y: Var) => y.mul(x), [3], [1]).value[0])(1)).toBe(3)
      })
    })

    describe('the partials record no op for a test', () => {
      it("atanh′'s |a| > 1 test is guards, not an abs: a nested derivative at 0 is not a kink", () => {
        const P = api.trace((x: Var) => api.grad((y: Var) => atanh(y))(x), [0.5])
        expect(Array.from(P.gradient([0]).gradient)).toEqual([0])
        expect(P.status.kind).toBe('ok')
        // Past the test's edge the guards flip, so the replay records again: atanh′ is NaN at 2.
        expect(Number.isNaN(P.evaluate([2])[0])).toBe(true)
        P.dispose()
      })
    })

    describe('what stays an error', () => {
      it('trace inside a recording, closing over its Vars, says so', () => {
        expect(() => api.grad((x: Var) => api.trace((y: Var) => y.mul(x), 1).evaluate([1])[0])(2)).toThrow(
          /trace: the function uses Vars of the recording in progress/,
        )
      })
      it('a Var is not a number in JS arithmetic', () => {
        expect(() => api.grad((x: Var) => (x as unknown as number) * 2)(1)).toThrow(/a Var is not a number/)
      })
      it('nor JSON: a nested answer typed number is a Var, and stringifying it does not write out its tape', () => {
        expect(() =>
          api.grad((x: Var) => {
            JSON.stringify({ d: api.grad((y: Var) => x.mul(y))(2) })
            return x
          })(1),
        ).toThrow(/a Var is not a number/)
      })
      it('a Var of a finished recording as a point', () => {
        let leaked: Var | undefined
        api.grad((x: Var) => {
          leaked = x
          return x
        })(1)
        expect(() => api.gradient((y: Var) => y, [leaked!])).toThrow(/finished recording/)
      })
    })
  })
}
