// A GradBench module: named functions from an eval's JSON input to an output
// and its timings. `api` is the backend's public API (@chainrule/core or
// @chainrule/core-wasm); modules only ever trace with it. The helpers below
// turn JSON input into typed arrays, rejecting what does not fit.
import type { Api } from '@chainrule/core'
import { type Evaluation, once, repeat, runsOf, type Timing } from './runs.js'

export type ToolApi = Pick<Api, 'trace' | 'gradient' | 'jvp'>
export type EvalFunction = (input: unknown, api: ToolApi) => Evaluation
export type Module = Readonly<Record<string, EvalFunction>>

export class InputError extends Error {}

export function field(input: unknown, name: string): unknown {
  if (typeof input !== 'object' || input === null || !(name in input))
    throw new InputError(`input.${name} is missing`)
  return (input as Record<string, unknown>)[name]
}

export function int(input: unknown, name: string): number {
  const v = field(input, name)
  if (!Number.isInteger(v) || (v as number) < 0)
    throw new InputError(`input.${name} must be a non-negative integer`)
  return v as number
}

export function num(input: unknown, name: string): number {
  const v = field(input, name)
  if (typeof v !== 'number') throw new InputError(`input.${name} must be a number`)
  return v
}

/** A list of numbers, of the given length when one is given. */
export function vector(input: unknown, name: string, length?: number): Float64Array {
  return toVector(field(input, name), `input.${name}`, length)
}

function toVector(v: unknown, what: string, length?: number): Float64Array {
  if (!Array.isArray(v) || !v.every((e) => typeof e === 'number'))
    throw new InputError(`${what} must be a list of numbers`)
  if (length !== undefined && v.length !== length)
    throw new InputError(`${what} must have ${length} numbers, got ${v.length}`)
  return Float64Array.from(v)
}

/** An array of rows, flattened row-major. */
export function matrix(input: unknown, name: string, rows: number, cols: number): Float64Array {
  const v = field(input, name)
  if (!Array.isArray(v) || v.length !== rows) throw new InputError(`input.${name} must have ${rows} rows`)
  const out = new Float64Array(rows * cols)
  v.forEach((row, i) => {
    out.set(toVector(row, `input.${name}[${i}]`, cols), i * cols)
  })
  return out
}

/**
 * The gradient of a traced function: the tape is recorded (and loaded into the
 * backend) once, outside the timed runs, under a "record" timing of its own;
 * each timed run is then one forward and one reverse sweep.
 */
export function tapeGradient(
  input: unknown,
  record: () => {
    readonly size: number
    gradient(x: ArrayLike<number>): { gradient: Float64Array }
    dispose(): void
  },
  x: Float64Array,
): Evaluation<Float64Array> {
  const recorded = once('record', record)
  const program = recorded.result
  try {
    const { output, timings } = repeat(runsOf(input), () => program.gradient(x).gradient)
    return { output, timings: [recorded.timing, ...timings] as Timing[], nodes: program.size }
  } finally {
    program.dispose()
  }
}
