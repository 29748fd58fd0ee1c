// GradBench's ADOL-C tool is not run by `pnpm bench` (it is C++, built with
// GradBench): `gradbench:validate` runs it beside chainrule's backends, eval by
// eval, and commits each run as bench/results/gradbench-evals-*.json. This
// reads those committed runs for the evals the issue names and pairs, within
// one run, chainrule's derivative time with ADOL-C's at the same eval and
// size. Nothing is measured here: the report says which run the figures are from.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Evaluated } from '../gradbench/validate.js'

/** The evals and sizes of the targets, as GradBench describes them. */
export const ADOLC_EVALS: readonly { readonly eval: string; readonly size: RegExp; readonly name: string }[] =
  [
    { eval: 'lse', size: /(^|\D)10000(\D|$)/, name: 'lse n = 10000' },
    { eval: 'gmm', size: /^2_5_1000$/, name: 'gmm d = 2, K = 5, n = 1000' },
    { eval: 'gmm', size: /^10_25_1000$/, name: 'gmm d = 10, K = 25, n = 1000' },
    { eval: 'llsq', size: /^n=16392,m=128$/, name: 'llsq n = 16392, m = 128' },
  ]

/** chainrule's backends, best first: the compiled one where that run has it. */
const CHAINRULE = ['wasm-compiled', 'wasm', 'js'] as const
const DERIVATIVES = new Set(['gradient', 'jacobian'])

export interface AdolcPair {
  readonly name: string
  readonly backend: string
  readonly chainruleSeconds: number
  readonly adolcSeconds: number
  /** The run it comes from: its options, date and commit, and the file. */
  readonly run: string
}

export interface AdolcResult {
  readonly pairs: AdolcPair[]
  /** Where the runs were looked for. */
  readonly source: string
}

interface RunFile {
  readonly options?: string
  readonly date?: string
  readonly commit?: string
  readonly rows?: readonly Evaluated[]
}

const RESULTS = fileURLToPath(new URL('../../results/', import.meta.url))

/** Pairs from one run's rows (exported for the test). */
export function pairsOf(run: RunFile, file: string): AdolcPair[] {
  const rows = (run.rows ?? []).filter(
    (r) => DERIVATIVES.has(r.function) && typeof r.seconds === 'number' && r.valid !== false,
  )
  const label = `${file}: \`${run.options ?? ''}\`, ${run.date ?? '?'}, chainrule ${run.commit ?? '?'}`
  return ADOLC_EVALS.flatMap((e) => {
    const at = rows.filter((r) => r.eval === e.eval && e.size.test(r.description))
    const adolc = at.find((r) => r.tool === 'adol-c')
    const ours = CHAINRULE.map((b) => at.find((r) => r.tool === b)).find((r) => r !== undefined)
    return adolc && ours
      ? [
          {
            name: e.name,
            backend: ours.tool,
            chainruleSeconds: ours.seconds!,
            adolcSeconds: adolc.seconds!,
            run: label,
          },
        ]
      : []
  })
}

/** Every committed run's pairs; a later run (by date) replaces an earlier one's pair for the same eval. */
export function adolc(dir = RESULTS): AdolcResult {
  const source = 'bench/results/gradbench-evals-*.json'
  if (!existsSync(dir)) return { pairs: [], source }
  const runs = readdirSync(dir)
    .filter((f) => /^gradbench-evals.*\.json$/.test(f))
    .map((f) => ({ f, run: JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunFile }))
    .sort((a, b) => (a.run.date ?? '').localeCompare(b.run.date ?? ''))
  const byName = new Map<string, AdolcPair>()
  for (const { f, run } of runs) for (const p of pairsOf(run, f)) byName.set(p.name, p)
  return { pairs: ADOLC_EVALS.flatMap((e) => byName.get(e.name) ?? []), source }
}
