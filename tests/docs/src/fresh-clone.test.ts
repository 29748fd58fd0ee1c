// What the READMEs tell someone on a fresh clone must work there: a package's
// build or test goes through turbo (which builds its dependencies first), a
// dev server builds what it imports, and the bins say what to build instead
// of printing a module-not-found stack.

import { execFile } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { repo } from './run-blocks.js'

const docs = [
  'README.md',
  ...['packages', 'apps', 'tests'].flatMap((g) =>
    readdirSync(join(repo, g)).map((n) => `${g}/${n}/README.md`),
  ),
].flatMap((f) => {
  try {
    return [{ file: f, text: readFileSync(join(repo, f), 'utf8') }]
  } catch {
    return []
  }
})

describe('README commands on a fresh clone', () => {
  it('no README runs a package build or test with pnpm --filter alone (it skips the dependencies)', () => {
    const bare = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/pnpm (?:--filter|-F)[ =](\S+) (build|test)\b/g)].map((m) => `${file}: ${m[0]}`),
    )
    expect(bare).toEqual([])
  })

  it('every `pnpm --filter X dev` in a README names a dev script that builds its dependencies first', () => {
    const devs = docs.flatMap(({ text }) => [...text.matchAll(/pnpm --filter (\S+) dev\b/g)].map((m) => m[1]))
    expect(devs).toContain('@chainrule/web')
    for (const name of devs) {
      const folder = ['apps', 'packages']
        .flatMap((g) => readdirSync(join(repo, g)).map((n) => join(g, n)))
        .find((d) => {
          try {
            return JSON.parse(readFileSync(join(repo, d, 'package.json'), 'utf8')).name === name
          } catch {
            return false
          }
        })
      const script: string = JSON.parse(readFileSync(join(repo, folder ?? '', 'package.json'), 'utf8'))
        .scripts.dev
      expect(script, name).toMatch(/^turbo run build --filter=\S+ .*&& /)
    }
  })
})

describe('the bins before a build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-unbuilt-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['apps/cli/bin/chainrule.js', /chainrule: the CLI is not built\. Run `pnpm build`/],
    ['apps/api/bin/chainrule-api.js', /chainrule-api: the server is not built\. Run `pnpm turbo run build/],
  ])('%s says what to run', async (bin, message) => {
    // The bin and its package.json, with no dist/ beside them: what a fresh clone has.
    const copy = join(dir, bin)
    mkdirSync(join(copy, '..'), { recursive: true })
    copyFileSync(join(repo, bin), copy)
    copyFileSync(join(repo, bin, '../../package.json'), join(copy, '../../package.json'))
    const failed = await promisify(execFile)(process.execPath, [copy]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed.code).toBe(2)
    expect(failed.stderr).toMatch(message)
    expect(failed.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at .*\(/)
  })

  it.each([
    ['apps/cli/bin/chainrule.js', 'dist/chainrule.mjs'],
    ['apps/api/bin/chainrule-api.js', 'dist/server.js'],
  ])('%s keeps the real error when the build is there but a dependency is missing', async (bin, entry) => {
    const root = join(dir, 'broken', bin, '../..')
    const copy = join(dir, 'broken', bin)
    mkdirSync(join(copy, '..'), { recursive: true })
    mkdirSync(join(root, 'dist'), { recursive: true })
    copyFileSync(join(repo, bin), copy)
    writeFileSync(join(root, 'package.json'), '{"type":"module"}')
    writeFileSync(join(root, entry), "import 'chainrule-missing-dependency'\n")
    const failed = await promisify(execFile)(process.execPath, [copy]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed.code).not.toBe(0)
    expect(failed.stderr).toMatch(/Cannot find package 'chainrule-missing-dependency'/)
    expect(failed.stderr).not.toMatch(/is not built/)
  })
})
