import { describe, expect, it } from 'vitest'
import { ExpressionError } from './expr/errors.js'
import { parse } from './expr/parser.js'
import { compile } from './index.js'
import { DEFAULT_LIMITS, hessianProblem, resolveLimits } from './limits.js'

describe('limits', () => {
  it('defaults to the API limits of docs/ARCHITECTURE.md §12', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      length: 4096,
      depth: 256,
      nodes: 20_000,
      variables: 64,
      identifier: 64,
    })
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true)
    expect(resolveLimits()).toBe(DEFAULT_LIMITS)
  })
  it('overrides some limits and keeps the rest', () => {
    const l = resolveLimits({ depth: 10, length: Infinity, nodes: undefined })
    expect(l).toEqual({ ...DEFAULT_LIMITS, depth: 10, length: Infinity })
    expect(Object.isFrozen(l)).toBe(true)
  })
  it.each([
    [{ depth: 0 }, 'positive integer'],
    [{ depth: 1.5 }, 'positive integer'],
    [{ nodes: -1 }, 'positive integer'],
    [{ length: Number.NaN }, 'positive integer'],
    [{ variables: '64' as unknown as number }, 'positive integer'],
    [{ lenght: 10 } as unknown as { length: number }, "unknown limit 'lenght'"],
  ])('refuses %j', (overrides, why) => {
    expect(() => resolveLimits(overrides)).toThrow(RangeError)
    expect(() => resolveLimits(overrides)).toThrow(why)
  })
})

describe('the name limit', () => {
  const name = (n: number) => 'v'.repeat(n)
  const error = (f: () => unknown): ExpressionError => {
    try {
      f()
    } catch (e) {
      if (e instanceof ExpressionError) return e
      throw e
    }
    throw new Error('expected an ExpressionError')
  }

  it('a name of the limit parses; one character more is too-long-name at its span', () => {
    expect(parse(`x + ${name(64)}`).variables).toEqual([name(64), 'x'])
    const e = error(() => parse(`x + ${name(65)} + y`))
    expect([e.code, e.start, e.end]).toEqual(['too-long-name', 4, 69])
  })

  it('compile(expr, { variables }) refuses a long name, even one the expression does not use', () => {
    expect(compile('x', { variables: ['x', name(64)] }).variables).toEqual(['x', name(64)])
    const e = error(() => compile('x', { variables: ['x', name(4096)] }))
    expect([e.code, e.start, e.end]).toEqual(['too-long-name', -1, -1])
    expect(e.message).toBe('a name of 4096 characters; the limit is 64')
  })

  it('is a limit like the others: raised or switched off by the caller', () => {
    expect(parse(name(65), { limits: { identifier: 65 } }).variables).toEqual([name(65)])
    expect(compile('x', { variables: ['x', name(5000)], limits: { identifier: Infinity } }).inputs).toBe(2)
    expect(error(() => parse('abc', { limits: { identifier: 2 } })).code).toBe('too-long-name')
  })
})

describe('hessianProblem', () => {
  it('accepts up to limits.hessianVariables and names the count and the limit past it', () => {
    expect(hessianProblem(DEFAULT_LIMITS.hessianVariables)).toBeUndefined()
    expect(hessianProblem(5, resolveLimits({ hessianVariables: 4 }))).toEqual({
      code: 'hessian-too-large',
      message: 'a Hessian of 5 variables is over the limit of 4',
    })
  })
})
