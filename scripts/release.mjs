// `pnpm release [--dry-run] [--publish]`: the whole release in one command.
//  1. pnpm change check, then pnpm version -r: the pending change intents
//     (.changeset/*.md, written by `pnpm change`) bump the fixed group
//     core, core-wasm, cli, api to one new version and leave changelog
//     fragments in .changeset/changelogs/;
//  2. each package's CHANGELOG.md is rebuilt from its fragments, newest first;
//  3. turbo builds everything and the tests run (pnpm test);
//  4. each package is packed into release/ and checked with
//     `pnpm publish <tarball> --dry-run`;
//  5. only with --publish: the checked tarballs are published.
// --dry-run prints the release plan and changes nothing.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const PUBLISHED = ['packages/core', 'packages/core-wasm', 'apps/cli', 'apps/api']
const args = new Set(process.argv.slice(2))

function sh(cmd, argv, cwd = root) {
  console.log(`$ ${cmd} ${argv.join(' ')}`)
  const r = spawnSync(cmd, argv, { cwd, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const byVersionDesc = (a, b) => {
  const pa = a.split(/[.-]/).map(Number)
  const pb = b.split(/[.-]/).map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i]
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
  sh('pnpm', ['change', 'check'])
  if (args.has('--dry-run')) {
    sh('pnpm', ['version', '-r', '--dry-run'])
    process.exit(0)
  }
  sh('pnpm', ['version', '-r'])
  writeChangelogs()
  sh('pnpm', ['install', '--frozen-lockfile'])
  sh('pnpm', ['exec', 'turbo', 'run', 'build'])
  sh('pnpm', ['test'])
  const out = join(root, 'release')
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out)
  for (const folder of PUBLISHED) sh('pnpm', ['pack', '--pack-destination', out], join(root, folder))
  const tarballs = readdirSync(out).map((f) => join(out, f))
  for (const t of tarballs) sh('pnpm', ['publish', t, '--dry-run', '--no-git-checks'])
  if (args.has('--publish')) {
    for (const t of tarballs) sh('pnpm', ['publish', t, '--access', 'public', '--no-git-checks'])
  } else {
    console.log(`\nChecked ${tarballs.length} tarballs in release/. Commit the versions and changelogs, tag,`)
    console.log('then publish them with `pnpm release --publish` (or pnpm publish release/*.tgz).')
  }
}
