import * as core from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import type { UsageError } from './errors.js'
import { parseAssignments, pointFor } from './point.js'

const parse = (text: string) => parseAssignments(text, 'at', core)
const failure = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e as UsageError
  }
  throw new Error('expected a UsageError')
}

describe('--at x=2,y=3', () => {
  it('names, values and spans; spaces allowed; commas inside parentheses belong to the value', () => {
    expect(parse('x=2, y = atan2(1, 1)')).toEqual([
      { name: 'x', value: 2, start: 0, end: 3 },
      { name: 'y', value: Math.PI / 4, start: 5, end: 20 },
    ])
  })

  it('values may be constant expressions of the language', () => {
    expect(parse('a=pi/2,b=-e^2,c=1/3').map((a) => a.value)).toEqual([Math.PI / 2, -(Math.E ** 2), 1 / 3])
  })

  it('an expression error inside a value points into the --at text', () => {
    const e = failure(() => parse('x=1,y=sin('))
    expect(e.source).toMatchObject({ field: 'at', text: 'x=1,y=sin(' })
    expect(e.source!.start).toBeGreaterThanOrEqual(6)
  })

  it('empty entries and missing values are refused with their position', () => {
    expect(failure(() => parse('x=1,,y=2')).source).toMatchObject({ start: 4 })
    expect(failure(() => parse('x=')).message).toBe("--at: a value is missing after '='")
    expect(failure(() => parse('2=1')).message).toBe("--at: '2' is not a variable name")
  })

  it('pointFor orders by the program’s variables (core’s decodePoint) and refuses strays', () => {
    expect(Array.from(pointFor(parse('y=3,x=2'), ['x', 'y'], 'at', 'y=3,x=2', core))).toEqual([2, 3])
    expect(failure(() => pointFor(parse('x=1,z=2'), ['x'], 'at', 'x=1,z=2', core)).source).toMatchObject({
      start: 4,
      end: 7,
    })
    expect(failure(() => pointFor(parse('x=1'), ['x', 'y'], 'at', 'x=1', core)).code).toBe('missing-variable')
  })
})
