// The GradBench results table (bench/results/gradbench-evals.md): one line per
// eval × size × backend × derivative function, from what validate.ts collected.
import { formatDuration } from '@chainrule/core/measure'
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

const fmtTime = (s?: number) => (s === undefined ? '—' : formatDuration(s))
const fmtBytes = (b?: number) => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`)
const yesNo = (r?: Evaluated) => (r === undefined ? '—' : r.valid ? 'yes' : 'no')

/** The results table: one line per eval × size × backend × derivative function. */
export function table(rows: readonly Evaluated[]): string {
  const lines = [
    '| eval | size | backend | derivative | validated (primal / derivative) | primal | derivative | ratio | record | tape nodes | peak RSS | note |',
    '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  const groups = new Map<string, Evaluated[]>()
  for (const r of rows) {
    const key = `${r.eval}\u0000${r.description}\u0000${r.backend}`
    const g = groups.get(key) ?? []
    g.push(r)
    groups.set(key, g)
  }
  for (const g of groups.values()) {
    const primal = g.find((r) => r.function === PRIMAL[r.eval])
    const derivatives = g.filter((r) => r !== primal)
    for (const d of derivatives.length ? derivatives : [undefined]) {
      const first = d ?? primal
      if (!first) continue
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
      lines.push(
        `| ${first.eval} | ${first.description} | ${first.backend} | ${d?.function ?? '—'} | ${yesNo(primal)} / ${yesNo(d)} | ${fmtTime(primal?.seconds)} | ${fmtTime(d?.seconds)} | ${ratio} | ${fmtTime(d?.recordSeconds)} | ${d?.nodes ?? '—'} | ${fmtBytes(d?.peakBytes ?? primal?.peakBytes)} | ${note} |`,
      )
    }
  }
  return lines.join('\n')
}
