// The nested-AD spec (packages/core/test/spec/nested.ts) with every program
// compiled: a derivative traced is a tape like any other, so the spec's traces
// of functions taking derivatives, and every transform's sweep, run on
// compiled code here — in the locals layout, then in the memory layout (jvp
// and hvp included) — and must give the answers the interpreter gives.
import { type Backend, createApi } from '@chainrule/core'
import { nestedSpec } from '@chainrule/core/spec'
import { afterAll, describe, expect } from 'vitest'
import { createWasmBackend, type WasmBackend } from './wasm-backend.js'

/**
 * Loads every tape with compile: 'always', a transform's one-shot tape too
 * (one-shot programs are never compiled otherwise), and checks at load that the
 * program runs compiled code.
 */
function compilingEverything(backend: WasmBackend, loaded: string[], units: Set<string>): Backend {
  return {
    name: 'wasm',
    load(tape, variables, options) {
      const p = backend.load(tape, variables, { recorded: options?.recorded, compile: 'always' })
      if (!p.compiled) throw new Error(`not compiled: ${p.notCompiledReason}`)
      loaded.push(p.compilation!.compiledLayout)
      // The units its sweeps compiled by the time it is freed (jvp and hvp compile on first call).
      const dispose = p.dispose.bind(p)
      p.dispose = () => {
        for (const u of p.compiledUnits) units.add(u)
        dispose()
      }
      return p
    },
  }
}

for (const [layout, limits] of [
  ['locals', {}],
  ['memory', { localsNodes: 0 }],
] as const) {
  describe(`compiled programs (${layout} layout)`, () => {
    const loaded: string[] = []
    const units = new Set<string>()
    nestedSpec(createApi(compilingEverything(createWasmBackend({ compilerLimits: limits }), loaded, units)))
    afterAll(() => {
      // The spec's traces and sweeps went through compiled programs, in the layout asked for.
      expect(loaded.length).toBeGreaterThan(100)
      expect([...new Set(loaded)]).toEqual([layout])
      // (The spec's Hessians and Jacobians are composed from the interpreter's sweeps: no hvp unit.)
      expect([...units].sort()).toEqual(['jvp', 'primary'])
    })
  })
}
