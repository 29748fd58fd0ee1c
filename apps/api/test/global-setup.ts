// The worker pool runs the compiled dist/worker.js (worker threads on Node 20
// cannot load TypeScript), so before the tests run, dist/ is rebuilt if any
// source file is newer than it. Under turbo it is already fresh.

import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname

function newest(dir: string): number {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) t = Math.max(t, newest(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      t = Math.max(t, statSync(path).mtimeMs)
  }
  return t
}

export default function setup(): void {
  const worker = join(root, 'dist/worker.js')
  if (existsSync(worker) && statSync(worker).mtimeMs >= newest(join(root, 'src'))) return
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  })
}
