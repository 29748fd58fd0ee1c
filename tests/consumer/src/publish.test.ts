// The release's dry run, on the very tarballs the other tests installed:
// publint finds nothing to warn about, and `pnpm publish <tarball> --dry-run`
// accepts each one. The registry given is a closed loopback port, so even a
// dry run that misbehaved could publish nothing.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, inject, it } from 'vitest'
import { repo, run } from './scratch.js'

const { packs, tarballs } = inject('scratch')

describe.each(Object.entries(tarballs))('%s', (name, file) => {
  it('passes publint, strict', async () => {
    const bytes = readFileSync(join(packs, file))
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' })
    expect(messages.map((m) => formatMessage(m, pkg) ?? m.code)).toEqual([])
  })

  it(`pnpm publish --dry-run accepts it (${name})`, async () => {
    const { stdout, stderr } = await run(
      'pnpm',
      ['publish', join(packs, file), '--dry-run', '--no-git-checks', '--registry', 'http://127.0.0.1:9/'],
      repo,
    )
    expect(stdout + stderr).toMatch(/Skip publishing .* \(dry run\)/)
  })
})

describe('versions', () => {
  it('the four packages share one version (a fixed group), and pnpm change check agrees', async () => {
    const versions = Object.values(tarballs).map((f) => f.replace(/^.*-(\d+\.\d+\.\d+.*)\.tgz$/, '$1'))
    expect(new Set(versions).size).toBe(1)
    const { stdout } = await run('pnpm', ['change', 'check'], repo)
    expect(stdout).toMatch(/satisfy the configured versioning invariants/)
  })
})

describe('the release script', () => {
  it('orders changelog versions newest first by semver precedence, prereleases below their release', async () => {
    // @ts-expect-error: a plain .mjs script, without types
    const { byVersionDesc } = await import('../../../scripts/release.mjs')
    const versions = [
      '1.0.0-beta.1',
      '1.0.0',
      '0.9.0',
      '1.0.0-beta.10',
      '1.0.0-alpha',
      '1.1.0',
      '1.0.0-beta.2',
    ]
    expect(versions.sort(byVersionDesc)).toEqual([
      '1.1.0',
      '1.0.0',
      '1.0.0-beta.10',
      '1.0.0-beta.2',
      '1.0.0-beta.1',
      '1.0.0-alpha',
      '0.9.0',
    ])
  })
})
