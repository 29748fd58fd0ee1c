import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import type { Var } from '../../src/var.js'

const rosen = (x: Var, y: Var) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100))

export function minimizeSpec(api: Api): void {
  describe('minimize', () => {
    it('L-BFGS takes Rosenbrock from (−1.2, 1) to f < 1e-10', () => {
      const r = api.minimize(rosen, [-1.2, 1], { method: 'lbfgs', maxIter: 1000 })
      expect(r.value).toBeLessThan(1e-10)
      expect(r.status).toBe('converged')
      expect(r.x[0]).toBeCloseTo(1, 4)
      expect(r.x[1]).toBeCloseTo(1, 4)
    })

    it('Adam (lr = 0.02) takes Rosenbrock from (−1.2, 1) to f < 1e-6 within 20 000 iterations', () => {
      const r = api.minimize(rosen, [-1.2, 1], { method: 'adam', lr: 0.02, maxIter: 20_000, tol: 1e-6 })
      expect(r.value).toBeLessThan(1e-6)
      expect(r.iterations).toBeLessThanOrEqual(20_000)
    })

    it('gradient descent and momentum converge on a quadratic', () => {
      const f = (x: Var, y: Var) => x.sub(3).square().add(y.add(1).square().mul(2))
      for (const method of ['gd', 'momentum'] as const) {
        const r = api.minimize(f, [0, 0], { method, lr: 0.05, maxIter: 5000, tol: 1e-9 })
        expect(r.status).toBe('converged')
        expect(r.x[0]).toBeCloseTo(3, 8)
        expect(r.x[1]).toBeCloseTo(-1, 8)
        expect(r.trajectory[0]).toEqual({ x: [0, 0], value: 11 })
      }
    })

    it('a learning rate that blows up returns diverged with the last finite point', () => {
      const r = api.minimize(rosen, [-1.2, 1], { method: 'gd', lr: 0.1, maxIter: 1000 })
      expect(r.status).toBe('diverged')
      expect(r.converged).toBe(false)
      expect(Number.isFinite(r.value)).toBe(true)
      expect(r.x.every(Number.isFinite)).toBe(true)
      expect(r.iterations).toBeLessThan(1000)
    })

    it('onStep sees every iteration and can stop the run', () => {
      const seen: number[] = []
      const r = api.minimize(rosen, [-1.2, 1], {
        method: 'adam',
        lr: 0.01,
        onStep: (s) => {
          seen.push(s.iteration)
          return s.iteration < 5
        },
      })
      expect(seen).toEqual([1, 2, 3, 4, 5])
      expect(r.iterations).toBe(5)
      expect(r.status).toBe('max-iterations')
    })

    it('rejects an absurd learning rate or iteration count clearly', () => {
      expect(() => api.minimize(rosen, [0, 0], { lr: -1 })).toThrow(/lr/)
      expect(() => api.minimize(rosen, [0, 0], { maxIter: Number.POSITIVE_INFINITY })).toThrow(/maxIter/)
    })
  })
}
