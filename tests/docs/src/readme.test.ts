// Every code block of every README runs, and what it shows is what it does:
// ts blocks against the workspace packages (their source), `pnpm chainrule`
// lines through the built CLI, curl lines against the API listening on a
// loopback port. A block that cannot run says why (`<!-- not run: … -->`).

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocksOf } from './blocks.js'
import { type Comparison, checkSh, checkTs, repo } from './run-blocks.js'
import { startApi } from './server.js'

/** The root README and every package's. */
function readmes(): string[] {
  const found = ['README.md']
  for (const group of ['packages', 'apps', 'tests']) {
    for (const name of readdirSync(join(repo, group)).sort()) {
      if (existsSync(join(repo, group, name, 'README.md'))) found.push(`${group}/${name}/README.md`)
    }
  }
  return found
}

let api: Awaited<ReturnType<typeof startApi>>
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api?.close())

const assertAll = (comparisons: Comparison[]) => {
  for (const c of comparisons) expect.soft(c.actual, c.where).toBe(c.shown)
}

it('finds the READMEs', () => {
  expect(readmes()).toEqual(
    expect.arrayContaining(['README.md', 'packages/core/README.md', 'apps/cli/README.md']),
  )
})

for (const file of readmes()) {
  describe(file, () => {
    for (const block of blocksOf(file, readFileSync(join(repo, file), 'utf8'))) {
      const title = `line ${block.line} (${block.lang || 'plain'})`
      if (block.notRun !== undefined) it.skip(`${title}, not run: ${block.notRun}`, () => {})
      else if (block.lang === 'ts') it(title, async () => assertAll(await checkTs(block)))
      else if (block.lang === 'sh') it(title, async () => assertAll(await checkSh(block, api.address)))
      else {
        it(title, () => {
          throw new Error(
            `${file}:${block.line}: a ${block.lang || 'plain'} block cannot run; mark it <!-- not run: reason -->`,
          )
        })
      }
    }
  })
}
