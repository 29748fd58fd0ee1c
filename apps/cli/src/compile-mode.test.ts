// Which commands let the WASM backend compile their tape (docs/ARCHITECTURE.md §6):
// those that replay it many times ('auto': minimize, bench, eval and grad over
// --points), not those that sweep it a few times ('never'). Compiled results
// are the interpreter's bit for bit, so the output does not change.

import type { CompileOptions } from '@chainrule/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { cli } from './test/cli.js'

const made = vi.hoisted(() => [] as { options?: CompileOptions; program: { compiled: boolean } }[])

vi.mock('@chainrule/core-wasm', async (importOriginal) => {
  const real = await importOriginal<typeof import('@chainrule/core-wasm')>()
  const compile: typeof real.compile = (text, options) => {
    const program = real.compile(text, options)
    made.push({ options, program })
    return program
  }
  return { ...real, compile }
})

const modes = () => made.map((m) => m.options?.compile)

beforeEach(() => {
  made.length = 0
})

describe('compiling tapes per command', () => {
  it('minimize compiles its tape as it iterates, with output identical to the JS reference', async () => {
    const args = ['minimize', '(x - 3)^2 + sin(y)^2', '--from', 'x=0,y=1', '--method', 'gd']
    const many = [...args, '--lr', '1e-4', '--max-iter', '3000', '--json']
    const wasm = await cli([...many, '--backend', 'wasm'])
    expect(modes()).toEqual(['auto'])
    expect(made.at(-1)!.program.compiled).toBe(true)
    const js = await cli([...many, '--backend', 'js'])
    expect(wasm.stdout.replace('"backend": "wasm"', '"backend": "js"')).toBe(js.stdout)
    expect(JSON.parse(wasm.stdout).iterations).toBe(3000)
    expect(wasm.code).toBe(0)
  })

  it('a one-shot command keeps the interpreter', async () => {
    await cli(['grad', 'x^2 * y', '--at', 'x=3,y=2', '--backend', 'wasm'])
    expect(new Set(modes())).toEqual(new Set(['never']))
    await cli(['hessian', 'x^2 * y', '--at', 'x=3,y=2', '--backend', 'wasm'])
    expect(new Set(modes())).toEqual(new Set(['never']))
  })

  it('grad over --points may compile', async () => {
    const files = { 'p.csv': 'x,y\n1,2\n3,4\n' }
    const r = await cli(['grad', 'x^2 * y', '--points', 'p.csv', '--backend', 'wasm'], { files })
    expect(r.code).toBe(0)
    expect(modes().at(-1)).toBe('auto')
  })

  it('bench times programs that tier up, and checks their error again after the timing', async () => {
    const r = await cli(['bench', 'x*y + sin(x)', '--at', 'x=3,y=4', '--runs', '1', '--batch', '4', '--json'])
    expect(r.code).toBe(0)
    expect(modes().at(-1)).toBe('auto')
    const results = (JSON.parse(r.stdout) as { results: { name: string; maxError: number }[] }).results
    expect(results.find((m) => m.name === 'wasm gradient')!.maxError).toBe(0)
  })
})
