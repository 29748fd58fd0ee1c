// The GradBench results table (bench/results/gradbench-evals.md): one line per
// eval × size × derivative function × tool, the tools of one size side by side,
// and a summary of each chainrule backend's derivative time against ADOL-C's.
import { formatDuration, median } from '@chainrule/core/measure'
import type { Evaluated } from './validate.js'

/** The function of each eval that is the plain primal (the others are derivatives). */
export const PRIMAL: Readonly<Record<string, string>> = {
  hello: 'square',
  lse: 'primal',
  llsq: 'primal',
  gmm: 'objective',
  kmeans: 'cost',
  det: 'primal',
  ode: 'primal',
  lstm: 'objective',
  ht: 'objective',
  ba: 'objective',
}

/** The order tools sit in within a size: chainrule's backends, then the C++ tools; others after, as met. */
export const TOOL_ORDER = ['js', 'wasm', 'wasm-compiled', 'manual', 'adol-c']

/** The tool every other is compared against in the summary. */
export const BASELINE = 'adol-c'

const fmtTime = (s?: number) => (s === undefined ? '—' : formatDuration(s))
const fmtBytes = (b?: number) => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`)
const yesNo = (r?: Evaluated) => (r === undefined ? '—' : r.valid ? 'yes' : 'no')
const skipped = (r: Evaluated) => r.function === '—' && r.description === '—'

/** One line of the table: a derivative of one eval at one size by one tool, beside that tool's primal. */
export interface Line {
  readonly eval: string
  readonly size: string
  readonly tool: string
  readonly primal?: Evaluated
  readonly derivative?: Evaluated
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name)
  if (i >= 0) return i
  order.push(name)
  return order.length - 1
}

/**
 * Pairs each derivative with the primal of the same eval, size and tool, and
 * orders the lines by eval (as first met), size (as first met), derivative
 * function, then tool — so the tools answering the same input sit together.
 */
export function lines(rows: readonly Evaluated[]): Line[] {
  const groups = new Map<string, Evaluated[]>()
  for (const r of rows) {
    if (skipped(r)) continue
    const key = `${r.eval}\u0000${r.description}\u0000${r.tool}`
    const g = groups.get(key) ?? []
    g.push(r)
    groups.set(key, g)
  }
  const out: Line[] = []
  for (const g of groups.values()) {
    const primal = g.find((r) => r.function === PRIMAL[r.eval])
    const derivatives = g.filter((r) => r !== primal)
    for (const d of derivatives.length ? derivatives : [undefined]) {
      const first = (d ?? primal) as Evaluated
      out.push({ eval: first.eval, size: first.description, tool: first.tool, primal, derivative: d })
    }
  }
  const evals: string[] = []
  const sizes: string[] = []
  const functions: string[] = []
  const tools = [...TOOL_ORDER]
  const key = (l: Line) => [
    rank(evals, l.eval),
    rank(sizes, `${l.eval}\u0000${l.size}`),
    rank(functions, `${l.eval}\u0000${l.derivative?.function ?? ''}`),
    rank(tools, l.tool),
  ]
  const keys = new Map(out.map((l) => [l, key(l)]))
  return out.sort((a, b) => {
    const ka = keys.get(a) as number[]
    const kb = keys.get(b) as number[]
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i]
    return 0
  })
}

/** The results table: one line per eval × size × derivative function × tool. */
export function table(rows: readonly Evaluated[]): string {
  const out = [
    '| eval | size | derivative | tool | validated (primal / derivative) | primal | derivative | ratio | record | tape nodes | peak RSS | note |',
    '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const { eval: e, size, tool, primal, derivative: d } of lines(rows)) {
    const ratio =
      d?.seconds !== undefined && primal?.seconds ? `${(d.seconds / primal.seconds).toFixed(1)}` : '—'
    const note = [
      primal?.valid === false ? primal.error : undefined,
      d?.valid === false ? d.error : undefined,
      d?.toolNote,
    ]
      .filter(Boolean)
      .join('; ')
      .replaceAll('|', '\\|')
    out.push(
      `| ${e} | ${size} | ${d?.function ?? '—'} | ${tool} | ${yesNo(primal)} / ${yesNo(d)} | ${fmtTime(primal?.seconds)} | ${fmtTime(d?.seconds)} | ${ratio} | ${fmtTime(d?.recordSeconds)} | ${d?.nodes ?? '—'} | ${fmtBytes(d?.peakBytes ?? primal?.peakBytes)} | ${note} |`,
    )
  }
  return out.join('\n')
}

/**
 * Per eval, each other tool's derivative time ÷ ADOL-C's on the same input and
 * derivative function: the median over the sizes where both answers validated,
 * with its range and how many sizes it covers. An eval ADOL-C did not answer
 * says so.
 */
export function summary(rows: readonly Evaluated[]): string {
  const all = lines(rows)
  const evals = [...new Set(all.map((l) => l.eval))]
  const tools = [...new Set(all.map((l) => l.tool))].filter((t) => t !== BASELINE)
  tools.sort((a, b) => rank([...TOOL_ORDER], a) - rank([...TOOL_ORDER], b))
  const out = [
    `| eval | ${tools.map((t) => `${t} ÷ ${BASELINE}`).join(' | ')} |`,
    `| --- | ${tools.map(() => '---:').join(' | ')} |`,
  ]
  const time = (l?: Line) => (l?.derivative?.valid ? l.derivative.seconds : undefined)
  for (const e of evals) {
    const base = new Map(
      all
        .filter((l) => l.eval === e && l.tool === BASELINE)
        .map((l) => [`${l.size}\u0000${l.derivative?.function}`, l]),
    )
    const cells = tools.map((t) => {
      const ratios = all
        .filter((l) => l.eval === e && l.tool === t)
        .flatMap((l) => {
          const mine = time(l)
          const theirs = time(base.get(`${l.size}\u0000${l.derivative?.function}`))
          return mine !== undefined && theirs ? [mine / theirs] : []
        })
      if (!ratios.length) return '—'
      const lo = Math.min(...ratios)
      const hi = Math.max(...ratios)
      const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2))
      return `${fmt(median(ratios))} (${fmt(lo)}–${fmt(hi)}, ${ratios.length})`
    })
    if (base.size === 0) cells.fill(`no ${BASELINE}`)
    out.push(`| ${e} | ${cells.join(' | ')} |`)
  }
  return `Median over sizes of derivative time ÷ ${BASELINE}'s derivative time on the same input (range, number of sizes
where both answers validated). Below 1: faster than ${BASELINE}.

${out.join('\n')}`
}
