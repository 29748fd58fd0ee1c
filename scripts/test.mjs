// `pnpm test`: every package's tests through turbo, then one total line for CI.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { workspaces } from './workspaces.mjs'

const root = new URL('..', import.meta.url).pathname
// Stale reports must not count: a package that fails to build writes none.
for (const dir of workspaces) rmSync(join(root, dir, '.test-results'), { recursive: true, force: true })
const turbo = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--continue', '--concurrency=2', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
)
const summary = spawnSync('node', [join(root, 'scripts/test-summary.mjs')], { cwd: root, stdio: 'inherit' })
process.exit(turbo.status || summary.status || 0)
