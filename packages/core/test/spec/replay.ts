import { describe, expect, it } from 'vitest'
import type { Api } from '../../src/api.js'
import { recordFunction } from '../../src/record.js'
import type { Var } from '../../src/var.js'
import { rng, uniform } from '../rng.js'

/** Record once, replay many; guards, value-dependent functions, deep tapes. */
export function replaySpec(api: Api, opts: { chainLength: number }): void {
  describe('trace and replay', () => {
    it('trace replayed at 1000 random points equals re-recording at each', () => {
      const f = (x: Var, y: Var) =>
        x
          .mul(y)
          .sin()
          .add(x.pow(y.square().add(1)).mul(0.1))
          .sub(y.atan2(x))
      const p = api.trace(f, 2)
      const r = rng(3)
      for (let i = 0; i < 1000; i++) {
        const x = [uniform(r, 0.1, 2), uniform(r, -2, 2)]
        const replayed = p.gradient(x)
        const fresh = api.trace(f, x).gradient(x)
        expect(replayed.value).toBe(fresh.value)
        expect(Array.from(replayed.gradient)).toEqual(Array.from(fresh.gradient))
      }
      expect(p.recordings).toBe(1)
    })

    it('a guard flip gives status retrace, and the answer is still right', () => {
      const f = (x: Var) => (x.gt(0) ? x.mul(x) : x.neg())
      const p = api.trace(f, [1])
      expect(p.gradient([3]).gradient[0]).toBe(6)
      expect(p.status.kind).toBe('ok')
      expect(p.gradient([-2]).gradient[0]).toBe(-1)
      expect(p.status).toMatchObject({ kind: 'retrace' })
      expect(p.recordings).toBe(2)
      expect(api.grad(f)(3)).toBe(6)
      expect(api.grad(f)(-3)).toBe(-1)
      expect(api.grad(f)(5)).toBe(10)
    })

    it('a batch across a guard gives every point its own branch', () => {
      const p = api.trace((x: Var) => (x.lt(1) ? x.square() : x.mul(3)), [0])
      const { value, gradient } = p.gradientBatch([0.5, 2, -1, 4], 4)
      expect(Array.from(value)).toEqual([0.25, 6, 1, 12])
      expect(Array.from(gradient)).toEqual([1, 3, -2, 3])
      expect(p.status.kind).toBe('retrace')
    })

    it('a function that branches on .value in plain JS is right on both sides', () => {
      const f = (x: Var) => (x.value > 0 ? x.mul(x) : x.mul(-5))
      const g = api.grad(f)
      expect(g(3)).toBe(6)
      expect(g(-3)).toBe(-5)
      expect(g(2)).toBe(4)
      expect(api.trace(f, [1]).isValueDependent).toBe(true)
    })

    it(`a chain of ${opts.chainLength} operations records and replays without recursion`, () => {
      const p = api.trace(
        (x: Var) => {
          let y = x
          for (let i = 1; i < opts.chainLength; i++) y = y.add(1e-7)
          return y
        },
        [0],
      )
      expect(p.size).toBe(opts.chainLength + 1)
      const r = p.gradient([1])
      expect(r.gradient[0]).toBe(1)
      expect(r.value).toBeCloseTo(1 + (opts.chainLength - 1) * 1e-7, 6)
    }, 120_000)

    it("a loaded program's status is the latest sweep's, a batch in between or not", () => {
      const tape = recordFunction((x: Var, y: Var) => x.abs().mul(y), [1, 1]).tape
      const p = api.backend.load(tape)
      p.gradient([0, 0.5])
      p.evaluate([0.3, 0.5])
      expect(p.status.kind).toBe('ok')
      p.evaluate([0, 0.5])
      p.gradientBatch([1, 1], 1)
      expect(p.status.kind).toBe('ok')
      p.gradient([0, 0.5])
      expect(p.status).toMatchObject({ kind: 'kink', point: 0 })
      p.dispose()
    })

    it('a one-shot tape answers at its recording point as a copied one does, and anywhere after', () => {
      const f = (x: Var, y: Var) =>
        x
          .mul(y)
          .sin()
          .add(x.square().div(y.square().add(1)))
      const tape = recordFunction(f, [0.7, -0.2]).tape
      const copied = api.backend.load(tape)
      const once = api.backend.load(tape, undefined, { recorded: true, oneShot: true })
      const at = (p: typeof copied, x: number[]) => {
        const r = p.gradient(x)
        return [r.value, ...r.gradient]
      }
      expect(at(once, [0.7, -0.2])).toEqual(at(copied, [0.7, -0.2]))
      expect(at(once, [0.1, 0.4])).toEqual(at(copied, [0.1, 0.4]))
      expect(at(once, [0.7, -0.2])).toEqual(at(copied, [0.7, -0.2]))
      copied.dispose()
      once.dispose()
    })

    it('numbers mix with Vars; free functions on numbers stay numbers', () => {
      expect(api.gradient((x, y) => x.mul(2).add(3).sub(y.div(4)), [1, 1])).toEqual([2, -0.25])
      expect(api.gradient(() => 42, [])).toEqual([])
      expect(api.grad((_x) => 7)(1)).toBe(0)
    })

    it('mixing Vars of different recordings is a clear error', () => {
      let leaked: Var | undefined
      api.grad((x) => {
        leaked = x
        return x
      })(1)
      expect(() => api.grad((x) => x.add(leaked!))(1)).toThrow(/different recordings/)
    })
  })
}
