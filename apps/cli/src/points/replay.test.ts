import { compile, DEFAULT_LIMITS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

const EXPR = 'x*y + x^3 - log(y)'

/** A deterministic pseudo-random sequence (mulberry32), so the file is the same every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function csv(k: number): { text: string; rows: [number, number][] } {
  const next = random(42)
  const rows: [number, number][] = Array.from({ length: k }, () => [next() * 4 - 2, next() * 3 + 0.1])
  return { text: `x,y\n${rows.map(([x, y]) => `${x},${y}`).join('\n')}\n`, rows }
}

describe('--points', () => {
  it('CSV headers are ASCII (df/dx) unless --unicode-headers keeps ∂; values keep every digit', async () => {
    const files = { 'p.csv': 'x,y\n0.1,0.2\n' }
    const ascii = await cli(['grad', 'x*y + x', '--points', 'p.csv'], { files })
    expect(ascii.stdout).toBe('x,y,f,df/dx,df/dy\n0.1,0.2,0.12000000000000001,1.2,0.1\n')
    const unicode = await cli(['grad', 'x*y + x', '--points', 'p.csv', '--unicode-headers'], { files })
    expect(unicode.stdout.split('\n')[0]).toBe('x,y,f,∂f/∂x,∂f/∂y')
  })

  it('grad at 100 000 CSV rows: one output row per point, equal to per-point gradients', async () => {
    const { text, rows } = csv(100_000)
    const r = await cli(['grad', EXPR, '--points', 'p.csv', '--backend', 'js'], { files: { 'p.csv': text } })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('x,y,f,df/dx,df/dy')
    expect(lines).toHaveLength(100_002)
    expect(lines.at(-1)).toBe('')
    const program = compile(EXPR)
    for (let i = 0; i < rows.length; i++) {
      const { value, gradient } = program.gradient(rows[i])
      const want = `${rows[i][0]},${rows[i][1]},${value},${gradient[0]},${gradient[1]}`
      if (lines[i + 1] !== want) expect(`row ${i + 1}: ${lines[i + 1]}`).toBe(`row ${i + 1}: ${want}`)
    }
  }, 60_000)

  it('the default (wasm) backend agrees with `chainrule grad` at sampled rows', async () => {
    const { text, rows } = csv(20_000)
    const r = await cli(['grad', EXPR, '--points', 'p.csv', '--json'], { files: { 'p.csv': text } })
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(20_000)
    for (const i of [0, 1, 8191, 8192, 10_000, 19_999]) {
      const [x, y] = rows[i]
      const single = json(await cli(['grad', EXPR, '--at', `x=${x},y=${y}`, '--json']))
      expect(JSON.parse(lines[i])).toEqual({ at: single.at, value: single.value, gradient: single.gradient })
    }
  }, 60_000)

  it('eval of a list streams f1, f2 columns; JSON lines carry a value array', async () => {
    const files = { 'p.json': '[{"x": 0}, {"x": 1}]' }
    expect((await cli(['eval', 'x + 1; 2x', '--points', 'p.json'], { files })).stdout).toBe(
      'x,f1,f2\n0,1,0\n1,2,2\n',
    )
    expect((await cli(['eval', 'x + 1; 2x', '--points', 'p.json', '--json'], { files })).stdout).toBe(
      '{"at":{"x":0},"value":[1,0]}\n{"at":{"x":1},"value":[2,2]}\n',
    )
  })

  it('non-finite results are flagged per row (nonFinite paths) and the run exits 1', async () => {
    const files = { 'p.csv': 'x\n1\n0\n-1\n' }
    const r = await cli(['grad', 'log(x)', '--points', 'p.csv', '--json'], { files })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe(
      [
        '{"at":{"x":1},"value":0,"gradient":[1]}',
        '{"at":{"x":0},"value":"-Infinity","gradient":["Infinity"],"nonFinite":["/value","/gradient/0"]}',
        '{"at":{"x":-1},"value":"NaN","gradient":["NaN"],"nonFinite":["/value","/gradient/0"]}',
        '',
      ].join('\n'),
    )
    expect(r.stderr).toBe('warning: 2 of 3 points gave a result that is not finite (the first is point 2)\n')
    const c = await cli(['grad', 'log(x)', '--points', 'p.csv'], { files })
    expect(c.stdout).toBe('x,f,df/dx\n1,0,1\n0,-Infinity,Infinity\n-1,NaN,NaN\n')
  })

  it('points from stdin with --points -', async () => {
    const r = await cli(['eval', 'x^2', '--points', '-'], { stdin: 'x\n3\n' })
    expect(r.stdout).toBe('x,f\n3,9\n')
  })

  it('progress on a terminal, one update per batched replay', async () => {
    const { text } = csv(25_000)
    const r = await cli(['grad', EXPR, '--points', 'p.csv'], { files: { 'p.csv': text }, stderrTty: true })
    expect(r.stderr.split('\r').filter(Boolean)).toEqual([
      '10000 points\x1b[K',
      '20000 points\x1b[K',
      '25000 points\x1b[K',
      '\x1b[K',
    ])
  })

  it('usage errors: a missing file, --points with other commands, stdin asked for twice', async () => {
    expect(await cli(['grad', 'x', '--points', 'nope.csv'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --points: cannot read nope.csv: no such file\n',
    })
    expect((await cli(['hessian', 'x', '--points', 'p.csv'])).stderr).toBe(
      'error: --points works with eval and grad, not with hessian\n',
    )
    expect((await cli(['grad', '-', '--points', '-'])).stderr).toBe(
      'error: stdin cannot hold both the expression and the points (--points -)\n',
    )
  })
})

describe('--points streaming', () => {
  it('a bad value after the first batch stops the run there: earlier rows written, the error as one JSON line', async () => {
    const rows = Array.from({ length: 10_005 }, (_, i) => (i === 10_002 ? 'oops' : String(i)))
    const r = await cli(['eval', '2x', '--points', 'p.csv', '--json'], {
      files: { 'p.csv': `x\n${rows.join('\n')}\n` },
    })
    expect(r.code).toBe(2)
    const lines = r.stdout.trimEnd().split('\n')
    // The first batch (10 000 points), then the error on a line of its own.
    expect(lines).toHaveLength(10_001)
    expect(JSON.parse(lines[9999])).toEqual({ at: { x: 9999 }, value: 19_998 })
    expect(JSON.parse(lines[10_000])).toEqual({
      error: {
        code: 'invalid-number',
        message: "--points: line 10004: 'oops' is not a number",
        field: 'points',
        start: 0,
        end: 4,
      },
    })
    expect(r.stderr).toBe("error: --points: line 10004: 'oops' is not a number (column 1)\n  oops\n  ^^^^\n")
  })

  it('a bad value in the first batch leaves stdout with the error only', async () => {
    const r = await cli(['grad', 'x', '--points', 'p.csv'], { files: { 'p.csv': 'x\n1\n2\nz\n' } })
    expect(r).toMatchObject({ code: 2, stdout: '' })
  })
})

describe('--points: the work budget, per batch', () => {
  it('a batch the API would refuse (2 sweeps × tape × points over limits.work) is refused before any output', async () => {
    const expr = Array.from({ length: 1500 }, () => 'x').join('+')
    const { size } = compile(expr)
    const k = Math.ceil(DEFAULT_LIMITS.work / (2 * size)) + 1
    expect(k).toBeLessThanOrEqual(DEFAULT_LIMITS.points)
    const file = `x\n${'1\n'.repeat(k)}`
    const r = await cli(['grad', expr, '--points', 'f'], { files: { f: file } })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `error: needs about ${(2 * size * k).toPrecision(2)} node visits, over the limit of ${DEFAULT_LIMITS.work}: use fewer points or a smaller expression\n`,
    )
    // One point fewer per batch than the budget allows runs.
    const ok = await cli(['grad', expr, '--points', 'f'], { files: { f: `x\n${'1\n'.repeat(k - 2)}` } })
    expect(ok.code).toBe(0)
  })
})
