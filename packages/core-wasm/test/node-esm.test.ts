// The built package imported by plain Node ESM — no loader, no flags, no
// source condition — is synchronous and differentiates in WebAssembly.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('plain Node ESM import of the built package', () => {
  it('computes grad(x² + x)(2) = 5 with the WebAssembly backend', () => {
    const script = [
      "import { add, grad, mul, programOf } from '@chainrule/core-wasm'",
      'const f = (x) => add(mul(x, x), x)',
      'console.log(grad(f)(2), programOf(f, [2]).backend)',
    ].join('\n')
    const cwd = new URL('..', import.meta.url).pathname
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      encoding: 'utf8',
    })
    expect(out.trim()).toBe('5 wasm')
  }, 30_000)
})
