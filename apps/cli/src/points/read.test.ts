import * as core from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { readPoints } from './read.js'

const read = (text: string, variables = ['x', 'y']) => readPoints(text, variables, core)
const failure = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e as UsageError
  }
  throw new Error('expected a UsageError')
}

describe('--points CSV', () => {
  it('columns in any order land in the variables’ order; blank lines and spaces are ignored', () => {
    const { points, k } = read('y, x\n1, 2\n\n3,4\r\n-Infinity,NaN\n')
    expect(k).toBe(3)
    expect(Array.from(points)).toEqual([2, 1, 4, 3, Number.NaN, Number.NEGATIVE_INFINITY])
  })

  it('a header only is zero points', () => {
    expect(read('x,y\n').k).toBe(0)
  })

  it('a bad cell names its line and points at it', () => {
    const e = failure(() => read('x,y\n1,2\n3, abc\n'))
    expect(e).toBeInstanceOf(UsageError)
    expect(e.message).toBe("--points: line 3: 'abc' is not a number")
    expect(e.source).toEqual({ field: 'points', text: '3, abc', start: 3, end: 6 })
  })

  it('refuses empty cells, hexadecimal and overflowing literals', () => {
    expect(failure(() => read('x,y\n1,\n')).message).toBe("--points: line 2: '' is not a number")
    expect(failure(() => read('x,y\n0x10,1\n')).message).toBe("--points: line 2: '0x10' is not a number")
    expect(failure(() => read('x,y\n1e999,1\n')).message).toBe("--points: line 2: '1e999' is not a number")
  })

  it('header problems: an unknown column, a missing variable, a repeated name, a short row', () => {
    expect(failure(() => read('x,z\n1,2\n')).message).toBe(
      "--points: line 1: column 'z' is not a variable of the expression (x, y)",
    )
    expect(failure(() => read('x\n1\n')).message).toBe('--points: the header has no column for y')
    expect(failure(() => read('x,y,x\n1,2,3\n')).message).toBe('--points: the header names x twice')
    expect(failure(() => read('x,y\n1\n')).message).toBe('--points: line 2: 1 values, the header has 2')
    expect(failure(() => read('')).message).toBe(
      '--points: the file is empty; expected a header of variable names',
    )
  })
})

describe('--points JSON', () => {
  it('an array of objects, §12 strings for non-finite values, through core’s decodePoints', () => {
    const { points, k } = read('[{"x": 1, "y": 2}, {"y": "Infinity", "x": "NaN"}]')
    expect(k).toBe(2)
    expect(Array.from(points)).toEqual([1, 2, Number.NaN, Number.POSITIVE_INFINITY])
  })

  it('errors carry core’s JSON pointer', () => {
    expect(failure(() => read('[{"x": 1}]')).message).toBe('--points: /0: missing a value for y')
    expect(failure(() => read('[{"x": 1, "y": "2"}]')).message).toBe(
      '--points: /0/y: expected a number or "NaN", "Infinity", "-Infinity", got the string "2"',
    )
    expect(failure(() => read('[{"x": 1,')).code).toBe('invalid-json')
  })
})
