import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { property } from '../test/property.js'
import {
  DecodeError,
  decodeNumber,
  decodeNumbers,
  decodePoint,
  decodePoints,
  encode,
  encodeNumber,
  encodeResult,
  pointer,
} from './encoding.js'
import { div, exp, log, mul, sqrt, trace } from './index.js'

const thrown = (f: () => unknown): DecodeError => {
  try {
    f()
  } catch (e) {
    if (e instanceof DecodeError) return e
    throw e
  }
  throw new Error('expected a DecodeError')
}

describe('encoding numbers', () => {
  it('finite numbers stay numbers; NaN and ±Infinity become strings', () => {
    expect(encodeNumber(1.5)).toBe(1.5)
    expect(encodeNumber(-1e-300)).toBe(-1e-300)
    expect(encodeNumber(Number.NaN)).toBe('NaN')
    expect(encodeNumber(Number.POSITIVE_INFINITY)).toBe('Infinity')
    expect(encodeNumber(Number.NEGATIVE_INFINITY)).toBe('-Infinity')
  })
  it('round-trips every double through JSON text (−0 comes back as 0, as JSON.stringify writes it)', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const back = decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x))))
        return Object.is(back, x === 0 ? 0 : x)
      }),
      property({ seed: 7, runs: 2000 }),
    )
  })
})

describe('encode: a result for JSON, with pointers to what was not finite', () => {
  it('walks objects, arrays and typed arrays in document order', () => {
    const { json, nonFinite } = encode({
      value: Number.NaN,
      gradient: Float64Array.of(1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      hessian: [Float64Array.of(1, Number.NaN), [0, 2]],
      variables: ['x', 'y'],
      ok: true,
      note: null,
      skipped: undefined,
    })
    expect(json).toEqual({
      value: 'NaN',
      gradient: [1, 'Infinity', '-Infinity'],
      hessian: [
        [1, 'NaN'],
        [0, 2],
      ],
      variables: ['x', 'y'],
      ok: true,
      note: null,
    })
    expect(nonFinite).toEqual(['/value', '/gradient/1', '/gradient/2', '/hessian/0/1'])
  })
  it('no pointers when everything is finite', () => {
    expect(encode({ value: 6, gradient: [5] }).nonFinite).toEqual([])
  })
  it('escapes keys as RFC 6901 says, and starts below a given path', () => {
    expect(pointer('', 'a/b~c')).toBe('/a~1b~0c')
    expect(encode({ 'a/b~c': Number.NaN }).nonFinite).toEqual(['/a~1b~0c'])
    expect(encode([1, Number.NaN], '/results/3').nonFinite).toEqual(['/results/3/1'])
    expect(encode(Number.NaN).nonFinite).toEqual([''])
  })
  it('refuses what JSON cannot carry', () => {
    expect(() => encode({ f: () => 1 })).toThrow(/function into JSON at \/f/)
    expect(() => encode({ m: new Map() })).toThrow(/object into JSON at \/m/)
    expect(() => encode([1n])).toThrow(/bigint into JSON at \/0/)
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => encode(cycle)).toThrow(/deeper than 32/)
  })
})

describe('decoding request numbers', () => {
  it('accepts JSON numbers and exactly the three strings', () => {
    expect(decodeNumber(2.5)).toBe(2.5)
    expect(decodeNumber('NaN')).toBeNaN()
    expect(decodeNumber('Infinity')).toBe(Number.POSITIVE_INFINITY)
    expect(decodeNumber('-Infinity')).toBe(Number.NEGATIVE_INFINITY)
  })
  it.each([
    ['"1"', '1'],
    ['"1e400"', '1e400'],
    ['"nan"', 'nan'],
    ['"inf"', 'inf'],
    ['"+Infinity"', '+Infinity'],
    ['" NaN"', ' NaN'],
    ['""', ''],
    ['true', true],
    ['null', null],
    ['[2]', [2]],
    ['{}', {}],
    ['undefined', undefined],
  ])('rejects %s, naming the path', (_, bad) => {
    const e = thrown(() => decodeNumber(bad, '/at/x'))
    expect(e.code).toBe('invalid-number')
    expect(e.path).toBe('/at/x')
    expect(e.message).toMatch(/^\/at\/x: expected a number or "NaN", "Infinity", "-Infinity", got /)
  })
  it('says what it got, and never echoes more than a short prefix of a bad string', () => {
    expect(thrown(() => decodeNumber('1e400')).message).toMatch(/got the string "1e400"$/)
    expect(thrown(() => decodeNumber(false)).message).toMatch(/got boolean false$/)
    const e = thrown(() => decodeNumber('A'.repeat(10_000), '/at/x'))
    expect(e.message).toContain(`"${'A'.repeat(24)}…"`)
    expect(e.message.length).toBeLessThan(120)
  })
  it('lists of numbers, with the element path', () => {
    expect(decodeNumbers([1, 'NaN', '-Infinity'])).toEqual([1, Number.NaN, Number.NEGATIVE_INFINITY])
    expect(thrown(() => decodeNumbers([1, '2'], '/x')).path).toBe('/x/1')
    expect(thrown(() => decodeNumbers([1], '/x', 2)).message).toBe('/x: expected 2 numbers, got 1')
    expect(thrown(() => decodeNumbers('1,2', '/x')).code).toBe('invalid-point')
  })
})

describe('decoding points', () => {
  const vars = ['x', 'y']
  it('an object by name or an array in variable order', () => {
    expect(decodePoint({ y: 3, x: 'Infinity' }, vars)).toEqual(Float64Array.of(Number.POSITIVE_INFINITY, 3))
    expect(decodePoint([2, 3], vars)).toEqual(Float64Array.of(2, 3))
  })
  it('a missing, unknown or badly typed variable is an error with a path', () => {
    expect(thrown(() => decodePoint({ x: 1 }, vars, '/at'))).toMatchObject({
      code: 'missing-variable',
      path: '/at',
    })
    expect(thrown(() => decodePoint({ x: 1, y: 2, z: 3 }, vars, '/at'))).toMatchObject({
      code: 'unknown-variable',
      path: '/at/z',
    })
    expect(thrown(() => decodePoint({ x: 1, y: '2' }, vars, '/at'))).toMatchObject({
      code: 'invalid-number',
      path: '/at/y',
    })
    expect(thrown(() => decodePoint([1], vars, '/at'))).toMatchObject({ code: 'invalid-point', path: '/at' })
    expect(thrown(() => decodePoint('x=1', vars, '/at'))).toMatchObject({
      code: 'invalid-point',
      path: '/at',
    })
  })
  it('a __proto__ key from JSON.parse is just an unknown name', () => {
    const e = thrown(() => decodePoint(JSON.parse('{"x":1,"y":2,"__proto__":{"x":5}}'), vars, '/at'))
    expect(e).toMatchObject({ code: 'unknown-variable', path: '/at/__proto__' })
  })
  it('many points, row-major for the batch sweeps', () => {
    const { points, k } = decodePoints([{ x: 1, y: 2 }, [3, 'NaN']], vars, '/points')
    expect(k).toBe(2)
    expect(points).toEqual(Float64Array.of(1, 2, 3, Number.NaN))
    expect(
      thrown(() =>
        decodePoints(
          [
            { x: 1, y: 2 },
            { x: 1, y: true },
          ],
          vars,
          '/points',
        ),
      ).path,
    ).toBe('/points/1/y')
  })
})

describe('encodeResult: a response body with nonFinite and the origin', () => {
  it('log(x) at −1: the value is NaN, the origin is the log node', () => {
    const p = trace((x) => log(x).mul(2), 1)
    const r = p.gradient([-1])
    expect(encodeResult({ value: r.value, gradient: r.gradient }, { program: p, x: [-1] })).toEqual({
      value: 'NaN',
      gradient: ['NaN'],
      nonFinite: ['/value', '/gradient/0'],
      origin: { sweep: 'forward', node: 1, op: 'log', value: 'NaN' },
    })
  })
  it('x·√x at 0: only the gradient, from the reverse sweep', () => {
    const p = trace((x) => mul(x, sqrt(x)), 1)
    const r = p.gradient([0])
    const body = encodeResult({ value: r.value, gradient: r.gradient }, { program: p, x: [0] })
    expect(body.nonFinite).toEqual(['/gradient/0'])
    expect(body.origin).toEqual({ sweep: 'reverse', node: 1, op: 'sqrt', value: 'NaN' })
  })
  it('1/0 and exp(1000) say Infinity', () => {
    const p = trace((x, y) => div(1, x).add(exp(y)), 2)
    const body = encodeResult({ value: p.evaluate([0, 1000])[0] }, { program: p, x: [0, 1000] })
    expect(body).toMatchObject({ value: 'Infinity', origin: { op: 'div', value: 'Infinity' } })
    expect(encodeResult({ value: p.evaluate([1, 1000])[0] }, { program: p, x: [1, 1000] })).toMatchObject({
      origin: { op: 'exp', value: 'Infinity' },
    })
  })
  it('adds nothing when every number is finite, and no origin without a program', () => {
    expect(encodeResult({ value: 6, gradient: [5] })).toEqual({ value: 6, gradient: [5] })
    expect(encodeResult({ value: Number.NaN })).toEqual({ value: 'NaN', nonFinite: ['/value'] })
  })
  it('survives JSON.stringify and decodes back', () => {
    const body = JSON.parse(
      JSON.stringify(encodeResult({ gradient: [1, Number.NaN, Number.NEGATIVE_INFINITY] })),
    )
    expect(decodeNumbers(body.gradient)).toEqual([1, Number.NaN, Number.NEGATIVE_INFINITY])
  })
  it('nonFinite and origin are reserved', () => {
    expect(() => encodeResult({ nonFinite: [] })).toThrow(/reserved/)
  })
})

describe('messages stay bounded', () => {
  it('an unknown key of any length and a long variable list echo a few dozen characters', () => {
    const variables = Array.from({ length: 64 }, (_, i) => `v${i}`)
    const key = 'k'.repeat(5000)
    try {
      decodePoint({ [key]: 1 }, variables)
      expect.unreachable()
    } catch (e) {
      const err = e as DecodeError
      expect(err.code).toBe('unknown-variable')
      expect(err.message.match(/k+/)![0].length).toBeLessThanOrEqual(24)
      expect(err.message.length).toBeLessThan(120)
      expect(err.message).toContain("'v0', 'v1', 'v2' and 61 more")
      expect(err.path.length).toBeLessThan(40)
    }
  })
})
