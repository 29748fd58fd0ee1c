// The origin text's trade-off made visible: |finite difference − AD| against
// the step h, both axes logarithmic, large h on the left as the CLI's
// `compare` plot draws it. Each method's curve falls as h shrinks (truncation
// error, the left side) until rounding error, growing like ε/h, turns it back
// up (the right side); the ring marks its best h. The dashed line is ε·|f′|,
// the accuracy AD has.

import { scaleLog } from 'd3-scale'
import { line, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3-shape'
import type { ErrorSweep } from '../core.ts'
import { type Lang, t } from '../i18n.ts'
import { type Box, boxFor, createFrame, drawAxes, type Group } from './frame.ts'
import type { LegendItem } from './legend.ts'

export const METHODS = ['central', 'forward', 'backward', 'richardson'] as const

const SYMBOLS = {
  central: symbolCircle,
  forward: symbolSquare,
  backward: symbolDiamond,
  richardson: symbolTriangle,
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  0: '⁰',
  1: '¹',
  2: '²',
  3: '³',
  4: '⁴',
  5: '⁵',
  6: '⁶',
  7: '⁷',
  8: '⁸',
  9: '⁹',
}
/** Powers of ten inside [lo, hi], every `step`-th decade. */
function decades(domain: number[], step: number): number[] {
  const [lo, hi] = [Math.min(...domain), Math.max(...domain)]
  const out: number[] = []
  for (let k = Math.ceil(Math.log10(lo)); k <= Math.floor(Math.log10(hi)); k++)
    if (k % step === 0) out.push(10 ** k)
  return out
}

/** 10⁻⁵ */
const power = (v: number) =>
  `10${String(Math.round(Math.log10(v))).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`

/** The key: each method's line and marker in its colour. */
export const errorLegend = (lang: Lang): LegendItem[] =>
  METHODS.map((m) => ({
    line: 'series-line',
    label: t(lang, m),
    marker: symbol(SYMBOLS[m], 36)() ?? '',
    group: `series series-${m}`,
  }))

export function drawErrors(container: HTMLElement, sweep: ErrorSweep, lang: Lang): void {
  const box = boxFor(container, 0.5)
  const hs = sweep.rows.map((r) => r.h)
  const errors = sweep.rows.flatMap((r) => METHODS.map((m) => r[m].absError))
  const positive = errors.filter((e) => e > 0 && Number.isFinite(e))
  const reference = Number.EPSILON * Math.abs(sweep.ad)
  if (reference > 0) positive.push(reference)
  // An exact difference (error 0) has no logarithm: it is drawn hollow on a floor
  // line a decade under the smallest error, labelled as exact.
  const floor = positive.length ? Math.min(...positive) / 10 : 1e-18
  const hasExact = errors.some((e) => e === 0)
  const lo = hasExact ? floor / 4 : floor * 2.5
  const hi = positive.length ? Math.max(...positive) * 4 : 1
  const x = scaleLog()
    // Half a decade of room at each end, so the rings at the first and last step are whole;
    // large h on the left, small on the right, as in the CLI's plot.
    .domain([Math.max(...hs) * 3, Math.min(...hs) / 3])
    .range([box.left, box.right])
  const y = scaleLog().domain([lo, hi]).range([box.bottom, box.top]).nice()
  const shown = (e: number) => (e > 0 ? e : floor)

  const frame = createFrame(container, box, t(lang, 'numericHeading'))
  drawAxes(frame.svg, box, x, y, {
    xLabel: t(lang, 'stepSize'),
    yLabel: t(lang, 'absError'),
    xFormat: power,
    yFormat: power,
    xValues: decades(x.domain(), box.width < 560 ? 3 : 1),
    yValues: decades(y.domain(), Math.max(1, Math.ceil(Math.log10(y.domain()[1] / y.domain()[0]) / 6))),
  })

  const { plot } = frame
  // Which error wins on each side: truncation where h is large, rounding where it is tiny.
  for (const [side, key, anchor, at] of [
    ['truncation', 'truncationSide', 'start', box.left + 8],
    ['rounding', 'roundingSide', 'end', box.right - 8],
  ] as const) {
    frame.svg
      .append('text')
      .attr('class', `side-label side-${side}`)
      .attr('data-testid', `side-${side}`)
      .attr('x', at)
      .attr('y', box.top + 14)
      .attr('text-anchor', anchor)
      .text(t(lang, key))
  }
  if (reference > 0) drawGuide(plot, box, y(reference), 'eps', -6, 'AD: ε·|f′|')
  if (hasExact) drawGuide(plot, box, y(floor), 'exact', 14, `${t(lang, 'exact')} (0)`)
  for (const m of METHODS) drawSeries(plot, sweep, m, x, (e) => y(shown(e)))
  const best = sweep.best.central
  if (best) {
    // Beside the ring, on whichever side has room.
    const bx = x(best.h)
    const anchor = bx > box.right - 60 ? 'end' : bx < box.left + 60 ? 'start' : 'middle'
    frame.svg
      .append('text')
      .attr('class', 'best-label')
      .attr('x', anchor === 'end' ? bx - 12 : anchor === 'start' ? bx + 12 : bx)
      .attr('y', y(shown(best.absError)) - 15)
      .attr('text-anchor', anchor)
      .text(`h = ${power(best.h)}`)
  }
}

/** A labelled horizontal line across the plot at `at`: the AD reference or the exact floor. */
function drawGuide(
  plot: Group,
  box: Box,
  at: number,
  kind: 'eps' | 'exact',
  dy: number,
  label: string,
): void {
  plot
    .append('line')
    .attr('class', `${kind}-line`)
    .attr('x1', box.left)
    .attr('x2', box.right)
    .attr('y1', at)
    .attr('y2', at)
  plot
    .append('text')
    .attr('class', `${kind}-label`)
    .attr('x', box.left + 6)
    .attr('y', at + dy)
    .text(label)
}

/** One method's curve and markers over h, and the ring at its best h; `yOf` maps an error (0 to the floor). */
function drawSeries(
  plot: Group,
  sweep: ErrorSweep,
  m: (typeof METHODS)[number],
  x: (h: number) => number,
  yOf: (error: number) => number,
): void {
  const rows = sweep.rows.filter((r) => !Number.isNaN(r[m].absError) && Number.isFinite(r[m].absError))
  const g = plot.append('g').attr('class', `series series-${m}`)
  g.append('path').attr(
    'd',
    line<(typeof rows)[number]>()
      .x((r) => x(r.h))
      .y((r) => yOf(r[m].absError))(rows),
  )
  g.selectAll('path.marker')
    .data(rows)
    .join('path')
    .attr('class', (r) => (r[m].absError > 0 ? 'marker' : 'marker exact'))
    .attr('transform', (r) => `translate(${x(r.h)},${yOf(r[m].absError)})`)
    .attr('d', symbol(SYMBOLS[m], 36)())
  const best = sweep.best[m]
  if (best) {
    g.append('circle')
      .attr('class', 'best')
      .attr('data-testid', `best-ring-${m}`)
      .attr('cx', x(best.h))
      .attr('cy', yOf(best.absError))
      .attr('r', 9)
  }
}
