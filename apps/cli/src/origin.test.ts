// Golden outputs for the origin text's examples, as `chainrule grad` prints
// them for people and as --json, on both backends.
import { describe, expect, it } from 'vitest'
import { cli, json } from './test/cli.js'

const sigma = 1 / (1 + Math.exp(-0.5))

interface Example {
  expr: string
  at: string
  value: number
  gradient: number[]
  human: string
}

const EXAMPLES: Example[] = [
  { expr: 'x^2 + x', at: 'x=2', value: 6, gradient: [5], human: 'at     x = 2\nf      6\ndf/dx  5\n' },
  { expr: 'x^2 - x', at: 'x=2', value: 2, gradient: [3], human: 'at     x = 2\nf      2\ndf/dx  3\n' },
  {
    expr: 'exp(x) + log(x)',
    at: 'x=2',
    value: Math.exp(2) + Math.log(2),
    gradient: [Math.exp(2) + 0.5],
    human: 'at     x = 2\nf      8.08220327949\ndf/dx  7.88905609893\n',
  },
  {
    expr: 'log(x) + log10(x)',
    at: 'x=10',
    value: Math.log(10) + 1,
    gradient: [0.1 + 1 / (10 * Math.LN10)],
    human: 'at     x = 10\nf      3.30258509299\ndf/dx  0.14342944819\n',
  },
  {
    expr: 'sin(x) + cos(x)',
    at: 'x=0.5',
    value: Math.sin(0.5) + Math.cos(0.5),
    gradient: [Math.cos(0.5) - Math.sin(0.5)],
    human: 'at     x = 0.5\nf      1.35700810049\ndf/dx  0.398157023286\n',
  },
  { expr: 'relu(x)', at: 'x=2', value: 2, gradient: [1], human: 'at     x = 2\nf      2\ndf/dx  1\n' },
  {
    expr: 'sigmoid(x)',
    at: 'x=0.5',
    value: sigma,
    gradient: [sigma * (1 - sigma)],
    human: 'at     x = 0.5\nf      0.622459331202\ndf/dx  0.235003712202\n',
  },
  {
    expr: 'x*y + x^3 - log(y)',
    at: 'x=3,y=4',
    value: 12 + 27 - Math.log(4),
    gradient: [31, 2.75],
    human: 'at     x = 3, y = 4\nf      37.6137056389\n∂f/∂x  31\n∂f/∂y   2.75\n',
  },
]

/** |a − b| in units in the last place of b. */
const ulps = (a: number, b: number) =>
  Math.abs(a - b) / (Number.EPSILON * Math.max(Math.abs(b), Number.MIN_VALUE))

describe('origin text examples through `chainrule grad`', () => {
  for (const e of EXAMPLES) {
    it(`${e.expr} at ${e.at}: human output (js backend, exact)`, async () => {
      const r = await cli(['grad', e.expr, '--at', e.at, '--backend', 'js'])
      expect(r).toEqual({ code: 0, stdout: e.human, stderr: '' })
    })

    it(`${e.expr} at ${e.at}: --json (js exact; default backend within 4 ulps)`, async () => {
      const js = json(await cli(['grad', e.expr, '--at', e.at, '--backend', 'js', '--json']))
      const variables = e.at.split(',').map((a) => a.split('=')[0])
      const at = Object.fromEntries(e.at.split(',').map((a) => [a.split('=')[0], Number(a.split('=')[1])]))
      expect(js).toEqual({
        command: 'grad',
        expression: e.expr,
        backend: 'js',
        variables,
        at,
        value: e.value,
        gradient: e.gradient,
      })
      const wasm = await cli(['grad', e.expr, '--at', e.at, '--json'])
      expect(wasm.code).toBe(0)
      const w = json(wasm) as { value: number; gradient: number[] }
      expect(ulps(w.value, e.value)).toBeLessThanOrEqual(4)
      for (const [j, g] of w.gradient.entries()) expect(ulps(g, e.gradient[j])).toBeLessThanOrEqual(4)
    })
  }

  it('diff is grad', async () => {
    expect(await cli(['diff', 'x^2 + x', '--at', 'x=2'])).toEqual(
      await cli(['grad', 'x^2 + x', '--at', 'x=2']),
    )
  })
})
