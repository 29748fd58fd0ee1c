// packages/core/src/rules-var.generated.ts must be what scripts/gen-var-rules.mjs
// makes of the op table today, with both first partials of every op.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { OPS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { loadTable } from './gen-rules.mjs'
import { outPath, render } from './gen-var-rules.mjs'

const script = new URL('gen-var-rules.mjs', import.meta.url).pathname
const generated = readFileSync(outPath, 'utf8')

describe('core/src/rules-var.generated.ts', () => {
  it('is up to date with packages/core/src/ops.ts (gen-var-rules --check)', () => {
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow()
  }, 60_000)

  it("has every op's first partials, by opcode", () => {
    for (const op of OPS) {
      if (op.arity === 0) continue
      const want = op.arity === 1 ? `[${op.name}_da]` : `[${op.name}_da, ${op.name}_db]`
      expect(generated, op.name).toContain(`  ${want},`)
    }
  })

  it('refuses a rule calling a Math function that is not an op, naming the op', async () => {
    const table = await loadTable()
    const ops = table.ops.map((o) => (o.name === 'sin' ? { ...o, da: (a: number) => Math.trunc(a) } : o))
    expect(() => render({ ...table, ops })).toThrow(/op sin: da: Math.trunc is not an op/)
  })
})
