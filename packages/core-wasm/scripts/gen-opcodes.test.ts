// assembly/opcodes.ts must be what scripts/gen-opcodes.mjs makes of the op
// table today: otherwise the AssemblyScript sweeps could read one op as another.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OPS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'

const generated = readFileSync(new URL('../assembly/opcodes.ts', import.meta.url), 'utf8')

describe('assembly/opcodes.ts', () => {
  it('is up to date with packages/core/src/ops.ts (gen-opcodes --check)', () => {
    const script = new URL('gen-opcodes.mjs', import.meta.url).pathname
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow()
  }, 60_000)

  it('declares one constant per op of the table, with its opcode, and nothing else', () => {
    const declared = [...generated.matchAll(/^export const (\w+): u8 = (\d+)/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ])
    expect(declared).toEqual(OPS.map((o) => [o.name.toUpperCase(), o.code]))
    expect(generated).toContain(`export const OP_COUNT: i32 = ${OPS.length}`)
  })

  it('the check fails on a stale file, naming it', () => {
    const script = new URL('gen-opcodes.mjs', import.meta.url).pathname
    const dir = mkdtempSync(join(tmpdir(), 'opcodes-'))
    const stale = join(dir, 'opcodes.ts')
    writeFileSync(stale, generated.replace('export const ADD: u8 = 2', 'export const ADD: u8 = 3'))
    try {
      expect(() => execFileSync(process.execPath, [script, '--check', stale], { stdio: 'pipe' })).toThrow(
        `${stale} is stale`,
      )
    } finally {
      rmSync(dir, { recursive: true })
    }
  }, 60_000)
})
