// The typed API reference: TypeDoc over both packages' public exports with
// the repository's typedoc.json, where a missing doc comment is an error. It
// builds cleanly, and the same options refuse a module with an undocumented
// export (so the first check can fail).

import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { repo } from './run-blocks.js'

const typedoc = join(repo, 'node_modules/.bin/typedoc')
const out = mkdtempSync(join(tmpdir(), 'chainrule-reference-'))
const run = (args: string[]) =>
  promisify(execFile)(typedoc, [...args, '--out', out], { cwd: repo }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  )

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('the API reference (pnpm reference → docs/api)', () => {
  it('documents every public export of @chainrule/core and @chainrule/core-wasm', async () => {
    const { code, output } = await run([])
    expect(output).not.toMatch(/does not have any documentation/)
    expect(code, output).toBe(0)
    expect(existsSync(join(out, 'modules/_chainrule_core.html'))).toBe(true)
    expect(existsSync(join(out, 'modules/_chainrule_core-wasm_backend.html'))).toBe(true)
  })

  it('fails on an undocumented export', async () => {
    const { code, output } = await run(['--options', 'tests/docs/fixtures/undocumented/typedoc.json'])
    expect(output).toMatch(/bare \(Variable\).* does not have any documentation/)
    expect(code).not.toBe(0)
  })
})
