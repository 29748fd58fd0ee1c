// Parse and compile time per KiB of expression text. It prints medians for
// the record (the closing note) and asserts only correctness: timings
// on a shared CI machine are not a pass/fail signal.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../test/expr.js'
import { createApi } from '../api.js'
import { jsBackend } from '../js-backend.js'
import { parse } from './parser.js'

// packages/core is typed without DOM or Node globals (docs/ARCHITECTURE.md §2); this test runs under Node, which has them.
declare const performance: { now(): number }
declare const console: { log(message: string): void }
declare const process: { version: string }

const { compile } = createApi(jsBackend)
const KIB = 1024

/** Repeats `chunk` (joined by `join`) up to 4 KiB. */
function fill(chunk: (i: number) => string, join: string): string {
  const parts: string[] = []
  let length = 0
  for (let i = 0; length + chunk(i).length + join.length <= 4 * KIB; i++) {
    parts.push(chunk(i))
    length += chunk(i).length + join.length
  }
  return parts.join(join)
}

const WORKLOADS: Record<string, string> = {
  'mixed formula': fill((i) => `sin(x*y) + x^2 - ${i % 7}*log(1 + z^2)/(1 + exp(-w))`, ' + '),
  'flat sum': fill(() => 'x', '+'),
  numbers: fill((i) => `${(i * 1.2345e-3).toFixed(6)}*x`, ' - '),
  composites: fill(() => 'where(x, clamp(y, 0, 1), logsumexp(x, y, z)) * leakyRelu(w, 0.2)', ' + '),
}

/** Median and fastest decile of repeated runs, in ms: the decile is the better guide on a busy machine. */
function timing(run: () => void, repeats = 51): { median: number; p10: number } {
  for (let i = 0; i < 15; i++) run()
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(repeats / 2)], p10: times[Math.floor(repeats / 10)] }
}

const perKiB = (ms: number, kib: number) => ((ms * 1000) / kib).toFixed(0).padStart(5)

describe('speed: parse and compile per KiB', () => {
  it('handles 4 KiB expressions correctly, and reports the time', () => {
    const rows: string[] = []
    for (const [name, text] of Object.entries(WORKLOADS)) {
      expect(text.length).toBeGreaterThan(3.5 * KIB)
      expect(text.length).toBeLessThanOrEqual(4 * KIB)
      const expr = parse(text)
      const at = { w: 0.3, x: 0.7, y: -0.4, z: 1.1 }
      const p = compile(text)
      expect(p.evaluate(p.variables.map((v) => at[v as keyof typeof at]))[0]).toBe(
        evaluate(expr.outputs[0], at),
      )
      const kib = text.length / KIB
      const parsing = timing(() => parse(text))
      const compiling = timing(() => compile(text).dispose())
      rows.push(
        `${name.padEnd(14)} ${String(text.length).padStart(5)} chars ${String(p.size).padStart(5)} tape nodes   ` +
          `parse ${perKiB(parsing.median, kib)} (${perKiB(parsing.p10, kib)})   ` +
          `parse+compile ${perKiB(compiling.median, kib)} (${perKiB(compiling.p10, kib)})`,
      )
    }
    console.log(
      `expression µs per KiB, median (fastest decile) of 51, Node ${process.version}\n${rows.join('\n')}`,
    )
    // A hang guard, not a performance threshold: on a loaded machine this test may take a while.
  }, 120_000)
})
