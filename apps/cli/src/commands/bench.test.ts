import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

// The test clock advances 1 ms per reading: a single call times as 1 ms, a batch of k as 1/k ms per point.
describe('chainrule bench', () => {
  it('js and wasm, single and batched, against central differences (golden with the test clock)', async () => {
    const r = await cli(['bench', 'x^2 + x', '--at', 'x=2', '--runs', '3', '--batch', '1000'])
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'at  x = 2',
        '',
        'method                time / point  spread  points/s  × fastest  max |error|',
        'js gradient                   1 ms     ±0%      1000  1000.00              0',
        'js gradientBatch              1 µs     ±0%      1e+6     1.00              0',
        'wasm gradient                 1 ms     ±0%      1000  1000.00              0',
        'wasm gradientBatch            1 µs     ±0%      1e+6     1.00              0',
        'numeric central (js)          1 ms     ±0%      1000  1000.00       2.89e-11',
        "median of 3 interleaved runs; batches of 1000 points; error against the JS backend's gradient",
        '',
      ].join('\n'),
    })
  })

  it('--json: per-point medians, throughput, ratio to the fastest and accuracy', async () => {
    const r = json(
      await cli(['bench', 'x*y + x^3 - log(y)', '--at', 'x=3,y=4', '--runs', '1', '--batch', '10', '--json']),
    )
    expect(r).toMatchObject({
      command: 'bench',
      variables: ['x', 'y'],
      at: { x: 3, y: 4 },
      runs: 1,
      batch: 10,
    })
    const results = r.results as {
      name: string
      timeMs: number
      relative: number
      maxError: number
      spread: number
    }[]
    expect(results.map((x) => [x.name, x.timeMs, x.relative])).toEqual([
      ['js gradient', 1, 10],
      ['js gradientBatch', 0.1, 1],
      ['wasm gradient', 1, 10],
      ['wasm gradientBatch', 0.1, 1],
      ['numeric central (js)', 1, 10],
    ])
    expect(results.map((x) => x.spread)).toEqual([0, 0, 0, 0, 0])
    expect(results[0].maxError).toBe(0)
    expect(results[4].maxError).toBeGreaterThan(0)
    expect(results[4].maxError).toBeLessThan(1e-6)
  })

  // Every method calibrates before the first round: all five are timed together, interleaved.
  it('shows what it is timing on a terminal', async () => {
    const r = await cli(['bench', 'x', '--at', 'x=1', '--runs', '1', '--batch', '2'], { stderrTty: true })
    expect(r.stderr.split('\r').filter(Boolean)).toEqual([
      'calibrating js gradient\x1b[K',
      'calibrating js gradientBatch\x1b[K',
      'calibrating wasm gradient\x1b[K',
      'calibrating wasm gradientBatch\x1b[K',
      'calibrating numeric central (js)\x1b[K',
      'timing, round 1 of 1\x1b[K',
      '\x1b[K',
    ])
  })
})

describe('bench bounds', () => {
  it('--runs and --batch are at least 1; --runs at most 1000, --batch at most core’s points limit (exit 2)', async () => {
    const bench = (...args: string[]) => cli(['bench', 'x', '--at', 'x=1', ...args])
    expect(await bench('--runs', '0')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: --runs: expected a whole number ≥ 1, got '0'\n",
    })
    expect((await bench('--batch', '0')).stderr).toBe(
      "error: --batch: expected a whole number ≥ 1, got '0'\n",
    )
    expect(await bench('--runs', '1001')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --runs: at most 1000, got 1001\n',
    })
    const big = await bench('--batch', '10001', '--runs', '1')
    expect(big.code).toBe(2)
    expect(big.stderr).toBe("error: --batch: at most 10000 points (core's points limit), got 10001\n")
    const j = await bench('--batch', '1e12', '--json')
    expect(j.code).toBe(2)
    expect(json(j)).toEqual({
      error: {
        code: 'invalid-option',
        message: "--batch: at most 10000 points (core's points limit), got 1000000000000",
      },
    })
  })

  it('the bounds themselves are accepted', async () => {
    const r = await cli(['bench', 'x', '--at', 'x=1', '--runs', '1', '--batch', '10000', '--json'])
    expect(r.code).toBe(0)
    expect(json(r)).toMatchObject({ runs: 1, batch: 10000 })
  })
})
