import { describe, expect, it } from 'vitest'
import { parseNumber } from './numbers.js'
import { cli, json } from './test/cli.js'

describe('parseNumber', () => {
  it('decimal literals and docs/ARCHITECTURE.md §11’s names', () => {
    expect(['2', '-1.5', '+.5', '1e-3', '1E+2', 'NaN', 'Infinity', '-Infinity'].map(parseNumber)).toEqual([
      2,
      -1.5,
      0.5,
      0.001,
      100,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ])
  })

  it('refuses what Number() would quietly accept or mangle', () => {
    expect(['', ' ', '0x10', '1_000', '1e999', 'inf', '1.2.3', '2x'].map(parseNumber)).toEqual(
      new Array(8).fill(undefined),
    )
  })
})

describe('one number rule for --at, CSV and JSON points', () => {
  const TOO_LARGE = 'is too large for a 64-bit float (it would be Infinity)'

  it('1e400 and -1e400 are refused everywhere, with the same words (exit 2)', async () => {
    for (const v of ['1e400', '-1e400', '2E+308']) {
      const at = await cli(['eval', 'x', '--at', `x=${v}`, '--json'])
      const csv = await cli(['eval', 'x', '--points', 'p', '--json'], { files: { p: `x\n${v}\n` } })
      const arr = await cli(['eval', 'x', '--points', 'p', '--json'], { files: { p: `[{"x": ${v}}]` } })
      const lines = await cli(['eval', 'x', '--points', 'p', '--json'], { files: { p: `{"x": ${v}}\n` } })
      for (const r of [at, csv, arr, lines]) {
        expect(r.code).toBe(2)
        expect((json(r).error as { code: string }).code).toBe('invalid-number')
      }
      // --at reads -1e400 as the expression language does: minus, then the literal that overflows.
      expect((json(at).error as { message: string }).message).toBe(
        `--at: '${v.replace(/^-/, '')}' ${TOO_LARGE}`,
      )
      expect((json(csv).error as { message: string }).message).toBe(`--points: line 2: '${v}' ${TOO_LARGE}`)
      expect((json(arr).error as { message: string }).message).toBe(`--points: /0/x: '${v}' ${TOO_LARGE}`)
      expect((json(lines).error as { message: string }).message).toBe(
        `--points: line 1: /x: '${v}' ${TOO_LARGE}`,
      )
    }
  })

  it('docs/ARCHITECTURE.md §11’s NaN, Infinity, -Infinity: bare in --at and CSV, strings in JSON; the same points', async () => {
    const names = ['NaN', 'Infinity', '-Infinity']
    const csv = await cli(['eval', 'x', '--points', 'p', '--json'], {
      files: { p: `x\n${names.join('\n')}\n` },
    })
    const arr = await cli(['eval', 'x', '--points', 'p', '--json'], {
      files: { p: JSON.stringify(names.map((x) => ({ x }))) },
    })
    expect(csv.stdout).toBe(arr.stdout)
    const at = await Promise.all(
      names.map(async (v) => json(await cli(['eval', 'x', '--at', `x=${v}`, '--json'])).at),
    )
    expect(
      csv.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).at),
    ).toEqual(at)
    expect(at).toEqual([{ x: 'NaN' }, { x: 'Infinity' }, { x: '-Infinity' }])
    // JSON takes docs/ARCHITECTURE.md §11's strings only: a bare NaN is not JSON, and "nan" is not one of the three.
    for (const p of ['[{"x": NaN}]', '[{"x": "nan"}]']) {
      expect((await cli(['eval', 'x', '--points', 'p'], { files: { p } })).code).toBe(2)
    }
  })
})
