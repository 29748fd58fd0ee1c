// Seeded random tapes for the JS/WASM parity test: every op of the table,
// operands drawn mostly from recent nodes (so tapes are deep as well as
// wide), constants mixed in, and a few guards. Values are steered towards
// finite numbers (an op whose value at the recording point is not finite is
// usually redrawn) so that derivatives, not just NaN propagation, get compared.

import { type OpDef, PRIMITIVES, Tape, type TapeData } from '@chainrule/core'

// The same seeded generator as core's own tests.
export { rng } from '@chainrule/core/spec/rng'

export type Rng = () => number

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

/** The ops whose results the contract requires bit-identical: + − × ÷, neg, square, sqrt. */
export const ARITHMETIC: readonly OpDef[] = PRIMITIVES.filter((o) =>
  ['add', 'sub', 'mul', 'div', 'neg', 'square', 'sqrt'].includes(o.name),
)

const CONSTANTS = [0, 1, -1, 2, 0.5, -0.5, 3, 1e-3, 100]

export interface RandomTapeOptions {
  readonly ops?: readonly OpDef[]
  readonly inputs: number
  readonly nodes: number
  readonly outputs?: number
  readonly guards?: number
}

export interface RandomTape {
  readonly tape: TapeData
  /** The point the tape was recorded at. */
  readonly at: number[]
}

export function randomTape(r: Rng, opts: RandomTapeOptions): RandomTape {
  const ops = opts.ops ?? PRIMITIVES
  const tape = new Tape()
  const at = Array.from({ length: opts.inputs }, () => Math.round((r() * 4 - 2) * 64) / 64)
  for (const x of at) tape.input(x)
  const operand = () => {
    if (r() < 0.1) return tape.constant(r() < 0.7 ? pick(r, CONSTANTS) : r() * 10 - 5)
    // Mostly recent nodes: depth; sometimes any node: fan-in from far back.
    const n = tape.length
    return r() < 0.7 ? n - 1 - Math.floor(r() * Math.min(n, 4)) : Math.floor(r() * n)
  }
  while (tape.length < opts.inputs + opts.nodes) {
    for (let attempt = 0; ; attempt++) {
      const op = pick(r, ops)
      const a = operand()
      const b = op.arity === 2 ? operand() : -1
      const y = op.fwd(tape.val[a], b < 0 ? 0 : tape.val[b])
      if (Number.isFinite(y) || attempt >= 8 || r() < 0.05) {
        tape.push(op.code, a, b, y)
        break
      }
    }
  }
  for (let j = 0; j < (opts.guards ?? 0); j++) {
    const a = Math.floor(r() * tape.length)
    const b = Math.floor(r() * tape.length)
    const cmp = Math.floor(r() * 6)
    tape.guard(cmp, a, b, compare(cmp, tape.val[a], tape.val[b]))
  }
  const outputs = [tape.length - 1]
  for (let j = 1; j < (opts.outputs ?? 1); j++) outputs.push(Math.floor(r() * tape.length))
  return { tape: tape.freeze(outputs), at }
}

function compare(cmp: number, x: number, y: number): boolean {
  return [x < y, x <= y, x > y, x >= y, x === y, x !== y][cmp]
}

/** A point near `at` (most nodes keep their branch and stay finite), or anywhere in [-3, 3]. */
export function pointNear(r: Rng, at: readonly number[]): number[] {
  if (r() < 0.2) return at.map(() => r() * 6 - 3)
  return at.map((x) => x + (r() - 0.5) * 0.2)
}
