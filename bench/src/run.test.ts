// `pnpm bench --quick`, end to end, into a temporary folder: every workload
// runs, every answer is right, and the report, JSON and charts are written.
// Nothing here looks at a time: CI catches a broken benchmark, not a slow one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BACKENDS } from './gradbench/protocol.js'
import type { Results } from './results.js'
import { parseArgs, runBench } from './run.js'

describe('pnpm bench --quick', () => {
  const out = mkdtempSync(join(tmpdir(), 'chainrule-bench-'))
  let r: Results
  beforeAll(async () => {
    r = await runBench({ quick: true, out, log: () => {} })
  })
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  test('writes results.json, REPORT.md and six charts', () => {
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results
    expect(json.mode).toBe('quick')
    expect(json.machine.node).toBe(process.version)
    const report = readFileSync(join(out, 'REPORT.md'), 'utf8')
    for (const heading of [
      '## Targets',
      '## 1. Latency',
      '## 2. Rosenbrock',
      '## 3. Throughput',
      '## 4. MLP',
      '## 5. Tape',
      '## 6. GradBench',
      '### Compiled tapes',
      '## 7. Compiled tapes',
    ]) {
      expect(report).toContain(heading)
    }
    for (const chart of ['latency', 'rosenbrock-time', 'rosenbrock-error', 'batch', 'mlp', 'gradbench']) {
      expect(readFileSync(join(out, `${chart}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/)
    }
  })

  test('chainrule and the hand-written floors are exact to rounding in every workload', () => {
    const all = [
      ...r.latency.rows,
      ...r.rosenbrock.byN.flatMap((b) => b.rows),
      ...r.batch.rows,
      ...r.batch.arithmetic,
      ...r.mlp.rows,
    ]
    // A row not built in this version (compiled batches) has a reason instead of an answer.
    const exact = all.filter(
      (x) =>
        x.skip === undefined &&
        /^(js|wasm|wasm-compiled|js-batch|wasm-batch|wasm-batch-compiled|grad-js|grad-wasm|record-js|hand|closure)$/.test(
          x.id,
        ),
    )
    expect(exact.length).toBeGreaterThan(20)
    for (const x of exact) expect(x.error, x.label).toBeLessThan(1e-13)
  })

  test('finite differences and float32 peers are measured with their (larger) errors', () => {
    const central = r.rosenbrock.byN[0].rows.find((x) => x.id === 'central')!
    expect(central.error).toBeGreaterThan(1e-14)
    expect(central.error).toBeLessThan(1e-6)
    const tf = r.batch.rows.find((x) => x.id === 'tf-wasm')!
    expect(tf.error).toBeGreaterThan(1e-10)
    expect(tf.error).toBeLessThan(1e-5)
    for (const x of r.rosenbrock.byN.flatMap((b) => b.rows))
      expect(x.skip !== undefined || x.seconds > 0, x.label).toBe(true)
  })

  test('GradBench: every case answered correctly by every tool', () => {
    expect(r.gradbench.backends.map((b) => b.backend)).toEqual(BACKENDS)
    for (const c of r.gradbench.backends.flatMap((b) => b.cases)) {
      expect(c.problems, c.name).toEqual([])
      expect(c.gradientRuns).toBeGreaterThanOrEqual(2)
    }
  })

  test('compiled tapes: every tape compiled, bit for bit with the interpreter, its costs measured', () => {
    expect(r.compiler.cases.length).toBeGreaterThan(3)
    for (const c of r.compiler.cases) {
      expect(c.notCompiled, c.name).toBeUndefined()
      expect(c.identical, c.name).toBe(true)
      expect(c.moduleBytes, c.name).toBeGreaterThan(0)
      expect(Number.isFinite(c.compileSeconds), c.name).toBe(true)
    }
    const compiled = r.targets.filter((t) => t.block === 'compiled')
    expect(compiled.length).toBeGreaterThan(10)
    for (const t of compiled) expect(t.measured, t.name).not.toBe('')
  })

  test('the tape workload weighs 17 bytes a node', () => {
    expect(r.tape.bytesPerNode).toBeCloseTo(17, 1)
    expect(r.tape.wasmBytesPerNode).toBeGreaterThan(17)
  })

  test('arguments: --quick writes under results/quick unless --out says otherwise', () => {
    expect(parseArgs(['--quick']).out).toMatch(/results\/quick$/)
    expect(parseArgs(['--quick', '--out', '/tmp/x'])).toEqual({ quick: true, out: '/tmp/x' })
    expect(parseArgs([]).quick).toBe(false)
  })
})
