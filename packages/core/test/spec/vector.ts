import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { logsumexp } from '../../src/composites.js'
import type { Var } from '../../src/var.js'

const rosen = (x: Var[]) => x[0].neg().add(1).square().add(x[1].sub(x[0].square()).square().mul(100))
const rosenArgs = (x: Var, y: Var) => rosen([x, y])

/** `{ vector: true }`: f receives one array of Vars, so it may have any number of inputs. */
export function vectorSpec(api: Api, opts: { inputs: number }): void {
  describe('vector form', () => {
    it('every transform given { vector: true } answers as the per-argument form does', () => {
      const v = { vector: true } as const
      const x = [0.3, -0.7]
      expect(api.grad(rosen, v)(x)).toEqual(api.grad(rosenArgs)(...x))
      expect(api.valueAndGrad(rosen, v)(x)).toEqual(api.valueAndGrad(rosenArgs)(...x))
      expect(api.gradient(rosen, x, v)).toEqual(api.gradient(rosenArgs, x))
      expect(api.hessian(rosen, x, v)).toEqual(api.hessian(rosenArgs, x))
      expect(api.hvp(rosen, x, [1, 2], v)).toEqual(api.hvp(rosenArgs, x, [1, 2]))
      const pair = (x: Var[]) => [x[0].mul(x[1]), x[0].sin()]
      const pairArgs = (a: Var, b: Var) => pair([a, b])
      expect(api.jacobian(pair, x, v)).toEqual(api.jacobian(pairArgs, x))
      expect(api.jvp(pair, x, [1, -1], v)).toEqual(api.jvp(pairArgs, x, [1, -1]))
      expect(api.vjp(pair, x, [2, 3], v)).toEqual(api.vjp(pairArgs, x, [2, 3]))
      expect(api.gradcheck(rosen, x, v).ok).toBe(true)
      expect(api.numeric.errorSweep(rosen, x, v).rows.length).toBeGreaterThan(0)
      expect(api.explain(rosen, x, v).derivatives).toEqual(api.explain(rosenArgs, x).derivatives)
      expect(api.toJSON(rosen, { at: x, vector: true })).toEqual(api.toJSON(rosenArgs, { at: x }))
      const m = api.minimize(rosen, [-1.2, 1], { vector: true, method: 'lbfgs' })
      expect(m.x[0]).toBeCloseTo(1, 4)
    })

    it('trace with { vector: true } needs the point or the number of inputs, and replays', () => {
      const p = api.trace(rosen, 2, { vector: true })
      expect(p.inputs).toBe(2)
      expect(Array.from(p.gradient([1, 1]).gradient)).toEqual([0, 0])
      expect(() => api.trace(rosen as never, undefined, { vector: true })).toThrow(
        'trace: with { vector: true }, give the point or the number of inputs',
      )
      p.dispose()
    })

    it(`the gradient of a function of ${opts.inputs} inputs (sum of squares, logsumexp)`, () => {
      const n = opts.inputs
      const x = new Float64Array(n)
      for (let i = 0; i < n; i++) x[i] = ((i % 1000) - 500) / 250
      const squares = (v: Var[]) => {
        let s: Var = v[0].square()
        for (let i = 1; i < v.length; i++) s = s.add(v[i].square())
        return s
      }
      const g = api.gradient(squares, x, { vector: true })
      expect(g.length).toBe(n)
      let worst = 0
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(g[i] - 2 * x[i]))
      expect(worst).toBe(0)
      // logsumexp's gradient is the softmax: positive, summing to 1.
      const lse = api.grad((v: Var[]) => logsumexp(v), { vector: true })(x)
      let sum = 0
      for (let i = 0; i < n; i++) sum += lse[i]
      expect(sum).toBeCloseTo(1, 9)
      const p = api.trace(squares, x, { vector: true })
      expect(p.inputs).toBe(n)
      expect(p.gradient(x).gradient[n - 1]).toBe(2 * x[n - 1])
      p.dispose()
    })
  })
}
