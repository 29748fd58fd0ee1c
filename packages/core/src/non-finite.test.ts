import { describe, expect, it } from 'vitest'
import { div, exp, jsBackend, log, mul, sqrt, Tape, trace, type Var } from './index.js'
import { findNonFiniteOrigin } from './non-finite.js'
import { OP } from './ops.js'

describe('the first node that produced a non-finite value', () => {
  it('log(−1): the log node, NaN', () => {
    const p = trace((x) => log(x).add(1), 1)
    expect(findNonFiniteOrigin(p, [-1])).toEqual({ sweep: 'forward', node: 1, op: 'log', value: Number.NaN })
  })
  it('1/0: the div node, +Infinity (node 1 is the constant 1)', () => {
    const p = trace((x) => div(1, x), 1)
    expect(findNonFiniteOrigin(p, [0])).toEqual({
      sweep: 'forward',
      node: 2,
      op: 'div',
      value: Number.POSITIVE_INFINITY,
    })
  })
  it('exp(1000) − exp(1000): the first exp, not the NaN it leads to', () => {
    const p = trace((x) => exp(x).sub(exp(x)), 1)
    expect(p.evaluate([1000])[0]).toBeNaN()
    expect(findNonFiniteOrigin(p, [1000])).toEqual({
      sweep: 'forward',
      node: 1,
      op: 'exp',
      value: Number.POSITIVE_INFINITY,
    })
  })
  it('0/0: the div node, NaN', () => {
    const p = trace((x, y) => div(x, y).mul(2), 2)
    expect(findNonFiniteOrigin(p, [0, 0])).toEqual({
      sweep: 'forward',
      node: 2,
      op: 'div',
      value: Number.NaN,
    })
  })
  it('x·√x at 0: every value is finite, the gradient is not; the reverse sweep blames sqrt (√′(0) = ∞ times adjoint 0)', () => {
    const p = trace((x) => mul(x, sqrt(x)), 1)
    const g = p.gradient([0])
    expect(g.value).toBe(0)
    expect(g.gradient[0]).toBeNaN()
    expect(findNonFiniteOrigin(p, [0])).toEqual({ sweep: 'reverse', node: 1, op: 'sqrt', value: Number.NaN })
  })
  it('a finite value over an overflow still names the overflow: 1/exp(1000)', () => {
    const p = trace((x) => div(1, exp(x)), 1)
    expect(p.evaluate([1000])[0]).toBe(0)
    expect(findNonFiniteOrigin(p, [1000])).toMatchObject({ sweep: 'forward', op: 'exp' })
  })
  it('a non-finite point: the input itself', () => {
    const p = trace((x, y) => x.mul(y), 2)
    expect(findNonFiniteOrigin(p, [1, Number.NEGATIVE_INFINITY])).toEqual({
      sweep: 'forward',
      node: 1,
      op: 'input',
      value: Number.NEGATIVE_INFINITY,
    })
  })
  it('a node no output reads is passed over', () => {
    const p = trace((x: Var) => {
      x.log() // NaN at −1, but discarded
      return x.sqrt()
    }, 1)
    expect(findNonFiniteOrigin(p, [-1])).toMatchObject({ node: 2, op: 'sqrt' })
  })
  it('any output of several', () => {
    const p = trace((x) => [x.mul(2), x.log()], 1)
    expect(findNonFiniteOrigin(p, [-1])).toMatchObject({ node: 3, op: 'log' })
  })
  it('null when every value and adjoint is finite', () => {
    expect(
      findNonFiniteOrigin(
        trace((x) => mul(x, sqrt(x)), 1),
        [4],
      ),
    ).toBeNull()
  })
})

describe('with source spans', () => {
  // A tape as the expression compiler records it: each node stamped with the text it came from.
  function recorded(source: string, build: (t: Tape, span: (s: number, e: number) => void) => number) {
    const t = new Tape(true)
    const out = build(t, (s, e) => {
      t.spanStart = s
      t.spanEnd = e
    })
    return jsBackend.load(t.freeze([out], source))
  }

  it('"log(x) + 1" at −1 points at log(x)', () => {
    const p = recorded('log(x) + 1', (t, span) => {
      span(4, 5)
      const x = t.input(-1)
      span(0, 6)
      const l = t.push(OP.log.code, x, -1, Number.NaN)
      span(9, 10)
      const one = t.constant(1)
      span(0, 10)
      return t.push(OP.add.code, l, one, Number.NaN)
    })
    const o = findNonFiniteOrigin(p, [-1])
    expect(o).toEqual({ sweep: 'forward', node: 1, op: 'log', value: Number.NaN, start: 0, end: 6 })
    expect(p.tape.source!.slice(o!.start, o!.end)).toBe('log(x)')
  })
  it('"x*sqrt(x)" at 0 points at sqrt(x) from the reverse sweep', () => {
    const p = recorded('x*sqrt(x)', (t, span) => {
      span(0, 1)
      const x = t.input(0)
      span(2, 9)
      const s = t.push(OP.sqrt.code, x, -1, 0)
      span(0, 9)
      return t.push(OP.mul.code, x, s, 0)
    })
    expect(findNonFiniteOrigin(p, [0])).toEqual({
      sweep: 'reverse',
      node: 1,
      op: 'sqrt',
      value: Number.NaN,
      start: 2,
      end: 9,
    })
  })
  it('no span fields for a node recorded without one', () => {
    const p = recorded('x', (t, span) => {
      span(-1, -1)
      return t.push(OP.log.code, t.input(-1), -1, Number.NaN)
    })
    expect(findNonFiniteOrigin(p, [-1])).toEqual({ sweep: 'forward', node: 1, op: 'log', value: Number.NaN })
  })
})
