// The report's arithmetic and drawing, on made-up results.
import { describe, expect, test } from 'vitest'
import type { Row } from '../measure.js'
import type { RosenbrockResult } from '../workloads/rosenbrock.js'
import { crossover, exponent } from './scaling.js'
import { logBarChart, logLogChart } from './svg.js'

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
