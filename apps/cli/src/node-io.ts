// The process's own Io: real streams, files and clock.

import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import type { Io } from './io.js'

async function* stdin(): AsyncIterable<string> {
  process.stdin.setEncoding('utf8')
  // Breaking out of this loop destroys stdin: nothing more is read.
  for await (const chunk of process.stdin) yield chunk as string
}

async function* file(path: string): AsyncIterable<string> {
  // 64 KiB chunks: a points file streams through in pieces of that size.
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    yield chunk as string
  }
}

const drain = (stream: NodeJS.WriteStream) => () =>
  stream.writableNeedDrain ? once(stream, 'drain').then(() => undefined) : Promise.resolve()

export function nodeIo(): Io {
  return {
    stdout: {
      write: (s) => process.stdout.write(s),
      isTTY: process.stdout.isTTY === true,
      drain: drain(process.stdout),
    },
    stderr: { write: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    stdin,
    file,
    now: () => performance.now(),
  }
}
