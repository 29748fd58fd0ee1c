// The README conventions themselves: what is extracted, and that a README
// whose shown output is wrong fails (so the README test can fail).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocksOf, commandsOf, instrumentTs, words } from './blocks.js'
import { checkSh, checkTs, repo } from './run-blocks.js'
import { startApi } from './server.js'

const SAMPLE = [
  '<!-- not run: serves forever -->',
  '',
  '```sh',
  'pnpm start',
  '```',
  '',
  '```ts',
  "import { grad } from '@chainrule/core'",
  'grad((x) => x.mul(x))(3) // → 6',
  '```',
  '',
  '```sh',
  'pnpm chainrule grad "x^2" --at x=3   # a comment',
  '# at     x = 3',
  '# f      9',
  '# df/dx  6',
  'curl -s localhost:3000/healthz \\',
  "  -H 'accept: application/json'",
  '```',
].join('\n')

describe('blocksOf', () => {
  const blocks = blocksOf('SAMPLE.md', SAMPLE)

  it('finds each block with its language, line and not-run reason', () => {
    expect(blocks.map((b) => [b.lang, b.line, b.notRun])).toEqual([
      ['sh', 3, 'serves forever'],
      ['ts', 7, undefined],
      ['sh', 12, undefined],
    ])
  })

  it('refuses a fence it would not run: indented, ~~~ or with an info string', () => {
    for (const fence of ['  ```ts', '~~~ts', '````ts', '```ts title=x']) {
      expect(() => blocksOf('BAD.md', `text\n${fence}\n1 + 1\n\`\`\`\n`)).toThrow(/BAD\.md:2: a code fence/)
    }
  })

  it('turns `expr // → shown` into a claim on that line', () => {
    const { source, claims } = instrumentTs(blocks[1])
    expect(claims).toEqual([{ line: 9, shown: '6' }])
    expect(source).toContain('globalThis.__shown(9, grad((x) => x.mul(x))(3))')
  })

  it('reads commands, their comments, continuations and shown output', () => {
    expect(commandsOf(blocks[2])).toEqual([
      {
        line: 13,
        words: ['pnpm', 'chainrule', 'grad', 'x^2', '--at', 'x=3'],
        stdout: 'at     x = 3\nf      9\ndf/dx  6',
      },
      {
        line: 17,
        words: ['curl', '-s', 'localhost:3000/healthz', '-H', 'accept: application/json'],
        stdout: undefined,
      },
    ])
  })

  it('refuses what needs a shell', () => {
    expect(() => words('a && b', 'here')).toThrow(/needs a shell/)
    expect(() => words('echo "$HOME"', 'here')).toThrow(/expansion/)
  })
})

describe('a README with a wrong output fails', () => {
  let api: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    api = await startApi()
  })
  afterAll(() => api?.close())

  const readme = readFileSync(join(repo, 'README.md'), 'utf8')

  it('a ts claim changed from 5 to 6 is reported against what the code gives', async () => {
    const wrong = readme.replace(
      'grad((x) => add(mul(x, x), x))(2) // → 5',
      'grad((x) => add(mul(x, x), x))(2) // → 6',
    )
    expect(wrong).not.toBe(readme)
    const block = blocksOf('README.md', wrong).find(
      (b) => b.lang === 'ts' && b.body.some((l) => l.includes('// → 6')),
    )
    if (!block) throw new Error('README.md has no ts block with the changed line')
    const results = await checkTs(block)
    expect(results.find((r) => r.shown === '6')).toMatchObject({ actual: '5' })
  })

  it("the curl example's old, wrong number is reported against the server's", async () => {
    const wrong = readme.replace('"value":37.61370563888011,', '"value":37.613705638880104,')
    expect(wrong).not.toBe(readme)
    const block = blocksOf('README.md', wrong).find((b) => b.body.some((l) => l.startsWith('curl')))
    if (!block) throw new Error('README.md has no curl block')
    const [result] = await checkSh(block, api.address)
    expect(result.shown).toContain('37.613705638880104')
    expect(result.actual).toContain('37.61370563888011,')
  })
})
