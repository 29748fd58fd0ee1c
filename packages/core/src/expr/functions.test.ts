import { describe, expect, it } from 'vitest'
import { OPS, PRIMITIVES } from '../ops.js'
import { ALIASES, arityProblem, CONSTANTS, FUNCTIONS } from './functions.js'
import { compareNames, isReserved } from './names.js'

describe('the allow-list', () => {
  it('holds every primitive of the op table, the composites, and nothing else', () => {
    expect([...FUNCTIONS.keys()].sort()).toEqual(
      [...PRIMITIVES.map((o) => o.name), 'where', 'clamp', 'logsumexp', 'leakyRelu', 'mse'].sort(),
    )
    expect(FUNCTIONS.has('input')).toBe(false)
    expect(FUNCTIONS.has('const')).toBe(false)
    for (const op of PRIMITIVES) expect(FUNCTIONS.get(op.name)).toMatchObject({ kind: 'primitive', op })
    expect(OPS.length).toBe(PRIMITIVES.length + 2)
  })
  it('cannot be changed at run time', () => {
    const writable = FUNCTIONS as Map<string, unknown>
    expect(() => writable.set('evil', {})).toThrow(TypeError)
    expect(() => writable.delete('sin')).toThrow(TypeError)
    expect(() => writable.clear()).toThrow(TypeError)
    expect(() => (CONSTANTS as Map<string, number>).set('pi', 3)).toThrow(TypeError)
    expect(() => (ALIASES as Map<string, string>).set('x', 'eval')).toThrow(TypeError)
    expect(FUNCTIONS.has('sin')).toBe(true)
    expect(CONSTANTS.get('pi')).toBe(Math.PI)
    expect(Object.isFrozen(FUNCTIONS.get('sin'))).toBe(true)
  })
  it('does not resolve names from Object.prototype', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(FUNCTIONS.get(name)).toBeUndefined()
      expect(CONSTANTS.get(name)).toBeUndefined()
      expect(ALIASES.get(name)).toBeUndefined()
      expect(isReserved(name)).toBe(true)
    }
  })
  it('checks argument counts', () => {
    const get = (name: string) => FUNCTIONS.get(name)!
    expect(arityProblem(get('sin'), 1)).toBeNull()
    expect(arityProblem(get('log'), 2)).toBeNull()
    expect(arityProblem(get('logsumexp'), 7)).toBeNull()
    expect(arityProblem(get('mse'), 6)).toBeNull()
    expect(arityProblem(get('mse'), 5)).toContain('even number')
    expect(arityProblem(get('atan2'), 1)).toBe('atan2 takes 2 arguments (atan2(x, y)), got 1')
  })
})

describe('variable order', () => {
  it('is alphabetical ignoring case, with digit runs compared as numbers', () => {
    const names = ['x10', 'b', 'x2', 'A', 'x1', 'a', 'x01', '_z', 'y', 'x', 'B1', 'b10', 'b9']
    expect([...names].sort(compareNames)).toEqual([
      '_z',
      'A',
      'a',
      'b',
      'B1',
      'b9',
      'b10',
      'x',
      'x1',
      'x01',
      'x2',
      'x10',
      'y',
    ])
  })
  it('is a total order: antisymmetric, and zero only for equal names', () => {
    const names = ['x1', 'x01', 'X1', 'x001', 'a', 'A', 'ab', 'aB', 'a_b', 'a0', 'a00']
    for (const p of names) {
      for (const q of names) {
        expect(Math.sign(compareNames(p, q)) + Math.sign(compareNames(q, p))).toBe(0)
        expect(compareNames(p, q) === 0).toBe(p === q)
      }
    }
  })
})
