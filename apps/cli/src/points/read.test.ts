import * as core from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { readPoints } from './read.js'

async function* pieces(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}

/** Every point of `text`, read in pieces of `size` characters, with the batch sizes seen. */
async function readAll(text: string, variables = ['x', 'y'], size = 5, batch = 1000) {
  const values: number[] = []
  const batches: number[] = []
  for await (const b of readPoints(pieces(text, size), variables, core, batch)) {
    values.push(...b.points)
    batches.push(b.k)
  }
  return { values, k: batches.reduce((a, b) => a + b, 0), batches }
}

async function failure(text: string, variables = ['x', 'y']): Promise<UsageError> {
  try {
    await readAll(text, variables)
  } catch (e) {
    if (e instanceof UsageError) return e
    throw e
  }
  throw new Error('expected a UsageError')
}

const message = async (text: string, variables?: string[]) => (await failure(text, variables)).message

describe('--points CSV', () => {
  it('columns in any order land in the variables’ order; blank lines and spaces are ignored', async () => {
    const { values, k } = await readAll('y, x\n1, 2\n\n3,4\r\n-Infinity,NaN\n')
    expect(k).toBe(3)
    expect(values).toEqual([2, 1, 4, 3, Number.NaN, Number.NEGATIVE_INFINITY])
  })

  it('a header only is zero points; a last line without a newline counts; a byte-order mark is ignored', async () => {
    expect((await readAll('x,y\n')).k).toBe(0)
    expect((await readAll('\uFEFFx,y\n1,2')).values).toEqual([1, 2])
  })

  it('the same points whatever the pieces the text arrives in', async () => {
    const text = 'y,x\r\n1.5,2e-3\r\n\r\n-3,NaN\n4,+Infinity\n'
    const whole = await readAll(text, ['x', 'y'], text.length)
    for (let size = 1; size <= text.length; size++)
      expect(await readAll(text, ['x', 'y'], size)).toEqual(whole)
  })

  it('batches of at most the batch size, in order', async () => {
    const text = `x,y\n${Array.from({ length: 7 }, (_, i) => `${i},${-i}`).join('\n')}\n`
    const r = await readAll(text, ['x', 'y'], 3, 3)
    expect(r.batches).toEqual([3, 3, 1])
    expect(r.values).toEqual([0, 0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6])
  })

  it('a bad cell names its line and points at it', async () => {
    const e = await failure('x,y\n1,2\n3, abc\n')
    expect(e.message).toBe("--points: line 3: 'abc' is not a number")
    expect(e.source).toEqual({ field: 'points', text: '3, abc', start: 3, end: 6 })
  })

  it('refuses empty cells and hexadecimal; an overflowing literal is too large, as in the expression language', async () => {
    expect(await message('x,y\n1,\n')).toBe("--points: line 2: '' is not a number")
    expect(await message('x,y\n0x10,1\n')).toBe("--points: line 2: '0x10' is not a number")
    expect(await message('x,y\n1e999,1\n')).toBe(
      "--points: line 2: '1e999' is too large for a 64-bit float (it would be Infinity)",
    )
  })

  it('header problems: an unknown column, a missing variable, a repeated name, a short row', async () => {
    expect(await message('x,z\n1,2\n')).toBe(
      "--points: line 1: column 'z' is not a variable of the expression (x, y)",
    )
    expect(await message('x\n1\n')).toBe('--points: the header has no column for y')
    expect(await message('x,y,x\n1,2,3\n')).toBe('--points: the header names x twice')
    expect(await message('x,y\n1\n')).toBe('--points: line 2: 1 values, the header has 2')
    expect(await message('')).toBe('--points: the file is empty; expected a header of variable names')
    expect(await message(' \n\n')).toBe('--points: the file is empty; expected a header of variable names')
  })

  it('a line longer than 64 Ki characters is refused before it is buffered whole', async () => {
    expect(await message(`x,y\n1,${'0'.repeat(70_000)}`)).toBe(
      '--points: line 2 is longer than 65536 characters',
    )
  })
})

describe('--points JSON', () => {
  it('an array of objects or arrays, docs/ARCHITECTURE.md §11 strings for non-finite values, through core’s decodePoint', async () => {
    const { values, k } = await readAll('[{"x": 1, "y": 2}, {"y": "Infinity", "x": "NaN"}, [-0.5, 1e-3]]')
    expect(k).toBe(3)
    expect(values).toEqual([1, 2, Number.NaN, Number.POSITIVE_INFINITY, -0.5, 0.001])
  })

  it('JSON Lines: one point object per line', async () => {
    const r = await readAll('{"x": 1, "y": 2}\n{"y": "-Infinity", "x": 3}\n')
    expect(r.values).toEqual([1, 2, 3, Number.NEGATIVE_INFINITY])
  })

  it('the same points whatever the pieces the text arrives in', async () => {
    const text = ' [ {"x": -12.5e-1, "y": "NaN"},\n[3, 40] , {"y":0,"x":1E2} ]\n'
    const whole = await readAll(text, ['x', 'y'], text.length)
    expect(whole.values).toEqual([-1.25, Number.NaN, 3, 40, 100, 0])
    for (let size = 1; size <= text.length; size++)
      expect(await readAll(text, ['x', 'y'], size)).toEqual(whole)
  })

  it('1e400 is refused as the CSV path and --at refuse it, not read as Infinity', async () => {
    const e = await failure('[{"x": 1, "y": 1e400}]')
    expect(e.code).toBe('invalid-number')
    expect(e.message).toBe("--points: /0/y: '1e400' is too large for a 64-bit float (it would be Infinity)")
    expect(await message('[[1, -1e400]]')).toBe(
      "--points: /0/1: '-1e400' is too large for a 64-bit float (it would be Infinity)",
    )
    expect(await message('{"x": 1e400, "y": 1}')).toBe(
      "--points: line 1: /x: '1e400' is too large for a 64-bit float (it would be Infinity)",
    )
  })

  it('errors carry core’s JSON pointer and words', async () => {
    expect(await message('[{"x": 1}]')).toBe('--points: /0: missing a value for y')
    expect(await message('[{"x": 1, "y": "2"}]')).toBe(
      '--points: /0/y: expected a number or "NaN", "Infinity", "-Infinity", got the string "2"',
    )
    expect(await message('[{"x": 1, "y": 2}, {"z": 1}]')).toBe(
      "--points: /1/z: 'z' is not a variable ('x', 'y')",
    )
    expect(await message('[{"x": 1, "y": null}]')).toBe(
      '--points: /0/y: expected a number or "NaN", "Infinity", "-Infinity", got null',
    )
    expect(await message('[{"x": 1, "y": {"a": 1}}]')).toBe(
      '--points: /0/y: expected a number or "NaN", "Infinity", "-Infinity", got an object',
    )
    expect(await message('[[1, 2, 3]]')).toBe('--points: /0: expected 2 numbers, got 3')
    expect(await message('[{"x": 1, "x": 2, "y": 3}]')).toBe("--points: /0: 'x' is given twice")
  })

  it('malformed JSON names the line and column', async () => {
    const cases: [string, string][] = [
      ['[{"x": 1,', 'the JSON ends in the middle (a point or the array is not closed)'],
      ['[{"x": 1 "y": 2}]', "line 1, column 10: expected ',' or '}' in a point, got '\"y\"'"],
      ['[{"x": 1, "y": 2}]\n[]', "line 2, column 1: expected nothing after the closing ], got '['"],
      ['[{"x": 01, "y": 2}]', "line 1, column 8: expected a value, got '01'"],
      ['[{"x": NaN, "y": 2}]', "line 1, column 8: expected a value, got 'NaN'"],
      ['[{"x": 1, "y": "2}]', 'line 1, column 16: a string is never closed'],
      ['[1, 2]', "line 1, column 2: expected a point ({…} or […]) or ']', got '1'"],
    ]
    for (const [text, why] of cases) {
      const e = await failure(text)
      expect(e.code, text).toBe('invalid-json')
      expect(e.message).toBe(`--points: ${why}`)
    }
  })

  it('an empty array is zero points', async () => {
    expect((await readAll('[ ]')).k).toBe(0)
  })
})
