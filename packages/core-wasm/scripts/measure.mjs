// The WASM backend's performance figures (issue 4), in one process run:
// medians of interleaved samples, ratios of runs measured side by side.
// Needs `pnpm build` first. Usage: node scripts/measure.mjs
//
//   1. Rosenbrock n = 1000, single-point gradient: WASM against JS (target ≥ 1.5×).
//   2. Batched gradient at k = 256 points, per-point throughput, against the
//      JS backend's single-point gradient (target ≥ 5×).
//   3. The fixed cost of one gradient call on a 10-node tape.
import { cpus } from 'node:os'
import { jsBackend, trace as jsTrace } from '@chainrule/core'
import { trace } from '@chainrule/core-wasm'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import { medians, us } from './timing.mjs'

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}\n`)

const rosenbrock = (...x) => {
  let s = 0
  for (let i = 0; i + 1 < x.length; i++)
    s = x[i + 1].sub(x[i].square()).square().mul(100).add(x[i].sub(1).neg().square()).add(s)
  return s
}
const n = 1000
const tape = jsTrace(rosenbrock, n).tape
const js = jsBackend.load(tape)
const wasm = wasmBackend.load(tape)
const x = Array.from({ length: n }, (_, i) => Math.cos(i))
const k = 256
const X = Float64Array.from({ length: k * n }, (_, i) => Math.sin(i))

// The two backends must agree before their speeds mean anything.
const [gj, gw] = [js.gradient(x), wasm.gradient(x)]
if (gj.value !== gw.value || gj.gradient.some((g, i) => !Object.is(g, gw.gradient[i])))
  throw new Error('JS and WASM gradients differ')

const m = medians(
  {
    js: () => js.gradient(x),
    wasm: () => wasm.gradient(x),
    batch: () => wasm.gradientBatch(X, k),
    jsBatch: () => js.gradientBatch(X, k),
  },
  { samples: 21, inner: 10 },
)
console.log(`Rosenbrock n = ${n} (${tape.op.length} nodes), single-point gradient`)
console.log(
  `  js ${us(m.js)}   wasm ${us(m.wasm)}   wasm is ${(m.js / m.wasm).toFixed(2)}× faster (target ≥ 1.5×)`,
)
console.log(`\nbatched gradient, k = ${k} points`)
console.log(`  wasm gradientBatch ${us(m.batch)} = ${us(m.batch / k)} a point`)
console.log(
  `  per-point throughput ${(m.js / (m.batch / k)).toFixed(2)}× the JS backend's single-point gradient (target ≥ 5×)`,
)
console.log(`  (JS backend's own gradientBatch: ${us(m.jsBatch / k)} a point)`)

// 10 nodes: x, y, 3, x·y, sin(x·y), x², y/3, x² − y/3, sin(x·y) + (x² − y/3), exp of that.
const small = (x, y) =>
  x
    .mul(y)
    .sin()
    .add(x.square().sub(y.div(3)))
    .exp()
const tp = jsTrace(small, 2)
const [sj, sw] = [jsBackend.load(tp.tape), wasmBackend.load(tp.tape)]
const api = trace(small, 2)
const p = [0.3, 0.7]
const f = medians(
  { js: () => sj.gradient(p), wasm: () => sw.gradient(p), api: () => api.gradient(p) },
  { samples: 31, inner: 20_000 },
)
console.log(`\nfixed cost of one gradient call on a ${tp.tape.op.length}-node tape`)
console.log(`  wasm Program.gradient ${us(f.wasm)}   via trace() ${us(f.api)}   (js backend ${us(f.js)})`)
