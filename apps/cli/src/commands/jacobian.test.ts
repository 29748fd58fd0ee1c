import { formatNumber } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule jacobian', () => {
  it('one row per expression, one column per variable', async () => {
    const r = await cli(['jacobian', 'x*y; x + sin(y)', '--at', 'x=1,y=2', '--backend', 'js'])
    expect(r.stdout).toBe(
      [
        'at  x = 1, y = 2',
        'f1  2',
        `f2  ${formatNumber(1 + Math.sin(2))}`,
        '',
        'Jacobian  x   y',
        'f1        2   1',
        `f2        1  ${formatNumber(Math.cos(2))}`,
        '',
      ].join('\n'),
    )
  })

  it('--json: value is always a list, jacobian m rows of n', async () => {
    expect(
      json(await cli(['jacobian', 'x*y, x + sin(y)', '--at', 'x=1,y=2', '--json', '--backend', 'js'])),
    ).toEqual({
      command: 'jacobian',
      expression: 'x*y, x + sin(y)',
      backend: 'js',
      variables: ['x', 'y'],
      at: { x: 1, y: 2 },
      value: [2, 1 + Math.sin(2)],
      jacobian: [
        [2, 1],
        [1, Math.cos(2)],
      ],
    })
  })

  it('a non-finite entry exits 1', async () => {
    const r = await cli(['jacobian', 'x; log(x)', '--at', 'x=0', '--json'])
    expect(r.code).toBe(1)
    expect(json(r).nonFinite).toEqual(['/value/1', '/jacobian/1/0'])
  })
})
