import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

// The test clock advances 1 ms per reading, so every timing prints as 1 ms.
const EXP_AT_1 = [
  'at  x = 1',
  'f   2.71828182846',
  '',
  'method      h        df/dx          abs error  rel error  time',
  'AD                   2.71828182846                        1 ms',
  'central     6.06e-6  2.71828182845   1.29e-11   4.74e-12  1 ms',
  'forward     1.49e-8  2.71828186512    3.67e-8    1.35e-8  1 ms',
  'backward    1.49e-8  2.71828180552    2.29e-8    8.44e-9  1 ms',
  'richardson  0.1      2.71828182846   1.02e-14   3.76e-15  1 ms',
  '',
  'log10 |error| against log10 h, AD as the reference',
  '  1e1 ┤',
  '  1e0 ┤                                                        fcccc',
  ' 1e-1 ┤ffff                                                  ccccbr',
  ' 1e-2 ┤cc fffff                                        rrrccccbrr',
  ' 1e-3 ┤ ccc   fffff                                fffccccc',
  ' 1e-4 ┤   ccc     fffff                        ffccccccb',
  ' 1e-5 ┤     ccc       fffff                 ffccccbbbb',
  ' 1e-6 ┤       ccc         fffff        rfffcccc',
  ' 1e-7 ┤         ccc           ffff rrffffccc',
  ' 1e-8 ┤           ccc           rffccccccc',
  ' 1e-9 ┤             ccc    rrrrrrccc',
  '1e-10 ┤               cccccccccccc',
  '1e-11 ┤             rrrrr',
  '1e-12 ┤       rrrrrrr',
  '1e-13 ┤   rrrrr',
  '1e-14 ┤rrrr',
  '       1e-1    1e-3    1e-5    1e-7    1e-9    1e-11   1e-13   1e-15',
  '       c central   f forward   b backward   r richardson',
  'best: central 5.86e-11 (h = 1e-5), forward 6.6e-9 (h = 1e-8), backward 6.6e-9 (h = 1e-8), richardson 1.02e-14 (h = 0.1)',
  '',
].join('\n')

describe('chainrule compare', () => {
  it('exp at 1: the table, and the error curves drawn as a V (golden)', async () => {
    expect(await cli(['compare', 'exp(x)', '--at', 'x=1', '--backend', 'js'])).toEqual({
      code: 0,
      stdout: EXP_AT_1,
      stderr: '',
    })
  })

  it('--json: AD, each method at its default step, and the sweep over --h', async () => {
    const r = json(
      await cli(['compare', 'exp(x)', '--at', 'x=1', '--h', '1e-1,1e-5,1e-13', '--json', '--backend', 'js']),
    )
    const e = Math.exp(1)
    expect(r).toMatchObject({ command: 'compare', variable: 'x', value: e, ad: e, gradient: [e] })
    expect(r.timeMs).toEqual({ ad: 1, central: 1, forward: 1, backward: 1, richardson: 1 })
    expect((r.gradcheck as { ok: boolean }).ok).toBe(true)
    const methods = r.methods as Record<
      string,
      { h: number; value: number; absError: number; relError: number; evaluations: number }
    >
    expect(Object.keys(methods)).toEqual(['central', 'forward', 'backward', 'richardson'])
    expect(methods.central.h).toBe(Math.cbrt(Number.EPSILON))
    expect(methods.forward.h).toBe(Math.sqrt(Number.EPSILON))
    for (const m of Object.values(methods)) {
      expect(m.absError).toBe(Math.abs(m.value - e))
      expect(m.relError).toBe(m.absError / e)
    }
    const sweep = r.sweep as {
      hs: number[]
      rows: { h: number; central: { absError: number } }[]
      best: { central: { h: number } }
    }
    expect(sweep.hs).toEqual([1e-1, 1e-5, 1e-13])
    expect(sweep.rows.map((row) => row.h)).toEqual([1e-1, 1e-5, 1e-13])
    // The V: the middle step beats both ends.
    const [big, mid, tiny] = sweep.rows.map((row) => row.central.absError)
    expect(mid).toBeLessThan(big)
    expect(mid).toBeLessThan(tiny)
    expect(sweep.best.central.h).toBe(1e-5)
  })

  it('--variable picks the variable differentiated along (--wrt, its former name, still works)', async () => {
    for (const flag of ['--variable', '--wrt']) {
      const r = json(await cli(['compare', 'x*y + x^3 - log(y)', '--at', 'x=3,y=4', flag, 'y', '--json']))
      expect(r.variable).toBe('y')
      expect(r.ad).toBe(2.75)
    }
  })

  const usage: [string[], string][] = [
    [
      ['compare', 'x*y', '--at', 'x=1,y=1', '--variable', 'z'],
      "error: --variable: 'z' is not a variable of the expression (x, y)\n",
    ],
    [
      ['compare', 'x*y', '--at', 'x=1,y=1', '--wrt', 'z'],
      "error: --wrt: 'z' is not a variable of the expression (x, y)\n",
    ],
    [['compare', '2 + 3'], 'error: compare needs an expression with a variable\n'],
    [['compare', 'x; x^2', '--at', 'x=1'], 'error: compare needs one expression; this list has 2\n'],
    [
      ['compare', 'x', '--at', 'x=1', '--h', '1e-1,0'],
      "error: --h: '0' is not a positive step (column 6)\n  1e-1,0\n       ^\n",
    ],
  ]
  for (const [argv, stderr] of usage) {
    it(`usage: ${argv.join(' ')}`, async () => {
      expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr })
    })
  }

  it('outside a domain: the domain note, no empty best line, and says the curve cannot be drawn', async () => {
    const r = await cli(['compare', 'log(x)', '--at', 'x=-1'])
    expect(r.stdout).toContain('note: log(-1) is outside the domain of log')
    expect(r.stdout).toContain('the curve cannot be drawn')
    expect(r.stdout).not.toMatch(/^best:/m)
    expect(r.stdout).not.toContain('cccc')
    const ko = await cli(['compare', 'log(x)', '--at', 'x=-1', '--lang', 'ko'])
    expect(ko.stdout).toContain('곡선을 그릴 수 없습니다')
  })

  it('a derivative that is not finite at the point exits 1', async () => {
    const r = await cli(['compare', 'sqrt(x)', '--at', 'x=0', '--json'])
    expect(r.code).toBe(1)
    expect(json(r).ad).toBe('Infinity')
  })

  it('at a kink says the differences straddle it, in both languages', async () => {
    const r = await cli(['compare', 'abs(x)', '--at', 'x=0'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: At A = 0, abs has a kink')
    expect(r.stdout).toContain('pins ∂B/∂A = 0 there by convention')
    const ko = await cli(['compare', 'relu(x)', '--at', 'x=0', '--lang', 'ko'])
    expect(ko.stdout).toContain('참고: A = 0에서 relu는 꺾이는 점(kink)')
    const j = json(await cli(['compare', 'relu(x)', '--at', 'x=0', '--json']))
    expect(j.notes).toMatchObject([{ kind: 'kink', label: 'B', op: 'relu' }])
    expect(json(await cli(['compare', 'relu(x)', '--at', 'x=1', '--json']))).not.toHaveProperty('notes')
  })

  it('near a kink says when the central difference straddles it (en, ko)', async () => {
    const r = await cli(['compare', 'abs(x)', '--at', 'x=1e-7'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("note: the central difference's points (x ± ")
    expect(r.stdout).toContain('lie on both sides of a kink of abs')
    const ko = await cli(['compare', 'abs(x)', '--at', 'x=1e-7', '--lang', 'ko'])
    expect(ko.stdout).toContain('꺾이는 점 양쪽에')
    expect((await cli(['compare', 'abs(x)', '--at', 'x=1'])).stdout).not.toContain('note:')
  })
})
