// The process's own Io: real streams, files and clock.
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import type { Io } from './io.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export function nodeIo(): Io {
  return {
    stdout: { write: (s) => process.stdout.write(s), isTTY: process.stdout.isTTY === true },
    stderr: { write: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    readStdin,
    readFile: (path) => readFile(path, 'utf8'),
    now: () => performance.now(),
  }
}
