// Colour only for a terminal, and never when NO_COLOR is set (no-color.org:
// present and not empty) or TERM is dumb; FORCE_COLOR turns it on anyway.
import pc from 'picocolors'
import type { Io, Stream } from './io.js'

export type Colors = ReturnType<typeof pc.createColors>

export function colorEnabled(stream: Stream, env: Io['env']): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return stream.isTTY && env.TERM !== 'dumb'
}

export function colorsFor(stream: Stream, env: Io['env']): Colors {
  return pc.createColors(colorEnabled(stream, env))
}
