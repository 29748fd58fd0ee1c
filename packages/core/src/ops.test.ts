// The op table is complete: every row states each rule its arity needs, and a
// row that forgets one is refused when the table loads, with the op's name.
import { describe, expect, it } from 'vitest'
import { domainOf } from '../test/domains.js'
import { LATEX, TEXT } from './explain/format.js'
import { OPS, opsOf, PRIMITIVES, type Row, RULES_BY_ARITY } from './ops.js'

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

  it.each(PRIMITIVES.map((o) => [o.name, o] as const))(
    '%s prints its rule for every operand, as text and LaTeX',
    (_, op) => {
      expect(op.rule, op.name).toHaveLength(op.arity)
      for (const rule of op.rule ?? []) {
        const text = rule('A', 'B', TEXT)
        const latex = rule('A', 'B', LATEX)
        expect(text).not.toBe('')
        expect(text, `${op.name}: text has no LaTeX`).not.toMatch(/\\/)
        // braces balance, so KaTeX can parse it
        let depth = 0
        for (const c of latex) {
          depth += c === '{' ? 1 : c === '}' ? -1 : 0
          expect(depth).toBeGreaterThanOrEqual(0)
        }
        expect(depth).toBe(0)
      }
    },
  )

  it('refuses a primitive without a printed rule per operand', () => {
    const rows = (OPS as unknown as readonly Row[]).map((r) =>
      r.name === 'atan2' ? { ...r, rule: [(r as unknown as { rule: readonly [unknown] }).rule[0]] } : r,
    ) as Row[]
    expect(() => opsOf(rows)).toThrow('op table: atan2 has no printed rule for each operand')
  })
})

// Tests sample each op inside its row's `domain` ([-2, 2] when it states none):
// an op whose value or partials are not finite there needs a `domain` in its row,
// and this says so by name rather than letting random tests fail far away.
describe('op domains', () => {
  const grid = ([lo, hi]: readonly [number, number]) =>
    Array.from({ length: 9 }, (_, i) => lo + ((hi - lo) * i) / 8)
  it.each(PRIMITIVES.map((o) => [o.name, o] as const))('%s is finite everywhere on its domain', (_, op) => {
    const [da, db] = domainOf(op)
    for (const a of grid(da)) {
      for (const b of op.arity === 2 ? grid(db) : [0]) {
        const y = op.fwd(a, b)
        const rules = RULES_BY_ARITY[op.arity].filter((r) => r !== 'fwd')
        const values = [y, ...rules.map((r) => op[r](a, b, y))]
        expect(values.every(Number.isFinite), `${op.name}(${a}, ${b}): give its row a domain`).toBe(true)
      }
    }
  })
})
