// Why the module imports the host's Math (README, "Transcendental functions"):
// builds the alternative — AssemblyScript's own NativeMath compiled into the
// module — and prints, against the JS backend, the worst ulps per op and the
// time of a transcendental-heavy tape for both builds, in one process run.
// Needs `pnpm build` first. Usage: node scripts/compare-math.mjs
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { jsBackend, PRIMITIVES, Tape } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'
import { createWasmBackend } from '@chainrule/core-wasm/backend'
import { timeAllCpu } from './timing.mjs'

const dir = new URL('..', import.meta.url).pathname
// The release flags, minus asconfig.json's `--use Math=JSMath` (an empty config replaces it).
writeFileSync(new URL('../build/empty-asconfig.json', import.meta.url), '{}')
const flags = ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--enable', 'simd']
const asc = ['exec', 'asc', 'assembly/index.ts', '--config', 'build/empty-asconfig.json', ...flags]
execFileSync('pnpm', [...asc, '-o', 'build/native.wasm'], { cwd: dir })
const builds = {
  host: createWasmBackend({ module: readFileSync(new URL('../build/release.wasm', import.meta.url)) }),
  native: createWasmBackend({ module: readFileSync(new URL('../build/native.wasm', import.meta.url)) }),
}

const f64 = new Float64Array(1)
const i64 = new BigInt64Array(f64.buffer)
/** x's bits on a line where adjacent doubles differ by 1. */
function ord(x) {
  f64[0] = x
  return i64[0] < 0n ? -(i64[0] & 0x7fffffffffffffffn) : i64[0]
}
const ulps = (a, b) =>
  Number.isNaN(a) || Number.isNaN(b)
    ? Number.isNaN(a) && Number.isNaN(b)
      ? 0
      : Infinity
    : Number(ord(a) > ord(b) ? ord(a) - ord(b) : ord(b) - ord(a))

function opTape(op) {
  const t = new Tape()
  const a = t.input(1)
  const b = op.arity === 2 ? t.input(1) : -1
  t.push(op.code, a, b, Number.NaN)
  return t.freeze([t.length - 1])
}

console.log('worst ulps against the JS backend over 20 000 points in [-4, 4] (value, gradient)')
let s = 1
const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646
for (const op of PRIMITIVES) {
  const js = jsBackend.load(opTape(op))
  const worst = {}
  for (const [name, backend] of Object.entries(builds)) {
    const p = backend.load(opTape(op))
    let wv = 0
    let wg = 0
    for (let i = 0; i < 20_000; i++) {
      const x = Array.from({ length: op.arity }, () => rand() * 8 - 4)
      const [r, e] = [p.gradient(x), js.gradient(x)]
      wv = Math.max(wv, ulps(r.value, e.value))
      for (let j = 0; j < x.length; j++) wg = Math.max(wg, ulps(r.gradient[j], e.gradient[j]))
    }
    worst[name] = `${wv}/${wg}`
    p.dispose()
  }
  if (worst.host !== '0/0' || worst.native !== '0/0')
    console.log(`  ${op.name.padEnd(9)} host ${worst.host.padEnd(6)} native ${worst.native}`)
}
console.log('  (every op not listed: 0/0 in both builds)')

// Σ sin(x_i)·exp(x_i)/(1 + x_i²) + log1p(x_i²): transcendental-heavy, n = 1000.
const n = 1000
const t = new Tape()
const xs = Array.from({ length: n }, (_, i) => t.input(i / n))
const op = (name, a, b = -1) => t.push(PRIMITIVES.find((o) => o.name === name).code, a, b, 0)
let sum = t.constant(0)
const one = t.constant(1)
for (const x of xs) {
  const sq = op('square', x)
  const term = op(
    'add',
    op('div', op('mul', op('sin', x), op('exp', x)), op('add', one, sq)),
    op('log1p', sq),
  )
  sum = op('add', sum, term)
}
const tape = t.freeze([sum])
const x = Array.from({ length: n }, (_, i) => Math.sin(i))
const k = 64
const X = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i))
const into = { value: new Float64Array(k), gradient: new Float64Array(k * n) }
const [host, native] = [builds.host.load(tape), builds.native.load(tape)]
const js = jsBackend.load(tape)
const m = timeAllCpu({
  'host gradient': () => host.gradient(x),
  'native gradient': () => native.gradient(x),
  'js gradient': () => js.gradient(x),
  'host batch': () => host.gradientBatchInto(X, k, into),
  'native batch': () => native.gradientBatchInto(X, k, into),
})
console.log(`\ntranscendental-heavy tape (${tape.op.length} nodes), CPU-time medians of interleaved batches`)
for (const name of ['host', 'native']) {
  console.log(
    `  ${name.padEnd(6)} gradient ${formatDuration(m[`${name} gradient`].median)}   gradientBatchInto k=${k}: ${formatDuration(m[`${name} batch`].median / k)} a point`,
  )
}
console.log(`  js     gradient ${formatDuration(m['js gradient'].median)}`)
