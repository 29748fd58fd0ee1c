// `pnpm bench`: every workload in one process, then results.json, REPORT.md
// and the SVG charts in bench/results/. `--quick` runs tiny sizes on a token
// budget into results/quick/ (or --out DIR): it proves the benchmarks work and
// times nothing worth reading.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { formatDuration } from '@chainrule/core/measure'
import { context } from './context.js'
import { describeMachine, machine } from './machine.js'
import { tfDescription } from './peers/tfjs.js'
import { charts } from './report/charts.js'
import { markdown } from './report/markdown.js'
import { targets } from './report/targets.js'
import type { Results } from './results.js'
import { adolc } from './workloads/adolc.js'
import { apps } from './workloads/apps.js'
import { batch } from './workloads/batch.js'
import { compiler } from './workloads/compiler.js'
import { gradbench } from './workloads/gradbench.js'
import { latency } from './workloads/latency.js'
import { mlp } from './workloads/mlp.js'
import { rosenbrockScaling } from './workloads/rosenbrock.js'
import { tape } from './workloads/tape.js'

export interface Options {
  readonly quick: boolean
  readonly out: string
  readonly log?: (line: string) => void
}

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url))

export function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick')
  const i = argv.indexOf('--out')
  const out = i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : quick ? join(RESULTS, 'quick') : RESULTS
  return { quick, out }
}

export async function runBench(options: Options): Promise<Results> {
  const ctx = context(options.quick, options.log)
  const started = performance.now()
  const m = machine()
  ctx.log(describeMachine(m))
  const step = async <T>(run: (c: typeof ctx) => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    const result = await run(ctx)
    ctx.log(`  (${formatDuration((performance.now() - t0) / 1000)})`)
    return result
  }
  const partial = {
    mode: options.quick ? ('quick' as const) : ('full' as const),
    command: options.quick ? 'pnpm --filter @chainrule/bench bench:quick' : 'pnpm bench',
    machine: m,
    tfjs: await tfDescription(),
    budget: ctx.budget,
    latency: await step(latency),
    apps: await step(apps),
    rosenbrock: await step(rosenbrockScaling),
    batch: await step(batch),
    mlp: await step(mlp),
    tape: await step(tape),
    gradbench: await step(gradbench),
    compiler: await step(compiler),
    adolc: adolc(),
  }
  const done = { ...partial, seconds: (performance.now() - started) / 1000, loadAtEnd: loadavg()[0] }
  const results: Results = { ...done, targets: targets(done) }
  mkdirSync(options.out, { recursive: true })
  writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(join(options.out, 'REPORT.md'), markdown(results))
  for (const [name, svg] of Object.entries(charts(results))) writeFileSync(join(options.out, name), svg)
  return results
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2))
  const results = await runBench(options)
  console.log(`\nTargets (${results.mode} run, ${formatDuration(results.seconds)}):`)
  for (const t of results.targets) {
    const mark = t.met === null ? ' ' : t.met ? '✓' : '✗'
    console.log(`  ${mark} ${t.name} — ${t.goal}: ${t.measured} (${t.where})`)
  }
  console.log(`\nWrote ${join(options.out, 'REPORT.md')}, results.json and the SVG charts.`)
}
