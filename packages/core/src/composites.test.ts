import { describe, expect, it } from 'vitest'
import { clamp, grad, gradient, leakyRelu, log, logsumexp, mse, trace, where } from './index.js'
import type { Var } from './var.js'

describe('composites', () => {
  it('where with branch functions records only the taken branch, so a NaN in the other cannot leak', () => {
    const f = (x: Var) =>
      where(
        x,
        () => x.sqrt(),
        () => x.neg(),
      )
    expect(grad(f)(-1)).toBe(-1)
    expect(grad(f)(4)).toBe(0.25)
    // Eager branches are both on the tape: IEEE gives 0 · NaN = NaN, as documented.
    expect(grad((x: Var) => where(x, x.sqrt(), x.neg()))(-1)).toBeNaN()
  })

  it('where re-records when the condition flips between replays', () => {
    const p = trace(
      (x: Var) =>
        where(
          x.sub(1),
          () => x.square(),
          () => x.mul(3),
        ),
      [2],
    )
    expect(p.gradient([3]).gradient[0]).toBe(6)
    expect(p.gradient([0]).gradient[0]).toBe(3)
    expect(p.status.kind).toBe('retrace')
  })

  it('clamp passes the slope inside the interval and none outside', () => {
    const f = (x: Var) => clamp(x, -1, 2)
    expect([grad(f)(0.5), grad(f)(-3), grad(f)(5)]).toEqual([1, 0, 0])
  })

  it('logsumexp is stable for large inputs and its gradient is the softmax', () => {
    const xs = [1000, 1001, 999]
    const g = gradient((a, b, c) => logsumexp([a, b, c]), xs)
    const e = xs.map((x) => Math.exp(x - 1001))
    const s = e.reduce((p, q) => p + q)
    g.forEach((gi, i) => {
      expect(gi).toBeCloseTo(e[i] / s, 14)
    })
    expect(trace((a: Var, b: Var, c: Var) => logsumexp([a, b, c]), xs).evaluate(xs)[0]).toBeCloseTo(
      1001 + Math.log(s),
      12,
    )
  })

  it('leakyRelu has slope α below zero, 1 above, 0 exactly at the kink (as relu)', () => {
    const f = (x: Var) => leakyRelu(x, 0.1)
    expect([grad(f)(2), grad(f)(-2), grad(f)(0)]).toEqual([1, 0.1, 0])
  })

  it('mse is the mean of squared differences; its gradient 2(p − t)/n', () => {
    expect(gradient((a, b) => mse([a, b], [1, 3]), [2, 2])).toEqual([1, -1])
  })

  it('log(x, base) = ln x / ln base', () => {
    expect(log(8, 2)).toBeCloseTo(3, 15)
    expect(grad((x: Var) => x.log(10))(10)).toBeCloseTo(1 / (10 * Math.LN10), 15)
  })
})
