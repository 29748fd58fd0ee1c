// Totals every package's vitest JSON report into the one line CI reads:
// "N passed, N failed". Exits non-zero when a report is missing or a test failed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { workspaces } from './workspaces.mjs'

const root = new URL('..', import.meta.url).pathname
let passed = 0
let failed = 0
let skipped = 0
const missing = []
for (const dir of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
  if (!pkg.scripts?.test) continue
  const report = join(root, dir, '.test-results', 'vitest.json')
  if (!existsSync(report)) {
    missing.push(dir)
    continue
  }
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
  if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites
}
if (missing.length) console.error(`no test report from: ${missing.join(', ')}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || missing.length > 0 ? 1 : 0)
