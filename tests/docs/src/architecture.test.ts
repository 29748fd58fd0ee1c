// docs/ARCHITECTURE.md lists exactly the functions the parser accepts, and
// cites nothing outside the repository.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ALIASES, CONSTANTS, FUNCTIONS, OPS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { file, render, splice } from '../scripts/gen-architecture.mjs'

const doc = readFileSync(file, 'utf8')

describe('docs/ARCHITECTURE.md', () => {
  it('has the function list generated from the op table (pnpm gen)', () => {
    expect(splice(doc, render(FUNCTIONS, CONSTANTS, ALIASES, OPS))).toBe(doc)
  })

  it('lists every function of the language and every primitive opcode', () => {
    for (const [name, def] of FUNCTIONS) {
      expect(doc, name).toContain(`| \`${def.usage}\` |`)
      if (def.op) expect(doc).toContain(`| ${def.kind} | ${def.op.code} |`)
    }
  })

  it('a changed table makes the section stale', () => {
    const fewer = new Map([...FUNCTIONS].slice(1))
    expect(splice(doc, render(fewer, CONSTANTS, ALIASES, OPS))).not.toBe(doc)
  })
})

describe('the repository', () => {
  it('cites no design document outside it: docs/ARCHITECTURE.md is the one', () => {
    const root = new URL('../../..', import.meta.url).pathname
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0')
    const citing = files.filter((f) => {
      if (!/\.(md|ts|mjs|js|json|jsonc|yaml)$/.test(f) || f === 'tests/docs/src/architecture.test.ts')
        return false
      if (!existsSync(join(root, f))) return false
      return /DESIGN(\.md| §)|shared folder/.test(readFileSync(join(root, f), 'utf8'))
    })
    expect(citing).toEqual([])
  })

  it('cites sections only as docs/ARCHITECTURE.md §N, with N a heading of that document', () => {
    const root = new URL('../../..', import.meta.url).pathname
    const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8')
    const sections = new Set([...doc.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]))
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0')
    const bad: string[] = []
    for (const f of files) {
      if (!/\.(md|ts|mjs|js|json|jsonc|yaml)$/.test(f) || f === 'docs/ARCHITECTURE.md') continue
      if (!existsSync(join(root, f))) continue
      const text = readFileSync(join(root, f), 'utf8')
      for (const m of text.matchAll(/(docs\/ARCHITECTURE\.md`? )?§(\d+)/g)) {
        if (m[1] === undefined || !sections.has(m[2])) bad.push(`${f}: ${m[0]}`)
      }
    }
    expect(bad).toEqual([])
  })
})
