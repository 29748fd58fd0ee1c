// The frame every plot shares: an SVG sized to its container in CSS pixels
// (so text stays readable on a phone instead of shrinking with a viewBox),
// d3 axes with labels, and a clip path for whatever runs off the plot area.

import { type AxisDomain, type AxisScale, axisBottom, axisLeft } from 'd3-axis'
import { type Selection, select } from 'd3-selection'

export interface Box {
  readonly width: number
  readonly height: number
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>
export type Group = Selection<SVGGElement, unknown, null, undefined>

/** The plot area of a container: as wide as it is, at most 460 px tall. */
export function boxFor(container: HTMLElement, aspect = 0.66): Box {
  const width = Math.max(280, Math.floor(container.clientWidth))
  const height = Math.round(Math.min(460, Math.max(220, width * aspect)))
  return { width, height, left: 56, right: width - 14, top: 14, bottom: height - 40 }
}

let ids = 0

export interface Frame {
  readonly svg: Svg
  /** Layers clipped to the plot area, bottom to top. */
  readonly plot: Group
  readonly clipUrl: string
}

/** Replaces the container's content with an empty framed SVG. */
export function createFrame(container: HTMLElement, box: Box, title: string): Frame {
  const id = `clip-${++ids}`
  container.replaceChildren()
  const svg = select(container)
    .append('svg')
    .attr('class', 'plot-svg')
    .attr('width', box.width)
    .attr('height', box.height)
    .attr('viewBox', `0 0 ${box.width} ${box.height}`)
    .attr('role', 'img')
    .attr('aria-label', title)
  svg
    .append('clipPath')
    .attr('id', id)
    .append('rect')
    .attr('x', box.left)
    .attr('y', box.top)
    .attr('width', box.right - box.left)
    .attr('height', box.bottom - box.top)
  const clipUrl = `url(#${id})`
  const plot = svg.append('g').attr('clip-path', clipUrl)
  return { svg, plot, clipUrl }
}

export interface AxisOptions<D extends AxisDomain> {
  xLabel: string
  yLabel: string
  xTicks?: number
  yTicks?: number
  xFormat?: (d: D) => string
  yFormat?: (d: D) => string
  /** Exact tick positions (a log axis shows decades only). */
  xValues?: D[]
  yValues?: D[]
  /** Faint grid lines across the plot area (default on; off over filled contours). */
  grid?: boolean
}

/** Bottom and left axes as d3-axis draws them, with a light grid and axis titles. */
export function drawAxes<D extends AxisDomain>(
  svg: Svg,
  box: Box,
  x: AxisScale<D>,
  y: AxisScale<D>,
  opts: AxisOptions<D>,
): void {
  const xAxis = axisBottom(x).ticks(opts.xTicks ?? Math.max(3, Math.floor((box.right - box.left) / 80)))
  const yAxis = axisLeft(y).ticks(opts.yTicks ?? Math.max(3, Math.floor((box.bottom - box.top) / 50)))
  if (opts.xFormat) xAxis.tickFormat(opts.xFormat)
  if (opts.yFormat) yAxis.tickFormat(opts.yFormat)
  if (opts.xValues) xAxis.tickValues(opts.xValues)
  if (opts.yValues) yAxis.tickValues(opts.yValues)
  const gx = svg
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${box.bottom})`)
    .call(xAxis)
  const gy = svg
    .append('g')
    .attr('class', 'axis axis-y')
    .attr('transform', `translate(${box.left},0)`)
    .call(yAxis)
  if (opts.grid !== false) {
    // Grid lines: the ticks extended across the plot area, drawn faintly.
    gx.selectAll('.tick line')
      .clone()
      .attr('class', 'grid')
      .attr('y2', box.top - box.bottom)
    gy.selectAll('.tick line')
      .clone()
      .attr('class', 'grid')
      .attr('x2', box.right - box.left)
  }
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('x', box.right)
    .attr('y', box.height - 6)
    .attr('text-anchor', 'end')
    .text(opts.xLabel)
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('transform', `translate(14,${box.top}) rotate(-90)`)
    .attr('text-anchor', 'end')
    .text(opts.yLabel)
}
