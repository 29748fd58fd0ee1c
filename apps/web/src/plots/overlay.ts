// The gradient-descent path drawn over a plot: a line through the iterates
// shown so far, the start, and the current iterate.
import { line } from 'd3-shape'
import type { Group } from './frame.ts'

export type Trajectory = readonly { readonly x: readonly number[]; readonly value: number }[]

export interface Overlay {
  /** Shows iterates 0 … upto of the trajectory. */
  draw(trajectory: Trajectory, upto: number): void
}

/** Draws pixel points into `layer`, replacing what was there; dots only while they are few enough to see. */
export function drawPath(layer: Group, points: readonly [number, number][]): void {
  layer.selectAll('*').remove()
  // Diverging runs leave the plot by many orders of magnitude; keep the coordinates drawable.
  const pts = points
    .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
    .map(([px, py]): [number, number] => [clamp(px), clamp(py)])
  if (pts.length === 0) return
  layer.append('path').attr('class', 'descent-path').attr('d', line()(pts))
  if (pts.length <= 80) {
    layer
      .selectAll('circle.descent-dot')
      .data(pts.slice(1, -1))
      .join('circle')
      .attr('class', 'descent-dot')
      .attr('cx', (p) => p[0])
      .attr('cy', (p) => p[1])
      .attr('r', 2.5)
  }
  const [start, head] = [pts[0], pts[pts.length - 1]]
  layer.append('circle').attr('class', 'descent-start').attr('cx', start[0]).attr('cy', start[1]).attr('r', 4)
  layer.append('circle').attr('class', 'descent-head').attr('cx', head[0]).attr('cy', head[1]).attr('r', 5.5)
}

const clamp = (v: number) => Math.max(-1e5, Math.min(1e5, v))
