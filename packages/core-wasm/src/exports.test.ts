// @chainrule/core-wasm exports exactly @chainrule/core's names, and every
// name that comes from createApi is bound to the WebAssembly backend.
import * as core from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import * as wasm from './index.js'

describe('@chainrule/core-wasm exports', () => {
  it('the same names as @chainrule/core', () => {
    expect(Object.keys(wasm).sort()).toEqual(Object.keys(core).sort())
  })

  it('every API function is its own, running on the wasm backend; everything else is core’s own object', () => {
    const apiNames = Object.keys(core.createApi(core.jsBackend)).filter((name) => name !== 'backend')
    expect(apiNames.length).toBeGreaterThan(10)
    const exported = wasm as unknown as Record<string, unknown>
    const reference = core as unknown as Record<string, unknown>
    for (const name of Object.keys(core)) {
      if (apiNames.includes(name)) expect(exported[name], name).not.toBe(reference[name])
      else expect(exported[name], name).toBe(reference[name])
    }
    expect(wasm.trace((x) => x.mul(x), 1).backend).toBe('wasm')
    expect(wasm.programOf((x, y) => x.mul(y), [1, 2]).backend).toBe('wasm')
    expect(core.trace((x) => x.mul(x), 1).backend).toBe('js')
  })

  it.each(core.PRIMITIVES.map((o) => [o.name] as const))(
    'op %s: a free function and a Var method',
    (name) => {
      const exported = wasm as unknown as Record<string, unknown>
      expect(typeof exported[name], `${name} is not exported`).toBe('function')
      expect(
        typeof (wasm.Var.prototype as unknown as Record<string, unknown>)[name],
        `Var.prototype.${name}`,
      ).toBe('function')
    },
  )

  it('grad(x² + x)(2) = 5 through the package entry, from a function and from an expression', () => {
    expect(wasm.grad((x) => wasm.add(wasm.mul(x, x), x))(2)).toBe(5)
    const q = wasm.compile('x^2 + x')
    expect(q.backend).toBe('wasm')
    const r = q.gradient([2])
    expect([r.value, ...r.gradient]).toEqual([6, 5])
  })
})
