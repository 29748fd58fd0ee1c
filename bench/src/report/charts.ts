// The report's charts, one SVG file each, drawn from the results.
import type { Row } from '../measure.js'
import type { Results } from '../results.js'
import { formatDuration } from './format.js'
import { series } from './scaling.js'
import { type Bar, logBarChart, logLogChart } from './svg.js'

export const COLOR: Record<string, string> = {
  primal: '#9e9e9e',
  hand: '#212121',
  js: '#f9a825',
  wasm: '#6a1b9a',
  'wasm-compiled': '#311b92',
  'js-batch': '#ef6c00',
  'wasm-batch': '#ab47bc',
  'wasm-batch-compiled': '#7b1fa2',
  'grad-js': '#fbc02d',
  'grad-wasm': '#8e24aa',
  'record-js': '#ffcc80',
  closure: '#c62828',
  central: '#1565c0',
  forward: '#42a5f5',
  richardson: '#00838f',
  'tf-cpu': '#2e7d32',
  'tf-wasm': '#66bb6a',
  cli: '#5d4037',
  api: '#8d6e63',
}

/** 1 ns, 10 ns, …, 1 s: labels for decades of seconds. */
function tickTime(s: number): string {
  const units: [number, string][] = [
    [1, 's'],
    [1e-3, 'ms'],
    [1e-6, 'µs'],
    [1e-9, 'ns'],
  ]
  const [scale, unit] = units.find(([u]) => s >= u * 0.999) ?? [1e-9, 'ns']
  return `${Math.round(s / scale)} ${unit}`
}

const bars = (rows: readonly Row[]): Bar[] =>
  rows.map((r) => ({
    label: r.label,
    value: r.seconds,
    color: COLOR[r.id] ?? '#555',
    ...(r.skip ? { text: 'not run' } : {}),
  }))

export function charts(r: Results): Record<string, string> {
  const ids = r.rosenbrock.byN[0].rows.map((x) => x.id)
  const label = (id: string) => r.rosenbrock.byN[0].rows.find((x) => x.id === id)!.label
  const errorSeries = (id: string): [number, number][] =>
    r.rosenbrock.byN.flatMap(({ n, rows }) => {
      const x = rows.find((y) => y.id === id)
      // An error of exactly 0 is drawn at 1e-17, below every measured error.
      return x?.error !== undefined && !x.skip ? [[n, Math.max(x.error, 1e-17)] as [number, number]] : []
    })
  const fronts: Bar[] = (['cli', 'api'] as const).map((k) => ({
    label: k === 'cli' ? 'CLI, whole process' : 'HTTP API, whole request',
    value: r.apps[k].seconds ?? Number.NaN,
    color: COLOR[k],
    ...(r.apps[k].status === 'pending' ? { text: 'pending' } : {}),
  }))
  const gradbench: Bar[] = r.gradbench.backends.flatMap(({ backend, cases }) =>
    cases.map((c) => ({
      label: `${c.name} (${backend})`,
      value: c.ratio,
      color: COLOR[backend],
      ...(c.target !== undefined ? { mark: c.target } : {}),
      text: `${c.ratio.toFixed(1)}${c.target !== undefined ? ` (target ≤ ${c.target})` : ''}`,
    })),
  )
  return {
    'latency.svg': logBarChart({
      title: 'x² + x at x = 2: time for one derivative',
      unit: 'seconds',
      bars: [...bars(r.latency.rows), ...fronts],
      format: formatDuration,
      tick: tickTime,
    }),
    'rosenbrock-time.svg': logLogChart({
      title: 'Rosenbrock: time per gradient',
      xLabel: 'n (variables)',
      yLabel: 'seconds (median)',
      series: ids.map((id) => ({
        name: label(id),
        color: COLOR[id] ?? '#555',
        points: series(r.rosenbrock, id),
      })),
    }),
    'rosenbrock-error.svg': logLogChart({
      title: 'Rosenbrock: relative error of the gradient',
      xLabel: 'n (variables)',
      yLabel: 'max|g − g*| / max|g*|  (exact drawn at 1e-17)',
      series: ids
        .filter((id) => id !== 'primal' && id !== 'hand')
        .map((id) => ({ name: label(id), color: COLOR[id] ?? '#555', points: errorSeries(id) })),
    }),
    'batch.svg': logBarChart({
      title: `Gradient of a 10-variable function, per point (${r.batch.points} points)`,
      unit: 'seconds per point',
      bars: bars(r.batch.rows),
      format: formatDuration,
      tick: tickTime,
    }),
    'mlp.svg': logBarChart({
      title: 'MLP 2→16→16→1: one training step',
      unit: 'seconds per step',
      bars: bars(r.mlp.rows),
      format: formatDuration,
      tick: tickTime,
    }),
    'gradbench.svg': logBarChart({
      title: 'GradBench: gradient ÷ plain-JS primal (dashed: target)',
      unit: 'ratio',
      bars: gradbench,
      format: (v) => (v >= 1 ? v.toFixed(0) : v.toPrecision(1)),
    }),
  }
}
