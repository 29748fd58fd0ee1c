import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import type { Output } from '../../src/record.js'
import type { Var } from '../../src/var.js'

/**
 * A function reading outer state k, three ways: a captured `let`, an array
 * element, an object field. `set` changes k between two calls.
 */
interface Captured {
  readonly name: string
  /** k·x² + k·x: f′(2) = 5k. */
  readonly one: (x: Var) => Var
  /** k·(x·y + x²) at (2, 3): value 10k, gradient k·(7, 2), Hessian k·[[2, 1], [1, 0]]. */
  readonly two: (x: Var, y: Var) => Var
  /** [k·(x·y + x²), k·x]. */
  readonly pair: (x: Var, y: Var) => Output
  /** (x − k)²: minimum at k. */
  readonly bowl: (x: Var) => Var
  readonly set: (k: number) => void
}

function capturedNumber(): Captured {
  let k = 1
  const two = (x: Var, y: Var) => x.mul(y).add(x.square()).mul(k)
  return {
    name: 'a captured number',
    one: (x) => x.square().mul(k).add(x.mul(k)),
    two,
    pair: (x, y) => [two(x, y), x.mul(k)],
    bowl: (x) => x.sub(k).square(),
    set: (v) => {
      k = v
    },
  }
}

function capturedArrayElement(): Captured {
  const w = [1, 2]
  const two = (x: Var, y: Var) => x.mul(y).add(x.square()).mul(w[0])
  return {
    name: 'an array element',
    one: (x) => x.square().mul(w[0]).add(x.mul(w[0])),
    two,
    pair: (x, y) => [two(x, y), x.mul(w[0])],
    bowl: (x) => x.sub(w[0]).square(),
    set: (v) => {
      w[0] = v
    },
  }
}

function capturedObjectField(): Captured {
  const params = { k: 1 }
  const two = (x: Var, y: Var) => x.mul(y).add(x.square()).mul(params.k)
  return {
    name: 'an object field',
    one: (x) => x.square().mul(params.k).add(x.mul(params.k)),
    two,
    pair: (x, y) => [two(x, y), x.mul(params.k)],
    bowl: (x) => x.sub(params.k).square(),
    set: (v) => {
      params.k = v
    },
  }
}

/** Each transform's answer at k, computed by hand; the check runs at k = 1, then at k = 5 and k = -3. */
const P = [2, 3]
const CASES: { name: string; run: (api: Api, c: Captured) => unknown; want: (k: number) => unknown }[] = [
  { name: 'grad', run: (api, c) => api.grad(c.one)(2), want: (k) => 5 * k },
  {
    name: 'valueAndGrad',
    run: (api, c) => api.valueAndGrad(c.one)(2),
    want: (k) => ({ value: 6 * k, grad: 5 * k }),
  },
  { name: 'gradient', run: (api, c) => api.gradient(c.two, P), want: (k) => [7 * k, 2 * k] },
  {
    name: 'jacobian',
    run: (api, c) => api.jacobian(c.pair, P),
    want: (k) => [
      [7 * k, 2 * k],
      [k, 0],
    ],
  },
  {
    name: 'hessian',
    run: (api, c) => api.hessian(c.two, P),
    want: (k) => [
      [2 * k, k],
      [k, 0],
    ],
  },
  {
    name: 'jvp',
    run: (api, c) => api.jvp(c.pair, P, [1, 0]),
    want: (k) => ({ value: [10 * k, 2 * k], jvp: [7 * k, k] }),
  },
  {
    name: 'vjp',
    run: (api, c) => api.vjp(c.pair, P, [1, 1]),
    want: (k) => ({ value: [10 * k, 2 * k], vjp: [8 * k, 2 * k] }),
  },
  { name: 'hvp', run: (api, c) => api.hvp(c.two, P, [1, 1]), want: (k) => [3 * k, k] },
  { name: 'programOf', run: (api, c) => api.programOf(c.two, P).evaluate(P)[0], want: (k) => 10 * k },
  {
    name: 'minimize',
    run: (api, c) => api.minimize(c.bowl, [0], { method: 'lbfgs' }).x[0],
    want: (k) => k,
  },
  {
    name: 'explain',
    run: (api, c) => api.explain(c.two, P).derivatives.map((d) => d.value),
    want: (k) => [7 * k, 2 * k],
  },
  { name: 'toJSON', run: (api, c) => api.toJSON(c.two, { at: P }).value, want: (k) => 10 * k },
  {
    name: 'numeric.errorSweep',
    run: (api, c) => api.numeric.errorSweep(c.one, 2).ad,
    want: (k) => 5 * k,
  },
]

/** The transforms record a JS function at every call, so a change of what it reads is seen at once. */
export function capturedStateSpec(api: Api): void {
  describe('transforms see the current value of captured state', () => {
    for (const make of [capturedNumber, capturedArrayElement, capturedObjectField]) {
      for (const c of CASES) {
        it(`${c.name}: ${make().name} changed between calls`, () => {
          const state = make()
          expect(c.run(api, state)).toEqual(c.want(1))
          state.set(5)
          expect(c.run(api, state)).toEqual(c.want(5))
          state.set(-3)
          expect(c.run(api, state)).toEqual(c.want(-3))
        })
      }
    }

    it('toDot and toMermaid draw the current value', () => {
      const state = capturedNumber()
      const dot1 = api.toDot(state.two, { at: P })
      const mermaid1 = api.toMermaid(state.two, { at: P })
      state.set(5)
      expect(api.toDot(state.two, { at: P })).not.toBe(dot1)
      expect(api.toMermaid(state.two, { at: P })).not.toBe(mermaid1)
      expect(api.toDot(state.two, { at: P })).toBe(api.toDot(api.trace(state.two, P), { at: P }))
    })

    it('gradcheck checks the current function', () => {
      let k = 1
      // x² at k = 1, |x| at k = 0: next to its kink, |x|'s differences disagree with AD, x²'s do not.
      const f = (x: Var) =>
        x
          .square()
          .mul(k)
          .add(x.abs().mul(1 - k))
      expect(api.gradcheck(f, [1e-9]).ok).toBe(true)
      k = 0
      expect(api.gradcheck(f, [1e-9]).ok).toBe(false)
    })

    it('a traced Program bakes captured values in as constants, as documented', () => {
      const state = capturedNumber()
      const p = api.trace(state.two, P)
      state.set(5)
      expect(Array.from(p.gradient(P).gradient)).toEqual([7, 2])
      expect(api.gradient(p, P)).toEqual([7, 2])
      expect(api.gradient(state.two, P)).toEqual([35, 10])
    })

    it('a function called with fresh state every step of a loop (a training loop) gets fresh gradients', () => {
      const batch = { x: 0 }
      const loss = (w: Var) => w.mul(batch.x).sub(1).square()
      const got: number[] = []
      for (const x of [1, 2, 3]) {
        batch.x = x
        got.push(api.grad(loss)(0.5))
      }
      // d/dw (w·x − 1)² = 2x(w·x − 1) at w = 0.5.
      expect(got).toEqual([-1, 0, 3])
    })
  })

  describe('a Var where only numbers make sense is a clear error, never a number', () => {
    const nested = /this takes numbers; to differentiate through it .* use the transforms/i
    it('the transforms themselves take Vars (nested differentiation)', () => {
      expect(api.grad((x: Var) => api.grad((y: Var) => y.mul(y))(x))(3)).toBe(2)
      expect(api.grad((x: Var) => api.grad((y: Var) => y.mul(x))(2))(3)).toBe(1)
    })
    it('trace, minimize, explain, gradcheck, graphs and numeric given a Var in the point', () => {
      let outer: Var | undefined
      const sq = (y: Var) => y.mul(y)
      const calls: [string, (v: number) => unknown][] = [
        ['trace', (v) => api.trace(sq, [v])],
        ['minimize', (v) => api.minimize(sq, [v])],
        ['explain', (v) => api.explain(sq, [v])],
        ['trace at a lone Var', (v) => api.trace(sq, v as unknown as number[])],
        ['gradcheck', (v) => api.gradcheck(sq, [v])],
        ['toJSON', (v) => api.toJSON(sq, { at: [v] })],
        ['numeric.errorSweep', (v) => api.numeric.errorSweep(sq, v)],
        ['numeric.errorSweep of a list', (v) => api.numeric.errorSweep(sq, [v])],
        ['numeric.derivative', (v) => api.numeric.derivative((t: number) => t * t, v)],
        ['numeric.gradient', (v) => api.numeric.gradient((t: number[]) => t[0] * t[0], [v])],
      ]
      for (const [name, call] of calls) {
        let answer: unknown = 'none'
        expect(() => {
          api.grad((x: Var) => {
            outer = x
            answer = call(x as unknown as number)
            return x
          })(3)
        }, name).toThrow(nested)
        expect(answer, name).toBe('none')
      }
      expect(outer).toBeDefined()
    })
    it("a Var in a point given to a Program's methods, or with a Program to minimize, explain, gradcheck", () => {
      const p = api.trace((x: Var, y: Var) => [x.mul(y), x.add(y)], P)
      const q = api.trace((x: Var, y: Var) => x.mul(y), P)
      const methods: [string, (v: number) => unknown][] = [
        ['evaluate', (v) => p.evaluate([v, 1])],
        ['gradient', (v) => q.gradient([1, v])],
        ['vjp', (v) => p.vjp([v, 1], [1, 1])],
        ['vjp weights', (v) => p.vjp([1, 1], [v, 1])],
        ['jvp', (v) => p.jvp([1, 1], [1, v])],
        ['hvp', (v) => q.hvp([v, 1], [1, 1])],
        ['jacobian', (v) => p.jacobian([v, 1])],
        ['hessian', (v) => q.hessian([v, 1])],
        ['evaluateBatch', (v) => p.evaluateBatch([1, 2, v, 1], 2)],
        ['gradientBatch', (v) => q.gradientBatch([1, 2, v, 1], 2)],
        ['minimize', (v) => api.minimize(q, [v, 1])],
        ['explain', (v) => api.explain(q, [v, 1])],
        ['gradcheck', (v) => api.gradcheck(q, [v, 1])],
        ['numeric.errorSweep', (v) => api.numeric.errorSweep(q, [v, 1])],
      ]
      for (const [name, call] of methods) {
        expect(() => api.grad((x: Var) => call(x as unknown as number) as Var)(3), name).toThrow(nested)
      }
    })
    it('a Var of a finished recording is still the old, clear error', () => {
      let leaked: Var | undefined
      api.grad((x: Var) => {
        leaked = x
        return x
      })(1)
      expect(() => api.gradient(() => leaked!.mul(2), [])).toThrow(/different recordings/)
    })
  })
}
