// Measures what the CLI's closing note reports (not a test: wall-clock numbers
// depend on the machine). Build first: pnpm --filter @chainrule/cli build.
//   node scripts/measure.mjs [runs]
// 1. Cold start: the whole process of `chainrule grad "x^2 + x" --at x=2`,
//    median of repeated runs, beside `node -e 0` on the same machine.
// 2. --points with 100 000 rows on each backend, CSV and JSON-lines output:
//    the whole process, and the batched sweeps alone in-process.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatDuration, median, timeAll } from '@chainrule/core/measure'

const runs = Number(process.argv[2] ?? 15)
const bin = fileURLToPath(new URL('../bin/chainrule.js', import.meta.url))
const wall = (args, n) => {
  const times = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] })
    times.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  }
  return { median: median(times), min: Math.min(...times) }
}

console.log(`node ${process.version}, ${cpus()[0].model}, ${cpus().length} cores; ${runs} runs each`)
wall([bin, 'grad', 'x^2 + x', '--at', 'x=2'], 2) // warm the file cache
const node = wall(['-e', '0'], runs)
console.log(`node -e 0: median ${node.median.toFixed(0)} ms (min ${node.min.toFixed(0)})`)
for (const backend of ['wasm', 'js']) {
  const t = wall([bin, 'grad', 'x^2 + x', '--at', 'x=2', '--backend', backend], runs)
  console.log(
    `cold start, grad "x^2 + x" --at x=2 --backend ${backend}: median ${t.median.toFixed(0)} ms (min ${t.min.toFixed(0)})`,
  )
}

const dir = mkdtempSync(join(tmpdir(), 'chainrule-points-'))
const k = 100_000
const file = join(dir, 'points.csv')
let seed = 1
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
let csv = 'x,y\n'
for (let i = 0; i < k; i++) csv += `${random() * 4 - 2},${random() * 3 + 0.1}\n`
writeFileSync(file, csv)
const expr = 'x*y + x^3 - log(y)'
const pointRuns = Math.max(3, Math.round(runs / 3))
for (const backend of ['wasm', 'js']) {
  for (const json of [false, true]) {
    const t = wall(
      [bin, 'grad', expr, '--points', file, '--backend', backend, ...(json ? ['--json'] : [])],
      pointRuns,
    )
    const rate = (k / t.median) * 1000
    console.log(
      `--points ${k} rows, grad, ${backend}, ${json ? 'JSON lines' : 'CSV'}: median ${t.median.toFixed(0)} ms ` +
        `(${(rate / 1000).toFixed(0)} k points/s, whole process)`,
    )
  }
}
rmSync(dir, { recursive: true })

// The batched sweeps alone, as the CLI calls them (chunks of DEFAULT_LIMITS.points).
const X = new Float64Array(2 * k)
for (let i = 0; i < k; i++) {
  X[2 * i] = random() * 4 - 2
  X[2 * i + 1] = random() * 3 + 0.1
}
// Both backends timed interleaved by core's harness, so their ratio comes from one run.
const sweeps = {}
for (const [backend, name] of [
  ['wasm', '@chainrule/core-wasm'],
  ['js', '@chainrule/core'],
]) {
  const api = await import(name)
  const program = api.compile(expr)
  const chunk = api.DEFAULT_LIMITS.points
  sweeps[backend] = () => {
    for (let s = 0; s < k; s += chunk)
      program.gradientBatch(X.subarray(2 * s, 2 * Math.min(k, s + chunk)), Math.min(chunk, k - s))
  }
}
const t = timeAll(sweeps)
for (const [backend, m] of Object.entries(t)) {
  console.log(
    `gradientBatch over ${k} points in-process, ${backend}: median ${formatDuration(m.median)} ±${((m.spread * 100) / 2).toFixed(0)}% (${(k / m.median / 1e6).toFixed(1)} M points/s)`,
  )
}
