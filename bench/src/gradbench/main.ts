// The chainrule GradBench tool: `node --expose-gc dist/gradbench/main.js --backend js|wasm|wasm-compiled`
// (or `pnpm --silent --filter @chainrule/bench gradbench --backend wasm`).
// Reads the eval's messages from stdin, one JSON object per line, and writes
// one response per line to stdout; stdout carries nothing else.
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { BACKENDS, type Backend, Session } from './protocol.js'

export function parseBackend(argv: readonly string[]): Backend {
  const i = argv.indexOf('--backend')
  const value = i < 0 ? 'wasm' : argv[i + 1]
  if (!BACKENDS.includes(value as Backend))
    throw new Error(`--backend must be ${BACKENDS.join(', ')}, got ${value}`)
  return value as Backend
}

/** Answers every line of `input` on `output`; resolves when input ends. Unparseable lines are reported on `errors`. */
export async function serve(
  input: Readable,
  output: Writable,
  session: Session,
  errors: Writable,
): Promise<void> {
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue
    let response: unknown
    try {
      response = session.handle(JSON.parse(line))
    } catch (e) {
      errors.write(`chainrule gradbench: ignored a line that is not a message (${(e as Error).message})\n`)
      continue
    }
    output.write(`${JSON.stringify(response)}\n`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await serve(
      process.stdin,
      process.stdout,
      new Session(parseBackend(process.argv.slice(2))),
      process.stderr,
    )
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`)
    process.exitCode = 2
  }
}
