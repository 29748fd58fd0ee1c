// Two chart kinds, drawn as plain SVG from the data (no chart library): a
// log–log line chart (time or error against size) and a horizontal bar chart
// on a log scale (times spanning many decades). Text is escaped; sizes fixed.

export interface Series {
  readonly name: string
  readonly color: string
  readonly points: readonly (readonly [number, number])[]
}

const W = 900
const FONT = 'font-family="system-ui, sans-serif" font-size="12"'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (v: number) => (Number.isInteger(Math.log10(v)) ? `1e${Math.log10(v)}` : v.toPrecision(2))

function decades(lo: number, hi: number): [number, number] {
  return [Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi))]
}

function svg(height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" ${FONT}>`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n')
}

/** Both axes logarithmic; points with a non-positive or non-finite coordinate are left out. */
export function logLogChart(o: {
  title: string
  xLabel: string
  yLabel: string
  series: readonly Series[]
}): string {
  const H = 460
  const left = 70
  const right = 300
  const top = 40
  const bottom = 50
  const pts = o.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0 && Number.isFinite(x * y))
  if (pts.length === 0) return svg(80, [`<text x="10" y="40">${esc(o.title)}: no data</text>`])
  const [x0, x1] = decades(Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0])))
  const [y0, y1] = decades(Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1])))
  const px = (x: number) => left + ((Math.log10(x) - x0) / Math.max(1, x1 - x0)) * (W - left - right)
  const py = (y: number) => H - bottom - ((Math.log10(y) - y0) / Math.max(1, y1 - y0)) * (H - top - bottom)
  const body = [`<text x="${left}" y="22" font-size="15" font-weight="600">${esc(o.title)}</text>`]
  for (let d = x0; d <= x1; d++) {
    const x = px(10 ** d)
    body.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${H - bottom}" stroke="#e5e5e5"/>`)
    body.push(`<text x="${x}" y="${H - bottom + 16}" text-anchor="middle">${fmt(10 ** d)}</text>`)
  }
  for (let d = y0; d <= y1; d++) {
    const y = py(10 ** d)
    body.push(`<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="#e5e5e5"/>`)
    body.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${fmt(10 ** d)}</text>`)
  }
  body.push(`<text x="${(left + W - right) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`)
  body.push(
    `<text transform="translate(16 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  )
  o.series.forEach((s, i) => {
    const ok = s.points.filter(([x, y]) => x > 0 && y > 0 && Number.isFinite(x * y))
    if (ok.length > 0) {
      const d = ok.map(([x, y], j) => `${j ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')
      body.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`)
      for (const [x, y] of ok)
        body.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`)
    }
    const ly = top + 8 + i * 18
    body.push(
      `<line x1="${W - right + 14}" y1="${ly}" x2="${W - right + 34}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`,
    )
    body.push(`<text x="${W - right + 40}" y="${ly + 4}">${esc(s.name)}</text>`)
  })
  return svg(H, body)
}

export interface Bar {
  readonly label: string
  readonly value: number
  readonly color: string
  /** Drawn as a tick across the bar (a target). */
  readonly mark?: number
  readonly text?: string
}

/** Horizontal bars on a log scale; bars without a finite positive value are listed as "not run". */
export function logBarChart(o: {
  title: string
  unit: string
  bars: readonly Bar[]
  /** A bar's value. */
  format: (v: number) => string
  /** An axis tick (a power of ten); default `format`. */
  tick?: (v: number) => string
}): string {
  const row = 24
  const left = 250
  const right = 120
  const top = 40
  const H = top + o.bars.length * row + 40
  const vals = o.bars.flatMap((b) => [b.value, b.mark ?? b.value]).filter((v) => v > 0 && Number.isFinite(v))
  if (vals.length === 0) return svg(80, [`<text x="10" y="40">${esc(o.title)}: no data</text>`])
  const [d0, d1] = decades(Math.min(...vals), Math.max(...vals))
  const px = (v: number) => left + ((Math.log10(v) - d0) / Math.max(1, d1 - d0)) * (W - left - right)
  const body = [`<text x="10" y="22" font-size="15" font-weight="600">${esc(o.title)}</text>`]
  // Label every decade while they fit, every other one beyond that.
  const every = d1 - d0 > 8 ? 2 : 1
  for (let d = d0; d <= d1; d++) {
    const x = px(10 ** d)
    body.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${H - 34}" stroke="#e5e5e5"/>`)
    if ((d - d0) % every === 0) {
      body.push(
        `<text x="${x}" y="${H - 20}" text-anchor="middle">${esc((o.tick ?? o.format)(10 ** d))}</text>`,
      )
    }
  }
  body.push(`<text x="${W - right}" y="${H - 4}" text-anchor="end">${esc(o.unit)} (log scale)</text>`)
  o.bars.forEach((b, i) => {
    const y = top + i * row
    body.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>`)
    if (!(b.value > 0 && Number.isFinite(b.value))) {
      body.push(`<text x="${left + 4}" y="${y + 15}" fill="#888">${esc(b.text ?? 'not run')}</text>`)
      return
    }
    const x = px(b.value)
    body.push(
      `<rect x="${px(10 ** d0)}" y="${y + 3}" width="${Math.max(1, x - px(10 ** d0)).toFixed(1)}" height="${row - 8}" fill="${b.color}"/>`,
    )
    const m = b.mark === undefined ? x : px(b.mark)
    if (b.mark !== undefined) {
      body.push(
        `<line x1="${m}" y1="${y}" x2="${m}" y2="${y + row - 2}" stroke="#111" stroke-width="2" stroke-dasharray="3 2"/>`,
      )
    }
    body.push(`<text x="${Math.max(x, m) + 6}" y="${y + 15}">${esc(b.text ?? o.format(b.value))}</text>`)
  })
  return svg(H, body)
}
