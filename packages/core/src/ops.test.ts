// The op table is complete: every row states each rule its arity needs, and a
// row that forgets one is refused when the table loads, with the op's name.
import { describe, expect, it } from 'vitest'
import { OPS, opsOf, type Row, RULES_BY_ARITY } from './ops.js'

describe('op table', () => {
  it.each(OPS.map((o) => [o.name, o] as const))('%s states every rule of its arity', (_, op) => {
    for (const rule of RULES_BY_ARITY[op.arity])
      expect(typeof op[rule], `${op.name}.${rule}`).toBe('function')
  })

  it('refuses a row without a rule, naming the op and the rule', () => {
    const rows = OPS as unknown as readonly Row[]
    const without = (name: string, rule: string) =>
      rows.map((r) =>
        r.name === name ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== rule)) : r,
      ) as Row[]
    expect(() => opsOf(without('tanh', 'daa'))).toThrow('op table: tanh has no daa rule')
    expect(() => opsOf(without('hypot', 'dab'))).toThrow('op table: hypot has no dab rule')
    expect(() => opsOf(without('exp', 'fwd'))).toThrow('op table: exp has no fwd rule')
    expect(() => opsOf(rows)).not.toThrow()
  })
})
