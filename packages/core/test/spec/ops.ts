import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { PRIMITIVES } from '../../src/ops.js'
import type { Var } from '../../src/var.js'
import { domainOf } from '../domains.js'
import { rng, uniform } from '../rng.js'

const apply = (name: string, arity: number) =>
  arity === 1
    ? (x: Var) => (x as unknown as Record<string, () => Var>)[name]()
    : (x: Var, y: Var) => (x as unknown as Record<string, (o: Var) => Var>)[name](y)

const close = (got: number, want: number, tol: number) =>
  Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))

/** Every op of the table, iterated from the table: finite differences, hvp, kinks. */
export function opsSpec(api: Api): void {
  describe.each(PRIMITIVES.map((op) => [op.name, op] as const))('%s', (_, op) => {
    const f = apply(op.name, op.arity)
    const [da, db] = domainOf(op)
    const points = (seed: number, count: number) => {
      const r = rng(seed)
      return Array.from({ length: count }, () =>
        op.arity === 1 ? [uniform(r, ...da)] : [uniform(r, ...da), uniform(r, ...db)],
      )
    }

    it('gradient matches central differences at random in-domain points (rel ≤ 1e-6)', () => {
      const p = api.trace(f, op.arity)
      for (const x of points(op.code, 50)) {
        const g = p.gradient(x).gradient
        for (let j = 0; j < x.length; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(x[j]))
          const up = x.slice()
          const dn = x.slice()
          up[j] += h
          dn[j] -= h
          const fd = (p.evaluate(up)[0] - p.evaluate(dn)[0]) / (2 * h)
          expect(close(g[j], fd, 1e-6), `${op.name}'(${x}) = ${g[j]}, central differences ${fd}`).toBe(true)
        }
      }
    })

    it('hvp matches differences of gradients', () => {
      const p = api.trace(f, op.arity)
      const r = rng(1000 + op.code)
      for (const x of points(2000 + op.code, 20)) {
        const v = x.map(() => uniform(r, -1, 1))
        const hv = p.hvp(x, v).hvp
        const h = 1e-5
        const gUp = p.gradient(x.map((xi, i) => xi + h * v[i])).gradient
        const gDn = p.gradient(x.map((xi, i) => xi - h * v[i])).gradient
        for (let j = 0; j < x.length; j++) {
          const fd = (gUp[j] - gDn[j]) / (2 * h)
          expect(close(hv[j], fd, 1e-5), `${op.name} hvp at ${x}: ${hv[j]} vs ${fd}`).toBe(true)
        }
      }
    })

    it('the free function on plain numbers gives the table value', () => {
      for (const x of points(3000 + op.code, 5)) {
        expect(api.trace(f, x).evaluate(x)[0]).toBe(op.fwd(x[0], x[1] ?? 0))
      }
    })
  })

  describe('kink conventions', () => {
    const d = (name: string, x: number[], arity = x.length) => api.gradient(apply(name, arity), x)
    it("relu'(0) = 0, abs'(0) = 0, and the sweep reports the kink", () => {
      expect(d('relu', [0])).toEqual([0])
      expect(d('abs', [0])).toEqual([0])
      const p = api.trace(apply('abs', 1), [0])
      p.gradient([0])
      expect(p.status).toMatchObject({ kind: 'kink', node: 1 })
      p.gradient([1])
      expect(p.status.kind).toBe('ok')
    })
    it("sign' = step' = floor' = ceil' = round' = 0, at their jumps and elsewhere", () => {
      for (const name of ['sign', 'step', 'floor', 'ceil', 'round']) {
        for (const x of [0, 0.5, 1, -2.5, 0.3]) expect(d(name, [x])).toEqual([0])
      }
    })
    it('min and max at a tie give ½ to each side', () => {
      expect(d('min', [1, 1])).toEqual([0.5, 0.5])
      expect(d('max', [-3, -3])).toEqual([0.5, 0.5])
      expect(d('min', [1, 2])).toEqual([1, 0])
      expect(d('max', [1, 2])).toEqual([0, 1])
    })
    it("sqrt'(0) = cbrt'(0) = +∞", () => {
      expect(d('sqrt', [0])).toEqual([Number.POSITIVE_INFINITY])
      expect(d('cbrt', [0])).toEqual([Number.POSITIVE_INFINITY])
    })
    it('d/dy x^y = x^y·ln x for x > 0, 0 for x = 0 and y > 0, NaN otherwise', () => {
      expect(d('pow', [2, 3])[1]).toBe(8 * Math.log(2))
      expect(d('pow', [0, 3])).toEqual([0, 0])
      expect(d('pow', [-2, 3])[1]).toBeNaN()
      expect(d('pow', [-2, 3])[0]).toBe(12)
      expect(d('pow', [0, 0])[0]).toBe(0)
    })
    it('x^3 at x = -2 has a finite jvp and hvp: a constant exponent has a structural zero tangent', () => {
      expect(api.jvp((x) => x.pow(3), [-2], [1]).jvp).toEqual([12])
      expect(api.hvp((x) => x.pow(3), [-2], [1])).toEqual([-12])
    })
    it('outside the domain the value and derivative are NaN, never an exception', () => {
      for (const [name, x] of [
        ['log', -1],
        ['log1p', -2],
        ['log2', -1],
        ['log10', -1],
        ['sqrt', -1],
        ['asin', 2],
        ['acos', -2],
        ['acosh', 0.5],
        ['atanh', 2],
      ] as const) {
        const r = api.trace(apply(name, 1), [x]).gradient([x])
        expect(r.value).toBeNaN()
        expect(r.gradient[0]).toBeNaN()
      }
    })
    it('sigmoid and softplus are stable for large |x|', () => {
      expect(api.valueAndGrad((x) => x.sigmoid())(-800)).toEqual({ value: 0, grad: 0 })
      expect(api.valueAndGrad((x) => x.sigmoid())(800)).toEqual({ value: 1, grad: 0 })
      expect(api.valueAndGrad((x) => x.softplus())(800)).toEqual({ value: 800, grad: 1 })
      expect(api.valueAndGrad((x) => x.softplus())(-800)).toEqual({ value: 0, grad: 0 })
    })
  })
}
