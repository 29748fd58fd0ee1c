import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import type { Var } from '../../src/var.js'
import { rng, uniform } from '../rng.js'

const rosen = (x: Var, y: Var) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100))
const rosenHessian = (x: number, y: number) => [
  [1200 * x * x - 400 * y + 2, -400 * x],
  [-400 * x, 200],
]

/** Hessians, Jacobians and the tangent sweeps. */
export function secondOrderSpec(api: Api): void {
  describe('second order', () => {
    it('Hessian of Rosenbrock at (1, 1) is [[802, −400], [−400, 200]]', () => {
      expect(api.hessian(rosen, [1, 1])).toEqual([
        [802, -400],
        [-400, 200],
      ])
    })

    it('Hessian of Rosenbrock at random points equals the closed form and is symmetric to 1e-12', () => {
      const r = rng(5)
      const p = api.trace(rosen, 2)
      for (let i = 0; i < 200; i++) {
        const x = [uniform(r, -2, 2), uniform(r, -1, 3)]
        const H = p.hessian(x).hessian
        const want = rosenHessian(x[0], x[1])
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 2; b++) expect(H[a][b]).toBeCloseTo(want[a][b], 9)
        }
        expect(Math.abs(H[0][1] - H[1][0])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(H[0][1])))
      }
    })

    it('Hessian of a 4-variable function with transcendental ops is symmetric to 1e-12', () => {
      const f = (a: Var, b: Var, c: Var, d: Var) =>
        a
          .mul(b)
          .sin()
          .add(c.exp().mul(d.tanh()))
          .add(a.div(c.add(3)).log1p())
      const H = api.hessian(f, [0.3, -0.7, 0.2, 1.1])
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++)
          expect(Math.abs(H[i][j] - H[j][i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(H[i][j])))
      }
    })

    it('jacobian of a vector function, by reverse rows (m ≤ n) and forward columns (m > n)', () => {
      const wide = (x: Var, y: Var, z: Var) => [x.mul(y), y.add(z.sin())]
      expect(api.jacobian(wide, [2, 3, 0])).toEqual([
        [3, 2, 0],
        [0, 1, 1],
      ])
      const tall = (x: Var) => [x.square(), x.exp(), x.mul(3)]
      expect(api.jacobian(tall, [0])).toEqual([[0], [1], [3]])
    })

    it('jvp and vjp agree with the Jacobian', () => {
      const f = (x: Var, y: Var) => [x.mul(y).sin(), x.add(y.square())]
      const x = [0.4, -1.3]
      const J = api.jacobian(f, x)
      const { jvp } = api.jvp(f, x, [2, -1])
      const { vjp } = api.vjp(f, x, [0.5, 3])
      for (let i = 0; i < 2; i++) expect(jvp[i]).toBeCloseTo(J[i][0] * 2 - J[i][1], 14)
      for (let j = 0; j < 2; j++) expect(vjp[j]).toBeCloseTo(0.5 * J[0][j] + 3 * J[1][j], 14)
    })

    it('batched sweeps equal single-point sweeps', () => {
      const f = (x: Var, y: Var) =>
        x
          .mul(y)
          .sin()
          .add(x.exp().div(y.square().add(1)))
          .sub(x.hypot(y))
      const p = api.trace(f, 2)
      const r = rng(9)
      const k = 37
      const X = Float64Array.from({ length: 2 * k }, () => uniform(r, -2, 2))
      const values = p.evaluateBatch(X, k)
      const { value, gradient } = p.gradientBatch(X, k)
      for (let i = 0; i < k; i++) {
        const single = p.gradient([X[2 * i], X[2 * i + 1]])
        expect(values[i]).toBe(single.value)
        expect(value[i]).toBe(single.value)
        expect([gradient[2 * i], gradient[2 * i + 1]]).toEqual(Array.from(single.gradient))
      }
    })
  })
}
