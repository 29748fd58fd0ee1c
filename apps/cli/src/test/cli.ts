// Runs the CLI in-process with captured output: the same runCli the binary
// uses, with an Io whose streams are strings, whose files are a map, and
// whose clock advances one millisecond per reading (so timings are exact).

import type { Io } from '../io.js'
import { runCli } from '../run.js'

export interface FakeIo {
  /** The text on stdin, or its chunks (a generator may be endless). */
  stdin?: string | Iterable<string>
  files?: Record<string, string>
  /** stdout is a terminal (colour unless NO_COLOR). */
  tty?: boolean
  /** stderr is a terminal (progress lines). */
  stderrTty?: boolean
  env?: Record<string, string>
}

export interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export async function cli(argv: readonly string[], fake: FakeIo = {}): Promise<Result> {
  let stdout = ''
  let stderr = ''
  let clock = 0
  const io: Io = {
    stdout: { write: (s) => void (stdout += s), isTTY: fake.tty ?? false },
    stderr: { write: (s) => void (stderr += s), isTTY: fake.stderrTty ?? false },
    env: fake.env ?? {},
    stdin: () => chunked(fake.stdin ?? ''),
    file: (path) => {
      const text = fake.files?.[path]
      if (text === undefined) return failing(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }))
      return chunked(text)
    },
    now: () => clock++,
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

/**
 * Text as the real streams deliver it: in pieces. Small, odd-sized pieces
 * here, so every reader is tested on tokens and lines cut across chunks.
 */
async function* chunked(source: string | Iterable<string>): AsyncIterable<string> {
  if (typeof source !== 'string') {
    yield* source
    return
  }
  // Large texts (the many-point tests) in pieces about the size fs reads.
  const size = source.length > 100_000 ? 65_521 : 7
  for (let i = 0; i < source.length; i += size) yield source.slice(i, i + size)
}

async function* failing(e: Error): AsyncIterable<string> {
  yield* []
  throw e
}

/** The JSON object a --json run printed. */
export function json(r: Result): Record<string, unknown> {
  return JSON.parse(r.stdout) as Record<string, unknown>
}
