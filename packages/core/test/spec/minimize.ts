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

    it('x·y + x³ − ln y from (3, 4), unbounded below: never converged, always a finite point', () => {
      const p = api.compile('x*y + x^3 - log(y)')
      const want = {
        gd: 'diverged',
        momentum: 'diverged',
        adam: 'max-iterations',
        lbfgs: 'diverged',
      } as const
      for (const method of ['gd', 'momentum', 'adam', 'lbfgs'] as const) {
        const r = api.minimize(p, [3, 4], { method })
        expect(r.status, method).toBe(want[method])
        expect(r.converged, method).toBe(false)
        expect(r.x.every(Number.isFinite) && Number.isFinite(r.value), method).toBe(true)
        // diverged: an iterate ran beyond ±1e20.
        if (r.status === 'diverged') expect(Math.max(...r.x.map(Math.abs)), method).toBeGreaterThan(1e20)
      }
    })

    it('a line search that finds no decrease is line-search-failed, with the point it started from', () => {
      // The gradient (1: round′ = 0) says downhill, but f jumps up just below 0.5 (Math.round(0.5) = 1).
      const r = api.minimize((x: Var) => x.sub(x.round().mul(2)), [0.5], { method: 'lbfgs' })
      expect(r.status).toBe('line-search-failed')
      expect(r.converged).toBe(false)
      expect(r.x).toEqual([0.5])
      expect(r.value).toBe(-1.5)
    })

    it('a vanishing gradient away from a minimum is not converged: x³ towards 0, x·y and −x² at their stationary points', () => {
      for (const method of ['gd', 'momentum', 'adam', 'lbfgs'] as const) {
        const cube = api.minimize((x: Var) => x.pow(3), [1], { method, maxIter: 500 })
        expect(cube.status, `x³ ${method}`).not.toBe('converged')
        const saddle = api.minimize((x: Var, y: Var) => x.mul(y), [0, 0], { method, maxIter: 500 })
        expect(saddle.status, `x·y ${method}`).not.toBe('converged')
        expect(saddle.value, `x·y ${method}`).toBeLessThan(0)
        const cap = api.minimize((x: Var) => x.square().neg(), [0], { method, maxIter: 500 })
        expect(cap.status, `−x² ${method}`).not.toBe('converged')
        expect(cap.value, `−x² ${method}`).toBeLessThan(0)
      }
    })

    it('rejects an absurd learning rate or iteration count clearly', () => {
      expect(() => api.minimize(rosen, [0, 0], { lr: -1 })).toThrow(/lr/)
      expect(() => api.minimize(rosen, [0, 0], { maxIter: Number.POSITIVE_INFINITY })).toThrow(/maxIter/)
    })
  })
}
