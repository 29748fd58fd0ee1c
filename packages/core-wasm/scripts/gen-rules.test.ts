// assembly/rules.generated.ts must be what scripts/gen-rules.mjs makes of the
// op table today, and the generator must refuse — naming the op — a row whose
// rule is missing or that it cannot reproduce bit for bit in AssemblyScript.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { OPS } from '@chainrule/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTable, render, type Table } from './gen-rules.mjs'

const script = new URL('gen-rules.mjs', import.meta.url).pathname
const generated = readFileSync(new URL('../assembly/rules.generated.ts', import.meta.url), 'utf8')

let table: Table
beforeAll(async () => {
  table = await loadTable()
})

/** The table with one row changed. */
function withRow(name: string, change: (row: Record<string, unknown>) => Record<string, unknown>): Table {
  return { ...table, ops: table.ops.map((o) => (o.name === name ? change({ ...o }) : o)) }
}

describe('assembly/rules.generated.ts', () => {
  it('is up to date with packages/core/src/ops.ts (gen-rules --check)', () => {
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow()
  }, 60_000)

  // A stale file failing the check is tested once, for gen-opcodes: both use core's writeOrCheck.

  it('has every rule of every op, dispatched by its opcode, and no fallback to zero', () => {
    for (const op of OPS) {
      const rules =
        op.arity === 0
          ? ['fwd']
          : op.arity === 1
            ? ['fwd', 'da', 'daa']
            : ['fwd', 'da', 'db', 'daa', 'dab', 'dbb']
      for (const rule of rules) {
        expect(generated, `${op.name}.${rule}`).toContain(
          `case ${op.name.toUpperCase()}: return ${op.name}_${rule}(`,
        )
      }
    }
    // Each dispatcher ends in the trap, never in a number.
    expect(generated.match(/^ {2}return unknownOpcode\(o\)$/gm)).toHaveLength(6)
    expect(generated).not.toMatch(/default:/)
  })

  it('refuses a row without a rule, naming the op and the rule', () => {
    expect(() => render(withRow('tanh', ({ daa: _, ...row }) => row))).toThrow('op tanh: no daa rule')
    expect(() => render(withRow('atan2', ({ dbb: _, ...row }) => row))).toThrow('op atan2: no dbb rule')
  })

  it('refuses a rule it cannot reproduce, naming the op', () => {
    const outside = (a: number) => Number.parseFloat(String(a))
    expect(() => render(withRow('sin', (row) => ({ ...row, da: outside })))).toThrow(
      /op sin: da: unsupported call/,
    )
    expect(() => render(withRow('exp', (row) => ({ ...row, fwd: Math.random })))).toThrow(
      /op exp: fwd: .*random/,
    )
    expect(() =>
      render(withRow('cos', (row) => ({ ...row, daa: (a: number) => a.toFixed(2) as unknown as number }))),
    ).toThrow(/op cos: daa/)
  })

  it('runs a batched row two lanes at a time exactly where the rule has an exact f64x2 form', () => {
    const forward = (text: string, op: string) =>
      text.match(new RegExp(`^ {4}case ${op}: for \\(let j = 0; j < stride; j(\\+\\+| \\+= 2)\\)`, 'm'))?.[1]
    // + − × ÷, neg, sqrt, abs, floor, ceil, min, max: SIMD; host Math, helpers and comparisons: lane by lane.
    for (const op of [
      'ADD',
      'SUB',
      'MUL',
      'DIV',
      'NEG',
      'SQUARE',
      'SQRT',
      'ABS',
      'MIN',
      'MAX',
      'FLOOR',
      'CEIL',
    ])
      expect(forward(generated, op), op).toBe(' += 2')
    for (const op of ['EXP', 'SIN', 'SIGN', 'ROUND', 'RELU', 'ERF', 'POW'])
      expect(forward(generated, op), op).toBe('++')
    // The choice follows the row: a rule rewritten into arithmetic vectorises, one with a comparison does not.
    const arithmetic = render(withRow('tanh', (row) => ({ ...row, fwd: (a: number) => (a * a - 1) / 2 })))
    expect(forward(arithmetic, 'TANH')).toBe(' += 2')
    expect(arithmetic).toContain('f64x2.div(f64x2.sub(f64x2.mul(a, a), f64x2.splat(1.0)), f64x2.splat(2.0))')
    const branching = render(
      withRow('add', (row) => ({ ...row, fwd: (a: number, b: number) => (a < b ? b : a + b) })),
    )
    expect(forward(branching, 'ADD')).toBe('++')
    // A unit partial passes the adjoint through, as the JS sweeps' add, sub and neg do.
    expect(generated).toContain('deduct2(gq, j, get2(gy, j))')
  })

  it('leaves no op rule in the hand-written sweeps', () => {
    const read = (file: string) => readFileSync(new URL(`../assembly/${file}`, import.meta.url), 'utf8')
    const batch = read('batch.ts')
    expect(batch).not.toMatch(/f64x2\.(add|sub|mul|div|neg|sqrt|abs|floor|ceil|trunc|min|max)\b/)
    expect(batch).toMatch(/import \{ CONST \} from '.\/opcodes'/)
    // The single-point sweeps name no opcode: every node goes through its generated step.
    expect(read('sweeps.ts')).not.toMatch(/from '.\/opcodes'|case [A-Z]/)
  })

  it('generates every primitive op a case in each single-point step, ending in the trap', () => {
    for (const step of ['forwardStep', 'reverseStep', 'tangentStep', 'reverseTangentStep']) {
      const body = generated.slice(generated.indexOf(`function ${step}(`))
      const end = body.indexOf('\n}\n')
      for (const op of OPS.filter((o) => o.arity > 0))
        expect(body.slice(0, end), `${step} ${op.name}`).toContain(`case ${op.name.toUpperCase()}: {`)
      expect(body.slice(0, end)).toMatch(/\n {2}unknownOpcode\(o\)$/)
    }
  })
})
