import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule grad', () => {
  it('an expression starting with - is the expression, not an option', async () => {
    expect((await cli(['grad', '-x^2', '--at', 'x=1'])).stdout).toBe('at     x = 1\nf      -1\ndf/dx  -2\n')
  })

  it('reads the expression from stdin with -', async () => {
    const r = await cli(['grad', '-', '--at', 'x=3,y=4'], { stdin: 'x*y + x^3 - log(y)\n' })
    expect(r.stdout).toBe('at     x = 3, y = 4\nf      37.6137056389\n∂f/∂x  31\n∂f/∂y   2.75\n')
  })

  it('variables are in core’s order (alphabetical), whatever order --at gives', async () => {
    const r = json(await cli(['grad', 'b*a^2', '--at', 'b=3,a=2', '--json']))
    expect(r.variables).toEqual(['a', 'b'])
    expect(r.at).toEqual({ a: 2, b: 3 })
    expect(r.gradient).toEqual([12, 4])
  })

  it('a non-finite gradient from the reverse sweep is flagged at the op that made it', async () => {
    const r = await cli(['grad', 'x*sqrt(x)', '--at', 'x=0'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('at     x = 0\nf        0\ndf/dx  NaN\n')
    expect(r.stderr).toBe(
      'warning: ∇f is not finite: it starts at sqrt (column 3) in the reverse sweep\n  x*sqrt(x)\n    ^^^^^^^\n',
    )
    const j = json(await cli(['grad', 'sqrt(x)', '--at', 'x=0', '--json']))
    expect(j.gradient).toEqual(['Infinity'])
    expect(j.nonFinite).toEqual(['/gradient/0'])
    expect(j.origin).toMatchObject({ sweep: 'reverse', op: 'sqrt', start: 0, end: 7 })
  })

  it('NaN and ±Infinity are accepted as input values', async () => {
    const r = await cli(['grad', 'x + y', '--at', 'x=NaN,y=-Infinity', '--json'])
    expect(r.code).toBe(1)
    expect(json(r)).toMatchObject({ at: { x: 'NaN', y: '-Infinity' }, value: 'NaN', gradient: [1, 1] })
    expect(json(r).nonFinite).toEqual(['/at/x', '/at/y', '/value'])
  })

  it('a list of expressions is a usage error pointing at jacobian', async () => {
    const r = await cli(['grad', 'x; y', '--at', 'x=1,y=2'])
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: grad needs one expression; this list has 2 (use jacobian)\n',
    })
  })
})

describe('usage errors: exit 2, one message line, a caret where there is text to point at', () => {
  const cases: [string[], string][] = [
    [['grad', 'x^2'], 'error: --at is required: give a value for x\n'],
    [['grad', 'x^2', '--at', 'x'], "error: --at: expected name=value, got 'x' (column 1)\n  x\n  ^\n"],
    [['grad', 'x^2', '--at', 'x=1,x=2'], 'error: --at: x is given twice (column 5)\n  x=1,x=2\n      ^^^\n'],
    [
      ['grad', 'x^2', '--at', 'y=2'],
      'error: --at: y is not a variable of the expression (x) (column 1)\n  y=2\n  ^^^\n',
    ],
    [
      ['grad', 'x*y', '--at', 'x=2'],
      'error: --at: missing a value for y (variables: x, y) (column 4)\n  x=2\n     ^\n',
    ],
    [
      ['grad', 'x^2', '--at', 'x=0x10'],
      'error: --at: hexadecimal, octal and binary literals are not supported (column 3)\n  x=0x10\n    ^^^^\n',
    ],
    [
      ['grad', 'x^2', '--at', 'x=pi/'],
      "error: --at: the expression ends after '/': an operand is missing (column 5)\n  x=pi/\n      ^\n",
    ],
    [
      ['grad', 'x^2', '--at', 'x=y+1'],
      "error: --at: 'y+1' is not a number or a constant expression such as pi/4 (column 3)\n  x=y+1\n    ^^^\n",
    ],
    [['grad', 'x^2', '--at', 'x=1', '--foo'], "error: unknown option '--foo'\n"],
    [['grad', 'x', 'y'], 'error: expected one expression, got 2 arguments (quote it: "x + y")\n'],
  ]
  for (const [argv, stderr] of cases) {
    it(argv.join(' '), async () => {
      expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr })
    })
  }

  it('commander’s own errors (a bad choice, a missing argument) also exit 2', async () => {
    const bad = await cli(['grad', 'x', '--at', 'x=1', '--backend', 'gpu'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      "error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are wasm, js.\n",
    )
    expect((await cli(['grad'])).code).toBe(2)
    expect((await cli(['nonsense'])).code).toBe(2)
  })

  it('in --json mode stdout holds only the error object', async () => {
    const r = await cli(['grad', 'x^2', '--at', 'x=1,x=2', '--json'])
    expect(r.code).toBe(2)
    expect(json(r)).toEqual({
      error: { code: 'invalid-point', message: '--at: x is given twice', field: 'at', start: 4, end: 7 },
    })
    const c = await cli(['grad', 'x', '--backend', 'gpu', '--json'])
    expect(json(c)).toEqual({
      error: {
        code: 'usage',
        message: "option '--backend <name>' argument 'gpu' is invalid. Allowed choices are wasm, js.",
      },
    })
  })

  it('--help and --version exit 0', async () => {
    const help = await cli(['grad', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: chainrule grad|diff [options] <expr>')
    expect((await cli(['--version'])).stdout).toBe('0.1.0\n')
  })

  it('human output rounds to 12 significant digits; --json keeps every digit', async () => {
    const r = await cli(['grad', 'x*y', '--at', 'x=0.1,y=242'])
    expect(r.stdout).toContain('f       24.2\n')
    const j = json(await cli(['grad', 'x*y', '--at', 'x=0.1,y=242', '--json']))
    expect(j.value).toBe(0.1 * 242)
    expect(0.1 * 242).toBe(24.200000000000003)
  })
})
