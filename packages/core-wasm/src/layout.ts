// Where a loaded tape lives in linear memory. One region per program holds
// the tape (copied once, at load) and the single-point work arrays reused by
// every replay: 16-aligned arrays, back to back.
//
//   op u8[n] | a i32[n] | b i32[n] | v f64[n] | g f64[n] | inputs i32[ni] | outputs i32[no]
//
// v starts as the tape's values, so constants are in place for every sweep
// and the batched sweep broadcasts them from there.

import type { TapeData } from '@chainrule/core'
import type { Views } from './heap.js'

const align = (bytes: number) => Math.ceil(bytes / 16) * 16

export interface TapeLayout {
  readonly n: number
  readonly op: number
  readonly a: number
  readonly b: number
  readonly v: number
  readonly g: number
  readonly inputs: number
  readonly outputs: number
}

/** Bytes of the region for a tape of n nodes, ni inputs and no outputs. */
export function regionBytes(n: number, ni: number, no: number): number {
  return align(n) + 2 * align(4 * n) + 2 * 8 * n + align(4 * ni) + align(4 * no)
}

export function layoutTape(region: number, n: number, ni: number): TapeLayout {
  const op = region
  const a = op + align(n)
  const b = a + align(4 * n)
  const v = b + align(4 * n)
  const g = v + 8 * n
  const inputs = g + 8 * n
  const outputs = inputs + align(4 * ni)
  return { n, op, a, b, v, g, inputs, outputs }
}

export function writeTape(m: Views, l: TapeLayout, tape: TapeData): void {
  m.u8.set(tape.op, l.op)
  m.i32.set(tape.a, l.a >>> 2)
  m.i32.set(tape.b, l.b >>> 2)
  m.f64.set(tape.val, l.v >>> 3)
  m.i32.set(tape.inputs, l.inputs >>> 2)
  m.i32.set(tape.outputs, l.outputs >>> 2)
}
