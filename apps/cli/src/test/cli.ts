// Runs the CLI in-process with captured output: the same runCli the binary
// uses, with an Io whose streams are strings, whose files are a map, and
// whose clock advances one millisecond per reading (so timings are exact).

import type { Io } from '../io.js'
import { runCli } from '../run.js'

export interface FakeIo {
  stdin?: string
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
    readStdin: async () => fake.stdin ?? '',
    readFile: async (path) => {
      const text = fake.files?.[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    },
    now: () => clock++,
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

/** The JSON object a --json run printed. */
export function json(r: Result): Record<string, unknown> {
  return JSON.parse(r.stdout) as Record<string, unknown>
}
