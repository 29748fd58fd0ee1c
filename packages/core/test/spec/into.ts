import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import type { CompileMode, Program } from '../../src/backend.js'
import { logsumexp } from '../../src/composites.js'
import type { Var } from '../../src/var.js'
import { rng, uniform } from '../rng.js'

/** Rosenbrock over n inputs: the loop the compiler re-rolls, and every gradient entry non-trivial. */
const rosenbrock = (x: Var[]) => {
  let s = x[0].mul(0)
  for (let i = 0; i + 1 < x.length; i++)
    s = s.add(x[i + 1].sub(x[i].square()).square().mul(100)).add(x[i].neg().add(1).square())
  return s
}
const pair = (x: Var[]) => [x[0].mul(x[1]).sin(), logsumexp(x)]

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  for (let j = 0; j < a.length; j++) expect(Object.is(a[j], b[j])).toBe(true)
}

export interface IntoSpecOptions {
  /** How the spec's programs are loaded (the WASM backend: 'always' runs them compiled). */
  readonly compile?: CompileMode
  /** Called on each program the spec traces, e.g. to assert it runs compiled. */
  readonly check?: (p: Program) => void
}

/**
 * `{ into }` on gradient, vjp and gradientBatch: the caller's array is filled
 * and returned as the result's, with the numbers a fresh result has.
 */
export function intoSpec(api: Api, opts: IntoSpecOptions = {}): void {
  const { compile = 'never' } = opts
  const trace = (f: typeof rosenbrock | typeof pair, x: number[]) => {
    const p = api.trace(f, x, { vector: true, compile })
    opts.check?.(p)
    return p
  }

  describe(`the caller's output array (compile: '${compile}')`, () => {
    for (const n of [3, 40]) {
      it(`gradient, vjp and gradientBatch at n = ${n} fill into, bit for bit, and return it`, () => {
        const x0 = Array.from({ length: n }, (_, i) => 0.3 + 0.1 * i)
        const p = trace(rosenbrock, x0)
        const q = trace(pair, x0)
        const g = new Float64Array(n).fill(Number.NaN)
        const v = new Float64Array(n)
        const random = rng(14 + n)
        for (let run = 0; run < 20; run++) {
          const x = Array.from({ length: n }, () => uniform(random, -3, 3))
          const fresh = p.gradient(x)
          const r = p.gradient(x, { into: g })
          expect(r.gradient).toBe(g)
          expect(Object.is(r.value, fresh.value)).toBe(true)
          same(g, fresh.gradient)
          const w = [0.5, -2]
          const fv = q.vjp(x, w)
          const rv = q.vjp(x, w, { into: v })
          expect(rv.vjp).toBe(v)
          same(rv.value, fv.value)
          same(v, fv.vjp)
        }
        const k = 5
        const X = Float64Array.from({ length: k * n }, (_, i) => Math.sin(i))
        const G = new Float64Array(k * n)
        const fresh = p.gradientBatch(X, k)
        const r = p.gradientBatch(X, k, { into: G })
        expect(r.gradient).toBe(G)
        same(r.value, fresh.value)
        same(G, fresh.gradient)
      })
    }

    it('into may be the point itself: the point is read before the gradient is written', () => {
      const x = [0.5, -1.5, 2]
      const p = trace(rosenbrock, x)
      const want = p.gradient(x).gradient
      const buf = Float64Array.from(x)
      expect(p.gradient(buf, { into: buf }).gradient).toBe(buf)
      same(buf, want)
    })

    it('a retrace answers from the new recording, in into', () => {
      const f = (x: Var[]) => (x[0].gt(0) ? x[0].mul(x[1]) : x[0].sub(x[1]).square())
      const p = api.trace(f, [1, 2], { vector: true, compile })
      const g = new Float64Array(2)
      const r = p.gradient([-1, 2], { into: g })
      expect(r.gradient).toBe(g)
      expect(Array.from(g)).toEqual([-6, 6])
      // A batch across the guard goes point by point, into the caller's array too.
      const G = new Float64Array(4)
      const b = p.gradientBatch([2, 3, -1, 2], 2, { into: G })
      expect(b.gradient).toBe(G)
      expect(Array.from(G)).toEqual([3, 2, -6, 6])
    })

    it('into may be the point itself across a retrace: the new recording sweeps from the point as given', () => {
      const f = (x: Var[]) => (x[0].gt(0) ? x[0].mul(x[1]) : x[0].sub(x[1]).square())
      const p = api.trace(f, [1, 2], { vector: true, compile })
      // The recorded branch's sweep writes [x1, x0] into buf before the guard sends it to a retrace.
      const buf = Float64Array.from([-1, 2])
      expect(p.gradient(buf, { into: buf }).gradient).toBe(buf)
      expect(Array.from(buf)).toEqual([-6, 6])
      const w = Float64Array.from([-1, 2])
      expect(Array.from(p.vjp(w, [1], { into: w }).vjp)).toEqual([-6, 6])
    })

    it('refuses an into of the wrong kind or length, or sharing a batch’s points, with a clear error', () => {
      const p = trace(rosenbrock, [1, 2, 3])
      const q = trace(pair, [1, 2, 3])
      const x = [1, 2, 3]
      expect(() => p.gradient(x, { into: new Float64Array(2) })).toThrow(
        'gradient into: expected a Float64Array of 3 numbers, got 2',
      )
      expect(() => p.gradient(x, { into: [0, 0, 0] as unknown as Float64Array })).toThrow(
        'gradient into: expected a Float64Array, got an array',
      )
      expect(() => p.gradient(x, { into: new Float32Array(3) as unknown as Float64Array })).toThrow(
        'gradient into: expected a Float64Array, got Float32Array',
      )
      expect(() => p.gradient(x, 7 as never)).toThrow('gradient options: expected an object, got number')
      expect(() => q.vjp(x, [1, 1], { into: new Float64Array(4) })).toThrow(
        'vjp into: expected a Float64Array of 3 numbers, got 4',
      )
      expect(() => p.gradientBatch(new Float64Array(6), 2, { into: new Float64Array(3) })).toThrow(
        'gradientBatch into: expected a Float64Array of 6 numbers, got 3',
      )
      const X = new Float64Array(6)
      expect(() => p.gradientBatch(X, 2, { into: X })).toThrow(
        "gradientBatch into: shares memory with the batch's points",
      )
      // { into: undefined } and no options are the same call.
      same(p.gradient(x, { into: undefined }).gradient, p.gradient(x).gradient)
    })
  })
}
