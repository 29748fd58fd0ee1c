// Two variables: filled contours of f over the sliders' ranges and arrows of
// ∇f, each grid from one batched replay of the tape. With more variables the
// plot is the slice through the current point along the first two.

import { quantileSorted } from 'd3-array'
import { contours } from 'd3-contour'
import { scaleLinear, scaleSequential } from 'd3-scale'
import { interpolateViridis } from 'd3-scale-chromatic'
import { curveLinearClosed, line } from 'd3-shape'
import { type BackendName, type Gradient, gradientBatch, type Model } from '../core.ts'
import { type Lang, t } from '../i18n.ts'
import { boxFor, createFrame, drawAxes, type Group } from './frame.ts'
import { drawPath, type Overlay } from './overlay.ts'

const GRID = 64
const ARROWS = 13
const BANDS = 18

export interface ContourInput {
  readonly model: Model
  readonly backend: BackendName
  readonly ranges: readonly (readonly [number, number])[]
  readonly point: readonly number[]
  readonly result: Gradient | null
  readonly lang: Lang
}

/** k×n row-major points: the grid over inputs 0 and 1 at cell centres, the others held at `point`. */
function grid(point: readonly number[], ranges: ContourInput['ranges'], nx: number, ny: number) {
  const n = point.length
  const X = new Float64Array(nx * ny * n)
  const [[x0, x1], [y0, y1]] = ranges
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const row = (j * nx + i) * n
      for (let v = 2; v < n; v++) X[row + v] = point[v]
      X[row] = x0 + ((i + 0.5) * (x1 - x0)) / nx
      X[row + 1] = y0 + ((j + 0.5) * (y1 - y0)) / ny
    }
  }
  return X
}

export function drawContours(container: HTMLElement, input: ContourInput): Overlay {
  const { model, backend, ranges, point, result, lang } = input
  const [xName, yName] = model.variables
  const box = boxFor(container, 0.8)
  const x = scaleLinear().domain(ranges[0]).range([box.left, box.right])
  const y = scaleLinear().domain(ranges[1]).range([box.bottom, box.top])
  const frame = createFrame(container, box, t(lang, 'plot2Legend'))
  const { plot } = frame

  const values = gradientBatch(model, backend, grid(point, ranges, GRID, GRID), GRID * GRID).value
  // Equal-area bands (quantiles) rather than equal steps: Rosenbrock spans 0 … 10⁵,
  // and even steps would paint its whole valley one colour.
  const sorted = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
  const thresholds = [
    ...new Set(Array.from({ length: BANDS }, (_, i) => quantileSorted(sorted, i / BANDS) ?? 0)),
  ]
  const color = scaleSequential(interpolateViridis).domain([0, thresholds.length - 1])
  // Undefined values (log of a negative) sit above every band; they are hatched over below.
  const top = sorted.length > 0 ? sorted[sorted.length - 1] : 0
  const filled = Array.from(values, (v) => (Number.isFinite(v) ? v : top))
  const cell = (c: number, lo: number, hi: number) => lo + (c * (hi - lo)) / GRID
  const ring = line<number[]>()
    .x((p) => x(cell(p[0], ...ranges[0])))
    .y((p) => y(cell(p[1], ...ranges[1])))
    .curve(curveLinearClosed)
  plot
    .append('g')
    .attr('class', 'contours')
    .selectAll('path')
    .data(contours().size([GRID, GRID]).thresholds(thresholds)(filled))
    .join('path')
    .attr('fill', (_, i) => color(i))
    .attr('d', (c) => c.coordinates.flatMap((polygon) => polygon.map((r) => ring(r) ?? '')).join(''))
  undefinedCells(plot, values, box)
  arrows(plot, model, backend, ranges, point, x, y)

  if (result) {
    const g = result.gradient
    plot
      .append('circle')
      .attr('class', 'point-f')
      .attr('cx', x(point[0]))
      .attr('cy', y(point[1]))
      .attr('r', 6)
    arrow(plot, x(point[0]), y(point[1]), g[0] * (x(1) - x(0)), g[1] * (y(1) - y(0)), 34, 'arrow-current')
  }
  drawAxes(frame.svg, box, x, y, { xLabel: xName, yLabel: yName, grid: false })

  const layer = plot.append('g').attr('class', 'descent')
  return {
    draw: (trajectory, upto) =>
      drawPath(
        layer,
        trajectory.slice(0, upto + 1).map((p): [number, number] => [x(p.x[0]), y(p.x[1])]),
      ),
  }
}

/** ∇f on a coarse grid: direction in the plot's own pixels, one length, so the field reads at a glance. */
function arrows(
  plot: Group,
  model: Model,
  backend: BackendName,
  ranges: ContourInput['ranges'],
  point: readonly number[],
  x: (v: number) => number,
  y: (v: number) => number,
): void {
  const n = point.length
  const X = grid(point, ranges, ARROWS, ARROWS)
  const { gradient } = gradientBatch(model, backend, X, ARROWS * ARROWS)
  const layer = plot.append('g').attr('class', 'arrows')
  const length = (Math.abs(x(ranges[0][1]) - x(ranges[0][0])) / ARROWS) * 0.7
  for (let k = 0; k < ARROWS * ARROWS; k++) {
    const px = x(X[k * n])
    const py = y(X[k * n + 1])
    arrow(
      layer,
      px,
      py,
      gradient[k * n] * (x(1) - x(0)),
      gradient[k * n + 1] * (y(1) - y(0)),
      length,
      'arrow',
    )
  }
}

/** An arrow from (px, py) along (dx, dy) in pixels, scaled to `length`; nothing for a zero or NaN gradient. */
function arrow(layer: Group, px: number, py: number, dx: number, dy: number, length: number, cls: string) {
  const norm = Math.hypot(dx, dy)
  if (!(norm > 0) || !Number.isFinite(norm)) return
  const [ux, uy] = [dx / norm, dy / norm]
  const [tx, ty] = [px + ux * length, py + uy * length]
  const head = Math.min(7, length * 0.4)
  const g = layer.append('g').attr('class', cls)
  g.append('line').attr('x1', px).attr('y1', py).attr('x2', tx).attr('y2', ty)
  g.append('path').attr(
    'd',
    `M${tx},${ty}L${tx - ux * head - uy * head * 0.5},${ty - uy * head + ux * head * 0.5}` +
      `L${tx - ux * head + uy * head * 0.5},${ty - uy * head - ux * head * 0.5}Z`,
  )
}

/** Grid cells where f is NaN or infinite, drawn grey so no colour claims a value there. */
function undefinedCells(
  plot: Group,
  values: Float64Array,
  box: { left: number; right: number; top: number; bottom: number },
): void {
  const w = (box.right - box.left) / GRID
  const h = (box.bottom - box.top) / GRID
  const layer = plot.append('g').attr('class', 'undefined-cells')
  values.forEach((v, k) => {
    if (Number.isFinite(v)) return
    const i = k % GRID
    const j = Math.floor(k / GRID)
    layer
      .append('rect')
      .attr('x', box.left + i * w)
      .attr('y', box.bottom - (j + 1) * h)
      .attr('width', w + 0.5)
      .attr('height', h + 0.5)
  })
}
