// Running a block and collecting what it shows against what it does. Returns
// the comparisons rather than asserting, so the README test asserts them and
// blocks.test.ts can show that a wrong README output is caught.

import { execFile } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { inspect, promisify } from 'node:util'
import { type Block, commandsOf, instrumentTs } from './blocks.js'

export const repo = new URL('../../..', import.meta.url).pathname
// Inside node_modules: the block's imports resolve as this package's do, and no linter or git sees it.
const scratch = new URL('../node_modules/.blocks/', import.meta.url).pathname
const run = promisify(execFile)

export interface Comparison {
  /** file:line of the claim. */
  readonly where: string
  readonly shown: string
  readonly actual: string | undefined
}

const show = (value: unknown) => inspect(value, { depth: 8, breakLength: Number.POSITIVE_INFINITY })

/** Runs a ts block as a module; one comparison per `// →` line (none is an error). */
export async function checkTs(block: Block): Promise<Comparison[]> {
  const { source, claims } = instrumentTs(block)
  if (claims.length === 0) {
    throw new Error(
      `${block.file}:${block.line}: a ts block that asserts nothing; add \`// → value\` or mark it not run`,
    )
  }
  const seen = new Map<number, string>()
  ;(globalThis as { __shown?: unknown }).__shown = (line: number, value: unknown) =>
    seen.set(line, show(value))
  mkdirSync(scratch, { recursive: true })
  const file = join(scratch, `${block.file.replace(/\W+/g, '-')}-${block.line}-${Date.now()}.ts`)
  writeFileSync(file, `${source}\n`)
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href)
  } finally {
    rmSync(file, { force: true })
  }
  return claims.map(({ line, shown }) => ({ where: `${block.file}:${line}`, shown, actual: seen.get(line) }))
}

/**
 * Runs a sh block's commands in order: `pnpm chainrule …` through the built
 * CLI, `curl …` against `address` in place of localhost:3000. A failing
 * command rejects; each command that shows output gives one comparison.
 */
export async function checkSh(block: Block, address: string): Promise<Comparison[]> {
  const out: Comparison[] = []
  for (const cmd of commandsOf(block)) {
    const where = `${block.file}:${cmd.line}`
    const [head, sub, ...rest] = cmd.words
    let result: { stdout: string }
    if (head === 'pnpm' && sub === 'chainrule') {
      result = await run(process.execPath, [join(repo, 'apps/cli/bin/chainrule.js'), ...rest], {
        cwd: repo,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      })
    } else if (head === 'curl') {
      // Only the in-process server is ever asked (never whatever listens on :3000), and an
      // HTTP error fails the command even when the block shows no output.
      const args = cmd.words.slice(1).map((w) => w.replace(/^(https?:\/\/)?localhost:3000/, address))
      if (args.some((w) => /localhost|127\.0\.0\.1/.test(w) && !w.startsWith(address)))
        throw new Error(`${where}: curl may only address localhost:3000, which the test serves`)
      result = await run('curl', ['--fail-with-body', ...args], { cwd: repo })
    } else {
      throw new Error(
        `${where}: cannot run \`${cmd.words.join(' ')}\`; mark the block <!-- not run: reason -->`,
      )
    }
    if (cmd.stdout !== undefined) {
      out.push({
        where,
        shown: cmd.stdout.trimEnd(),
        actual: result.stdout.replace(/[ \t]+$/gm, '').trimEnd(),
      })
    }
  }
  return out
}
