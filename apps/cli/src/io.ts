// Everything the CLI touches outside itself: the output streams, stdin, files,
// the environment and a clock. The entry point passes the process's own
// (node-io.ts); tests pass captured ones, so every command runs in-process.

export interface Stream {
  write(text: string): void
  /** Colour and progress lines only go to a terminal. */
  readonly isTTY: boolean
}

export interface Io {
  readonly stdout: Stream
  readonly stderr: Stream
  readonly env: Readonly<Record<string, string | undefined>>
  readStdin(): Promise<string>
  readFile(path: string): Promise<string>
  /** Milliseconds from an arbitrary origin, monotonic: timings and progress throttling. */
  now(): number
}
