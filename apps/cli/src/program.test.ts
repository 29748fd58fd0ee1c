import { describe, expect, it } from 'vitest'
import { cli } from './test/cli.js'

const COMMANDS = ['eval', 'grad', 'hessian', 'jacobian', 'compare', 'explain', 'graph', 'minimize', 'bench']

describe('chainrule --help', () => {
  it('lists every command and ends with examples', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    expect(r.stdout).toContain('Examples:\n  $ chainrule grad "x^2 + x" --at x=2\n')
  })

  for (const name of COMMANDS) {
    it(`${name} --help shows examples of ${name} and the global options`, async () => {
      const r = await cli([name, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ chainrule ${name} `))
      expect(r.stdout).toContain('Global Options:')
      expect(r.stdout).toContain('--backend <name>')
    })
  }
})
