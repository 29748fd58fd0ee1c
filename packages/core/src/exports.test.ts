// Every op of the table is a free function and a Var method of @chainrule/core,
// and src/ops.generated.ts (the free functions' export list) is current: an op
// left out of an export fails here with its name, not as `undefined` in an app.
import { describe, expect, it } from 'vitest'
import * as core from './index.js'
import * as generated from './ops.generated.js'
import { PRIMITIVES } from './ops.js'

const exported = core as unknown as Record<string, unknown>
const methods = core.Var.prototype as unknown as Record<string, unknown>

describe('@chainrule/core exports every op', () => {
  it.each(PRIMITIVES.map((o) => [o.name, o] as const))('%s: a free function and a Var method', (name, op) => {
    expect(typeof exported[name], `${name} is not exported`).toBe('function')
    expect(typeof methods[name], `Var.prototype.${name} is missing`).toBe('function')
    // On plain numbers the free function computes the table's value.
    const f = exported[name] as (...xs: number[]) => number
    const [a, b] = [0.375, 1.25]
    expect(Object.is(op.arity === 1 ? f(a) : f(a, b), op.fwd(a, op.arity === 1 ? 0 : b)), name).toBe(true)
  })

  // The file's text is fully determined by the names (scripts/gen-exports.mjs, which `build` runs with --check).
  it("src/ops.generated.ts exports exactly the table's ops", () => {
    expect(Object.keys(generated).sort()).toEqual(PRIMITIVES.map((o) => o.name).sort())
  })
})
