// A stranger's project: every publishable package packed with `pnpm pack`
// (which rewrites workspace:* and applies publishConfig), then installed with
// npm from the tarballs into a temporary folder outside the workspace. Only
// third-party dependencies come from the registry; the @chainrule packages
// come from the tarballs alone (overrides pin them there), never a link.

import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const repo = new URL('../../..', import.meta.url).pathname
export const fixtures = new URL('../fixtures', import.meta.url).pathname
/** The packages a user installs, by folder; everything else in the workspace stays private. */
export const PUBLISHED = ['packages/core', 'packages/core-wasm', 'apps/cli', 'apps/api'] as const

const exec = promisify(execFile)

/** Runs a command to completion; a non-zero exit rejects with its output. */
export async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { stdout, stderr } = await exec(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    timeout: 5 * 60_000,
  })
  return { stdout, stderr }
}

export interface Scratch {
  /** The project folder (outside the workspace) with node_modules installed from the tarballs. */
  dir: string
  /** Tarball file name by package name. */
  tarballs: Record<string, string>
  /** Folder holding the tarballs. */
  packs: string
}

export async function createScratch(): Promise<Scratch> {
  const root = mkdtempSync(join(tmpdir(), 'chainrule-consumer-'))
  try {
    return await fill(root)
  } catch (e) {
    rmSync(root, { recursive: true, force: true })
    throw e
  }
}

async function fill(root: string): Promise<Scratch> {
  const packs = join(root, 'tarballs')
  const dir = join(root, 'project')
  mkdirSync(packs)
  const tarballs: Record<string, string> = {}
  for (const folder of PUBLISHED) {
    const before = new Set(readdirSync(packs))
    await run('pnpm', ['pack', '--pack-destination', packs], join(repo, folder))
    const added = readdirSync(packs).filter((f) => !before.has(f))
    if (added.length !== 1) throw new Error(`pnpm pack in ${folder} made ${added.length} tarballs`)
    const name = `@chainrule/${added[0].replace(/^chainrule-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`
    tarballs[name] = added[0]
  }
  cpSync(fixtures, dir, { recursive: true })
  const deps = Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n, `file:../tarballs/${f}`]))
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: deps, overrides: deps }, null, 2)}\n`,
  )
  // A user's own npm, no workspace in sight: npmrc settings of the repo do not apply here.
  // --prefer-offline: npm's cache serves what an earlier run fetched; one retry rides out a registry hiccup.
  const install = () =>
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir)
  await install().catch(install)
  return { dir, tarballs, packs }
}
