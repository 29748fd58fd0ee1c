import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule hessian', () => {
  it('prints value, gradient and the matrix with variable names, decimal points aligned', async () => {
    const r = await cli(['hessian', 'x*y + x^3 - log(y)', '--at', 'x=3,y=4'])
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'at     x = 3, y = 4',
        'f      37.6137056389',
        '∂f/∂x  31',
        '∂f/∂y   2.75',
        '',
        'Hessian   x  y',
        'x        18  1',
        'y         1  0.0625',
        '',
      ].join('\n'),
    })
  })

  it('--json: hessian is n rows of n numbers', async () => {
    expect(
      json(await cli(['hessian', 'x*y + x^3 - log(y)', '--at', 'x=3,y=4', '--json', '--backend', 'js'])),
    ).toEqual({
      command: 'hessian',
      expression: 'x*y + x^3 - log(y)',
      backend: 'js',
      variables: ['x', 'y'],
      at: { x: 3, y: 4 },
      value: 12 + 27 - Math.log(4),
      gradient: [31, 2.75],
      hessian: [
        [18, 1],
        [1, 0.0625],
      ],
    })
  })
})
