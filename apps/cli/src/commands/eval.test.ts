import { formatNumber } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule eval', () => {
  it('prints the value at the point', async () => {
    expect(await cli(['eval', 'x^2 + x', '--at', 'x=2'])).toEqual({
      code: 0,
      stdout: 'at  x = 2\nf   6\n',
      stderr: '',
    })
  })

  it('a list of expressions gives f1, f2, …; --at values may be constant expressions', async () => {
    const r = await cli(['eval', 'sin(x); cos(x)', '--at', 'x=pi/6', '--backend', 'js'])
    expect(r.stdout).toBe(
      `at  x = ${formatNumber(Math.PI / 6)}\nf1  0.5\nf2  ${formatNumber(Math.cos(Math.PI / 6))}\n`,
    )
  })

  it('an expression without variables needs no --at', async () => {
    expect((await cli(['eval', '2^10'])).stdout).toBe('f  1024\n')
  })

  it('--json: value is a number for one expression, an array for a list', async () => {
    expect(json(await cli(['eval', 'x^2 + x', '--at', 'x=2', '--json', '--backend', 'js']))).toEqual({
      command: 'eval',
      expression: 'x^2 + x',
      backend: 'js',
      variables: ['x'],
      at: { x: 2 },
      value: 6,
    })
    expect(json(await cli(['eval', 'sin(x); cos(x)', '--at', 'x=0', '--json'])).value).toEqual([0, 1])
  })

  it('a non-finite value exits 1 and names where it started, with a caret', async () => {
    const r = await cli(['eval', '1 + log(x)', '--at', 'x=0'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('at  x = 0\nf   -Infinity\n')
    expect(r.stderr).toBe(
      'warning: f is not finite: it starts at log (column 5) in the forward sweep\n  1 + log(x)\n      ^^^^^^\n',
    )
  })

  it('--json encodes it as docs/ARCHITECTURE.md §11 says: a string, the path, and the node it came from', async () => {
    const r = await cli(['eval', '1 + log(x)', '--at', 'x=0', '--json', '--backend', 'js'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(json(r)).toEqual({
      command: 'eval',
      expression: '1 + log(x)',
      backend: 'js',
      variables: ['x'],
      at: { x: 0 },
      value: '-Infinity',
      nonFinite: ['/value'],
      origin: { sweep: 'forward', node: 2, op: 'log', value: '-Infinity', start: 4, end: 10 },
    })
  })
})
