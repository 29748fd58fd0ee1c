// Everything the CLI touches outside itself: the output streams, stdin, files,
// the environment and a clock. The entry point passes the process's own
// (node-io.ts); tests pass captured ones, so every command runs in-process.
// Input arrives as text chunks, never as one string: stdin may be endless
// (`cat /dev/zero | chainrule eval -`) and a points file larger than memory,
// so a reader takes what it needs and stops.

export interface Stream {
  write(text: string): void
  /** Colour and progress lines only go to a terminal. */
  readonly isTTY: boolean
  /** Resolves once what was written has left the process's buffers (a slow reader holds up a fast writer). */
  drain?(): Promise<void>
}

export interface Io {
  readonly stdout: Stream
  readonly stderr: Stream
  readonly env: Readonly<Record<string, string | undefined>>
  /** stdin as UTF-8 text, chunk by chunk as it arrives; leaving the loop early stops reading. */
  stdin(): AsyncIterable<string>
  /** A file as UTF-8 text, chunk by chunk; fails as fs does (`code: 'ENOENT'`, …) on the first read. */
  file(path: string): AsyncIterable<string>
  /** Milliseconds from an arbitrary origin, monotonic: timings and progress throttling. */
  now(): number
}

/**
 * All of `chunks` as one string, or undefined as soon as it holds more than
 * `limit` characters: reading stops there, so at most the limit and one
 * chunk are ever buffered.
 */
export async function readAtMost(chunks: AsyncIterable<string>, limit: number): Promise<string | undefined> {
  let text = ''
  for await (const chunk of chunks) {
    text += chunk
    if (text.length > limit) return undefined
  }
  return text
}
