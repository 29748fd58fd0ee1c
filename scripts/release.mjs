// `pnpm release [--dry-run]`, then `pnpm release --publish`: the release in two commands.
//  1. pnpm change check, and the tests on the tree as it is (pnpm test), so a
//     failing suite stops the release before anything is bumped;
//  2. pnpm version -r: the pending change intents (.changeset/*.md, written by
//     `pnpm change`) bump the fixed group core, core-wasm, cli, api to one new
//     version and leave changelog fragments in .changeset/changelogs/;
//  3. each package's CHANGELOG.md is rebuilt from its fragments, newest first;
//  4. turbo builds everything, each package is packed into release/ and
//     checked with `pnpm publish <tarball> --dry-run`.
// --dry-run prints the release plan and changes nothing. --publish publishes
// the tarballs step 4 checked, as they are: nothing is bumped or rebuilt again.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const PUBLISHED = ['packages/core', 'packages/core-wasm', 'apps/cli', 'apps/api']
const args = new Set(process.argv.slice(2))

function sh(cmd, argv, cwd = root) {
  console.log(`$ ${cmd} ${argv.join(' ')}`)
  const r = spawnSync(cmd, argv, { cwd, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** Newest first by semver precedence: 1.0.0 before 1.0.0-beta.2 before 1.0.0-beta.1. */
export const byVersionDesc = (a, b) => {
  const [ca, pa = ''] = a.split(/-(.*)/s)
  const [cb, pb = ''] = b.split(/-(.*)/s)
  const na = ca.split('.').map(Number)
  const nb = cb.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (na[i] !== nb[i]) return nb[i] - na[i]
  if (pa === pb) return 0
  if (pa === '') return -1
  if (pb === '') return 1
  const xa = pa.split('.')
  const xb = pb.split('.')
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return 1
    if (xb[i] === undefined) return -1
    if (xa[i] === xb[i]) continue
    const numeric = /^\d+$/.test(xa[i]) && /^\d+$/.test(xb[i])
    return numeric ? Number(xb[i]) - Number(xa[i]) : xb[i] < xa[i] ? -1 : 1
  }
  return 0
}

/** packages/x/CHANGELOG.md from .changeset/changelogs/<name with ! for />@<version>.md. */
export function writeChangelogs() {
  const dir = join(root, '.changeset/changelogs')
  const fragments = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile())
  for (const folder of PUBLISHED) {
    const { name } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'))
    const prefix = `${name.replace('/', '!')}@`
    const versions = fragments
      .map((f) => f.name)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.md'))
      .map((f) => f.slice(prefix.length, -3))
      .sort(byVersionDesc)
    const body = versions.map((v) => readFileSync(join(dir, `${prefix}${v}.md`), 'utf8').trim()).join('\n\n')
    writeFileSync(join(root, folder, 'CHANGELOG.md'), `# ${name}\n\n${body}\n`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = join(root, 'release')
  if (args.has('--publish')) {
    const tarballs = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.tgz')) : []
    if (tarballs.length !== PUBLISHED.length) {
      console.error(
        `release/ holds ${tarballs.length} tarballs, not ${PUBLISHED.length}: run \`pnpm release\` first`,
      )
      process.exit(1)
    }
    for (const t of tarballs) sh('pnpm', ['publish', join(out, t), '--access', 'public', '--no-git-checks'])
    process.exit(0)
  }
  sh('pnpm', ['change', 'check'])
  if (args.has('--dry-run')) {
    sh('pnpm', ['version', '-r', '--dry-run'])
    process.exit(0)
  }
  sh('pnpm', ['test'])
  sh('pnpm', ['version', '-r'])
  writeChangelogs()
  sh('pnpm', ['install', '--frozen-lockfile'])
  sh('pnpm', ['exec', 'turbo', 'run', 'build'])
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out)
  for (const folder of PUBLISHED) sh('pnpm', ['pack', '--pack-destination', out], join(root, folder))
  for (const t of readdirSync(out)) sh('pnpm', ['publish', join(out, t), '--dry-run', '--no-git-checks'])
  console.log(`\nChecked ${PUBLISHED.length} tarballs in release/. Commit the versions and changelogs, tag,`)
  console.log('then publish exactly those tarballs with `pnpm release --publish`.')
}
