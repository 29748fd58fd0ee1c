// The report's arithmetic and drawing, on made-up results.
import { describe, expect, test } from 'vitest'
import type { Row } from '../measure.js'
import type { Target } from '../results.js'
import { pairsOf } from '../workloads/adolc.js'
import type { RosenbrockResult } from '../workloads/rosenbrock.js'
import { crossover, exponent } from './scaling.js'
import { logBarChart, logLogChart } from './svg.js'
import { type CompiledInputs, compiledTargets } from './targets.js'

const rows = (n: number): Row[] => [
  { id: 'wasm', label: 'wasm', seconds: 1e-8 * n },
  {
    id: 'central',
    label: 'central',
    seconds: n <= 1000 ? 1e-10 * n * n : Number.NaN,
    ...(n > 1000 ? { skip: 'capped' } : {}),
  },
]
const data: RosenbrockResult = {
  sizes: [10, 100, 1000, 10000],
  byN: [10, 100, 1000, 10000].map((n) => ({ n, rows: rows(n) })),
}

describe('scaling', () => {
  test('exponent of n between the two largest sizes run', () => {
    expect(exponent(data, 'wasm')).toBeCloseTo(1, 12)
    expect(exponent(data, 'central')).toBeCloseTo(2, 12)
    expect(exponent(data, 'missing')).toBeNaN()
  })

  test('crossover: where n² overtakes n (1e-10 n² = 1e-8 n at n = 100)', () => {
    expect(crossover(data, 'central', 'wasm')).toBeCloseTo(100, 6)
    expect(crossover(data, 'wasm', 'central')).toBe(0)
  })
})

describe('svg', () => {
  test('a line per series with points, escaped labels, and a legend', () => {
    const s = logLogChart({
      title: 'a < b',
      xLabel: 'n',
      yLabel: 's',
      series: [
        {
          name: 'x & y',
          color: '#000',
          points: [
            [10, 1e-6],
            [100, 1e-5],
          ],
        },
        { name: 'empty', color: '#f00', points: [] },
      ],
    })
    expect(s.startsWith('<svg')).toBe(true)
    expect(s).toContain('a &lt; b')
    expect(s).toContain('x &amp; y')
    expect(s.match(/<path /g)).toHaveLength(1)
    expect(s.match(/<circle /g)).toHaveLength(2)
  })

  test('bars, a target mark, and "not run" for a missing value', () => {
    const s = logBarChart({
      title: 't',
      unit: 'ratio',
      format: String,
      bars: [
        { label: 'a', value: 3, color: '#000', mark: 5 },
        { label: 'b', value: Number.NaN, color: '#000' },
      ],
    })
    expect(s.match(/<rect /g)).toHaveLength(2) // the background and one bar
    expect(s).toContain('stroke-dasharray')
    expect(s).toContain('not run')
  })
})

describe('compiled targets', () => {
  const timing = (median: number) => ({ median, samples: 10, batches: 3, spread: 0.02 })
  const at = (id: string, seconds: number, extra: Partial<Row> = {}): Row => ({
    id,
    label: id,
    seconds,
    ...extra,
  })
  const inputs = (compiledSeconds: number): CompiledInputs => ({
    rosenbrock: {
      sizes: [1000],
      byN: [{ n: 1000, rows: [at('hand', 1e-6), at('wasm', 30e-6), at('wasm-compiled', compiledSeconds)] }],
    },
    mlp: {
      points: 100,
      params: 337,
      tapeNodes: 65_616,
      rows: [at('hand', 100e-6), at('wasm-compiled', 120e-6)],
    },
    batch: {
      points: 4,
      rows: [],
      arithmetic: [
        at('wasm-batch', 80e-9),
        at('wasm-batch-compiled', Number.NaN, { skip: 'compiled batched sweeps are not built' }),
      ],
    },
    gradbench: { runs: { min_runs: 1, min_seconds: 0 }, rounds: 1, transport: 'session', backends: [] },
    compiler: {
      repeats: 1,
      firstCall: { auto: timing(10e-6), never: timing(9e-6) },
      cases: [
        {
          name: 'GradBench lse n = 1000',
          gradbench: true,
          nodes: 5000,
          layout: 'memory',
          moduleBytes: 2e6,
          loops: 1,
          rerolledNodes: 4990,
          compileSeconds: 2.5e-3,
        },
        {
          name: 'x² + x',
          nodes: 3,
          layout: 'locals',
          moduleBytes: 189,
          loops: 0,
          rerolledNodes: 0,
          compileSeconds: 2e-4,
        },
      ],
    },
    tape: {
      nodes: 1000,
      bytesPerNode: 17,
      recordSecondsPerNode: 40e-9,
      jsSweepSecondsPerNode: 1e-8,
      wasmLoadSecondsPerNode: 1e-8,
      wasmSweepSecondsPerNode: 1e-9,
      wasmBytesPerNode: 25,
      repeats: 1,
    },
    adolc: {
      source: 'bench/results/gradbench-evals-*.json',
      pairs: [
        { name: 'lse n = 10000', backend: 'wasm', chainruleSeconds: 2e-4, adolcSeconds: 1e-4, run: 'a run' },
      ],
    },
  })
  const find = (ts: Target[], name: string, where?: string) =>
    ts.find((t) => t.name.startsWith(name) && (where === undefined || t.where.startsWith(where)))!

  test('a ratio to the floor and its status come from the measured times', () => {
    const slow = find(
      compiledTargets(inputs(4e-6)),
      'compiled gradient ÷ hand-written',
      'Rosenbrock n = 1000',
    )
    expect(slow).toMatchObject({ block: 'compiled', goal: '≤ 3×', measured: '4.0×', met: false })
    const fast = find(
      compiledTargets(inputs(2.5e-6)),
      'compiled gradient ÷ hand-written',
      'Rosenbrock n = 1000',
    )
    expect(fast).toMatchObject({ measured: '2.5×', met: true })
    // n = 100 was not run: said so, with no status.
    const n100 = find(compiledTargets(inputs(2e-6)), 'compiled gradient ÷ hand-written', 'Rosenbrock n = 100')
    expect(n100.met).toBeNull()
    expect(n100.measured).toMatch(/not measured/)
  })

  test('missing pieces are stated, not guessed; costs and peers come from their inputs', () => {
    const ts = compiledTargets(inputs(2e-6))
    expect(find(ts, 'compiled training step')).toMatchObject({ measured: '1.2×', met: true })
    const refused = inputs(2e-6)
    const mlp = {
      ...refused.mlp,
      rows: [at('hand', 1e-4), at('wasm-compiled', Number.NaN, { skip: 'not compiled: too big' })],
    }
    expect(find(compiledTargets({ ...refused, mlp }), 'compiled training step')).toMatchObject({
      measured: 'not compiled: too big',
      met: false,
    })
    expect(find(ts, 'batched gradient')).toMatchObject({
      measured: 'compiled batched sweeps are not built',
      met: null,
    })
    expect(find(ts, 'GradBench lse n = 10000, gradient ÷ primal').measured).toMatch(
      /no wasm-compiled backend/,
    )
    expect(find(ts, 'compile time per node')).toMatchObject({
      measured:
        '500 ns/node to 500 ns/node on tapes of ≥ 1000 nodes (worst: GradBench lse n = 1000); fixed cost on smaller ones 200 µs (x² + x, 3 nodes)',
      met: true,
    })
    expect(find(ts, 'module bytes per tape')).toMatchObject({ met: false })
    expect(find(ts, 'recording, per node')).toMatchObject({ measured: '40 ns', met: true })
    expect(find(ts, 'first-call latency')).toMatchObject({ met: false })
    const noisy = inputs(2e-6)
    const firstCall = { auto: { ...timing(10e-6), spread: 0.9 }, never: timing(9e-6) }
    expect(
      find(compiledTargets({ ...noisy, compiler: { ...noisy.compiler, firstCall } }), 'first-call latency')
        .met,
    ).toBeNull()
    expect(find(ts, 'GradBench gradient ÷ ADOL-C')).toMatchObject({
      measured: 'lse n = 10000 (wasm): 2.00',
      met: false,
    })
  })

  test("ADOL-C pairs are read from one run's rows, chainrule's compiled backend first", () => {
    const rows = [
      { eval: 'lse', tool: 'wasm', function: 'gradient', description: 'n=10000', seconds: 3e-4 },
      { eval: 'lse', tool: 'wasm-compiled', function: 'gradient', description: 'n=10000', seconds: 1e-4 },
      { eval: 'lse', tool: 'adol-c', function: 'gradient', description: 'n=10000', seconds: 2e-4 },
      { eval: 'lse', tool: 'adol-c', function: 'primal', description: 'n=10000', seconds: 1e-5 },
      { eval: 'gmm', tool: 'wasm', function: 'jacobian', description: '2_5_1000', seconds: 1e-3 },
    ]
    const pairs = pairsOf({ options: '--eval lse', date: 'd', commit: 'c', rows }, 'f.json')
    expect(pairs).toEqual([
      {
        name: 'lse n = 10000',
        backend: 'wasm-compiled',
        chainruleSeconds: 1e-4,
        adolcSeconds: 2e-4,
        run: 'f.json: `--eval lse`, d, chainrule c',
      },
    ])
  })
})
