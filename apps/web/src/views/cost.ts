// The origin text's third claim about numerical differentiation: its cost
// grows with the number of variables (central differences evaluate f 2n
// times), while AD's gradient costs one forward and one reverse sweep. The
// page measures both for n = 1 … 64 on the current engine, one n per task so
// the page stays responsive, and draws the times as they come in.

import { formatDuration } from '@chainrule/core/measure'
import { scaleLog } from 'd3-scale'
import { line, symbol, symbolCircle, symbolSquare } from 'd3-shape'
import type { App } from '../app.ts'
import { timeCost } from '../core.ts'
import { byId } from '../dom.ts'
import { type Lang, t } from '../i18n.ts'
import { boxFor, createFrame, drawAxes } from '../plots/frame.ts'
import { legendList } from '../plots/legend.ts'

/** Up to the expression language's limit of 64 distinct variables. */
export const COST_NS: readonly number[] = [1, 2, 4, 8, 16, 32, 64]

interface Row {
  readonly n: number
  readonly ad: number
  readonly numeric: number
}

const SERIES = [
  { key: 'numeric', label: 'costNumeric', symbol: symbolSquare },
  { key: 'ad', label: 'costAd', symbol: symbolCircle },
] as const

export function mountCost(app: App): void {
  const button = byId<HTMLButtonElement>('cost-run')
  const chart = byId('cost-chart')
  const status = byId('cost-status')
  let rows: Row[] = []
  let running = false

  button.addEventListener('click', () => {
    if (running) return
    running = true
    button.disabled = true
    rows = []
    const backend = app.state.backend
    const next = (k: number) => {
      let row: Row | null = null
      try {
        row = k < COST_NS.length ? { n: COST_NS[k], ...timeCost(backend, COST_NS[k]) } : null
      } catch {
        // A limit of the engine (none is expected below 64 variables): show what was measured.
      }
      if (row === null) {
        running = false
        button.disabled = false
        chart.dataset.done = 'true'
        render(app.state.lang)
        return
      }
      rows.push(row)
      render(app.state.lang)
      // One n per task: the browser paints and handles input between measurements.
      setTimeout(() => next(k + 1), 0)
    }
    delete chart.dataset.done
    status.textContent = t(app.state.lang, 'measuring')
    setTimeout(() => next(0), 0)
  })
  app.subscribe((state, changed) => {
    if (changed.has('lang')) render(state.lang)
  })

  function render(lang: Lang): void {
    chart.replaceChildren()
    status.replaceChildren()
    if (rows.length === 0) return
    drawCost(chart, rows, lang)
    const last = rows[rows.length - 1]
    status.append(
      t(lang, 'costStatus', {
        n: last.n,
        calls: 2 * last.n,
        numeric: formatDuration(last.numeric),
        ad: formatDuration(last.ad),
        ratio: String(Math.round(last.numeric / last.ad)),
      }),
    )
    status.dataset.rows = String(rows.length)
  }
}

function drawCost(container: HTMLElement, rows: readonly Row[], lang: Lang): void {
  const box = boxFor(container, 0.45)
  const times = rows.flatMap((r) => [r.ad, r.numeric]).filter((v) => v > 0 && Number.isFinite(v))
  const x = scaleLog()
    .base(2)
    .domain([COST_NS[0] / 1.3, COST_NS[COST_NS.length - 1] * 1.3])
    .range([box.left, box.right])
  const y = scaleLog()
    .domain([Math.min(...times) / 2, Math.max(...times) * 2])
    .range([box.bottom, box.top])
    .nice()
  const frame = createFrame(container, box, t(lang, 'costHeading'))
  drawAxes(frame.svg, box, x, y, {
    xLabel: t(lang, 'costVariables'),
    yLabel: t(lang, 'costTime'),
    xValues: [...COST_NS],
    xFormat: (v) => String(v),
    yFormat: (v) => (Math.abs(Math.log10(Number(v)) % 1) < 1e-9 ? formatDuration(Number(v)) : ''),
  })
  for (const s of SERIES) {
    const g = frame.plot
      .append('g')
      .attr('class', `series cost-${s.key}`)
      .attr('data-testid', `cost-${s.key}`)
    const shown = rows.filter((r) => r[s.key] > 0)
    g.append('path').attr(
      'd',
      line<Row>()
        .x((r) => x(r.n))
        .y((r) => y(r[s.key]))(shown),
    )
    g.selectAll('path.marker')
      .data(shown)
      .join('path')
      .attr('class', 'marker')
      .attr('transform', (r) => `translate(${x(r.n)},${y(r[s.key])})`)
      .attr('d', symbol(s.symbol, 36)())
  }
  container.append(
    legendList(
      SERIES.map((s) => ({
        line: 'series-line',
        label: t(lang, s.label),
        marker: symbol(s.symbol, 36)() ?? '',
        group: `series cost-${s.key}`,
      })),
    ),
  )
}
