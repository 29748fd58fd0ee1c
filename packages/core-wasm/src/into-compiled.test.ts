// `{ into }` (packages/core/test/spec/into.ts) on compiled programs, in both
// layouts: the compiled gradient, vjp and batch paths fill the caller's array
// with the numbers a fresh result has. (engine-spec.test.ts runs it interpreted.)
import { type Backend, createApi } from '@chainrule/core'
import { intoSpec } from '@chainrule/core/spec'
import { afterAll, describe, expect } from 'vitest'
import { createWasmBackend } from './wasm-backend.js'

for (const [layout, limits] of [
  ['locals', {}],
  ['memory', { localsNodes: 0 }],
] as const) {
  describe(`compiled programs (${layout} layout)`, () => {
    const wasm = createWasmBackend({ compilerLimits: limits })
    const layouts = new Set<string>()
    const units = new Set<string>()
    const compiling: Backend = {
      name: 'wasm',
      load(tape, variables, options) {
        const p = wasm.load(tape, variables, { ...options, compile: 'always' })
        if (!p.compiled) throw new Error(`not compiled: ${p.notCompiledReason}`)
        layouts.add(p.compilation!.compiledLayout)
        const dispose = p.dispose.bind(p)
        p.dispose = () => {
          for (const u of p.compiledUnits) units.add(u)
          dispose()
        }
        return p
      },
    }
    intoSpec(createApi(compiling), { compile: 'always' })
    afterAll(() => {
      expect([...layouts]).toEqual([layout])
      // The retrace test disposes its first recording: its sweeps ran compiled, batch too.
      expect([...units].sort()).toEqual(['batch', 'primary'])
    })
  })
}
