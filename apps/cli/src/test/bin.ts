// Runs the built binary in a child process (bin.test.ts and the tests that
// need a real process: memory limits, endless stdin, real terminals' bytes).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/chainrule.js', import.meta.url))
export const DIST = fileURLToPath(new URL('../../dist/chainrule.mjs', import.meta.url))

export const SPAWN_TIMEOUT = 60_000

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The binary's exit code and output; `shell` runs a pipeline instead, with $NODE and $BIN set. */
export function run(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; node?: string[]; shell?: string } = {},
): Promise<Run> {
  const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...opts.env }
  const child =
    opts.shell === undefined
      ? spawn(process.execPath, [...(opts.node ?? []), BIN, ...args], { env })
      : spawn('sh', ['-c', opts.shell], { env: { ...env, NODE: process.execPath, BIN } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d
  })
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d
  })
  child.stdin.on('error', () => {}).end(opts.input ?? '')
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
