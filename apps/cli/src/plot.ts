// The error-vs-h plot of `compare`: log10 |error| against log10 h, one row
// per decade, drawn with asciichart. Large steps on the left lose to
// truncation error, small ones on the right to rounding error, so each
// method's curve is a V whose bottom is the best accuracy it can reach.
//
// In colour each method is a coloured line. Without colour, lines of one
// style cannot be told apart, so each method is drawn alone as a trail of
// its own letter and the drawings are laid over one another.

import asciichart from 'asciichart'

export interface Series {
  /** The method: its first letter draws the curve without colour. */
  readonly name: string
  /** The legend's word for it, in the session's language (default `name`). */
  readonly label?: string
  /** One error per step, in the order of `hs`. */
  readonly errors: readonly number[]
}

export interface PlotOptions {
  readonly color: boolean
  /** Columns between neighbouring steps (default 4). */
  readonly spread?: number
}

const COLORS = [asciichart.blue, asciichart.green, asciichart.magenta, asciichart.yellow]
/**
 * asciichart's symbols, but the axis is always '┤': its '┼' marks the row it
 * takes for zero, which on a log axis is no row in particular.
 */
const LINES = ['┤', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│']
const RESET = '\x1b[0m'

/** Steps as axis labels: 0.1 → 1e-1, 2.5e-3 → 2.5e-3. */
const hLabel = (h: number) => h.toExponential().replace(/\.?0*e\+?/, 'e')

/** log10 of each error; an exact 0 goes to the floor, a non-finite error to the ceiling. */
function logs(errors: readonly number[], floor: number, ceiling: number): number[] {
  return errors.map((e) => (e === 0 ? floor : Number.isFinite(e) ? Math.log10(e) : ceiling))
}

/** Linear interpolation between neighbouring points, `spread` columns per step. */
function widen(ys: readonly number[], spread: number): number[] {
  const out: number[] = []
  for (let i = 0; i < ys.length - 1; i++) {
    for (let s = 0; s < spread; s++) out.push(ys[i] + ((ys[i + 1] - ys[i]) * s) / spread)
  }
  out.push(ys[ys.length - 1])
  return out
}

export function errorPlot(hs: readonly number[], series: readonly Series[], opts: PlotOptions): string {
  const spread = opts.spread ?? 4
  const finite = series.flatMap((s) => s.errors.filter((e) => e > 0 && Number.isFinite(e)).map(Math.log10))
  const top = Math.ceil(Math.max(0, ...finite))
  // An exact 0 gets a row of its own below every finite error.
  const zero = series.some((s) => s.errors.includes(0)) ? 1 : 0
  const bottom = Math.floor(Math.min(top - 1, ...finite)) - zero
  // asciichart draws a series' first value on the axis itself; repeating it gives that value a column.
  const data = series.map((s) => {
    const ys = widen(logs(s.errors, bottom, top), spread)
    return [ys[0], ...ys]
  })
  const width = Math.max(...[top, bottom].map((v) => `1e${v}`.length)) + 1
  const config = {
    min: bottom,
    max: top,
    height: top - bottom,
    // Offset 2 puts the label in the first cell and the axis right after it (asciichart's layout).
    offset: 2,
    format: (v: number) =>
      (zero && Math.round(v) === bottom ? '0' : `1e${Math.round(v)}`).padStart(width - 1).padEnd(width),
  }
  const chart = opts.color
    ? asciichart.plot(data, { ...config, colors: COLORS, symbols: LINES })
    : overlay(
        data.map((d, i) => asciichart.plot(d, { ...config, symbols: trail(series[i].name[0]) })),
        width,
      )

  // The h axis: labels at their steps' columns, left to right, skipping any that would touch the previous one.
  let axis = ''
  for (const [i, h] of hs.entries()) {
    const at = width + 1 + i * spread
    if (axis !== '' && at <= axis.length) continue
    axis += ' '.repeat(at - axis.length) + hLabel(h)
  }
  const legend = series
    .map((s, i) =>
      opts.color
        ? `${COLORS[i % COLORS.length]}───${RESET} ${s.label ?? s.name}`
        : `${s.name[0]} ${s.label ?? s.name}`,
    )
    .join('   ')
  return `${chart}\n${axis}\n${' '.repeat(width + 1)}${legend}`
}

/** The symbols with every line-drawing one replaced by a letter. */
function trail(letter: string): string[] {
  return ['┤', '┤', ...new Array<string>(8).fill(letter)]
}

/** Lays single-series charts over one another; an earlier series wins a shared cell. */
function overlay(charts: readonly string[], axisColumn: number): string {
  const grids = charts.map((c) => c.split('\n').map((line) => [...line]))
  const out = grids[0]
  for (const grid of grids.slice(1)) {
    grid.forEach((row, r) => {
      row.forEach((ch, c) => {
        if (c > axisColumn && ch !== ' ' && (out[r][c] === undefined || out[r][c] === ' ')) out[r][c] = ch
      })
    })
  }
  return out.map((row) => row.join('').trimEnd()).join('\n')
}
