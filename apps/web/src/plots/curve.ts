// One variable: f and f′ over the slider's range from one batched replay of
// the tape, the current point on both, and the tangent line there, whose
// slope is the derivative the readout shows.

import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { type BackendName, type Gradient, gradientBatch, type Model } from '../core.ts'
import { fmt } from '../format.ts'
import { type Lang, t } from '../i18n.ts'
import { linspace, robustExtent } from './domain.ts'
import { boxFor, createFrame, drawAxes } from './frame.ts'
import type { LegendItem } from './legend.ts'
import { drawPath, type Overlay } from './overlay.ts'

const SAMPLES = 401

export interface CurveInput {
  readonly model: Model
  readonly backend: BackendName
  readonly range: readonly [number, number]
  readonly x0: number
  readonly result: Gradient | null
  readonly lang: Lang
}

/** The key for the curve plot. */
export const curveLegend = (lang: Lang): LegendItem[] => [
  { line: 'curve-f', label: 'f' },
  { line: 'curve-df', label: 'f′' },
  { line: 'tangent', label: t(lang, 'tangent') },
]

export function drawCurve(container: HTMLElement, input: CurveInput): Overlay {
  const { model, backend, range, x0, result, lang } = input
  const name = model.variables[0]
  const xs = linspace(range[0], range[1], SAMPLES)
  const { value: fs, gradient: ds } = gradientBatch(model, backend, xs, SAMPLES)

  const box = boxFor(container)
  const x = scaleLinear().domain(range).range([box.left, box.right])
  const y = scaleLinear()
    .domain(robustExtent([...fs, ...ds]))
    .range([box.bottom, box.top])
    .nice()
  const frame = createFrame(container, box, t(lang, 'plot1Legend'))
  drawAxes(frame.svg, box, x, y, { xLabel: name, yLabel: 'f, f′' })

  const [ylo, yhi] = y.domain()
  const margin = (yhi - ylo) * 10
  // Points far outside the view are gaps, so a pole (1/x) is not joined across.
  const shown = (v: number) => Number.isFinite(v) && v > ylo - margin && v < yhi + margin
  const curve = (values: Float64Array) =>
    line<number>()
      .defined((i) => shown(values[i]))
      .x((i) => x(xs[i]))
      .y((i) => y(values[i]))(Array.from(xs.keys()))

  const { plot } = frame
  plot.append('path').attr('class', 'curve-df').attr('d', curve(ds))
  plot.append('path').attr('class', 'curve-f').attr('d', curve(fs))

  if (result && Number.isFinite(result.value) && Number.isFinite(result.gradient[0])) {
    const [f0, d0] = [result.value, result.gradient[0]]
    const at = (u: number) => f0 + d0 * (u - x0)
    plot
      .append('line')
      .attr('class', 'tangent')
      .attr('x1', x(range[0]))
      .attr('y1', y(at(range[0])))
      .attr('x2', x(range[1]))
      .attr('y2', y(at(range[1])))
    plot.append('circle').attr('class', 'point-df').attr('cx', x(x0)).attr('cy', y(d0)).attr('r', 4)
    plot.append('circle').attr('class', 'point-f').attr('cx', x(x0)).attr('cy', y(f0)).attr('r', 5.5)
    plot
      .append('text')
      .attr('class', 'point-label')
      .attr('x', x(x0) + 9)
      .attr('y', y(f0) - 9)
      .text(`(${fmt(x0)}, ${fmt(f0)})`)
  }
  const layer = plot.append('g').attr('class', 'descent')
  return {
    draw: (trajectory, upto) =>
      drawPath(
        layer,
        trajectory.slice(0, upto + 1).map((p): [number, number] => [x(p.x[0]), y(p.value)]),
      ),
  }
}
