// The WASM backend's performance figures (issue 4), in one process run:
// CPU-time medians of interleaved batches (core's harness, see timing.mjs), so
// the ratios compare runs made side by side.
// Needs `pnpm build` first. Usage: node scripts/measure.mjs
//
//   1. Rosenbrock n = 1000, single-point gradient: WASM against JS (target ≥ 1.5×).
//   2. Batched gradient at k = 256 points, per-point throughput, against the
//      JS backend's single-point gradient (target ≥ 5×); with a fresh result
//      per call (gradientBatch) and into the caller's arrays (gradientBatchInto).
//   3. The fixed cost of one gradient call on a 10-node tape.
import { jsBackend, trace as jsTrace } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'
import { trace } from '@chainrule/core-wasm'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import { printMachine, rosenbrock, timeAllCpu } from './timing.mjs'

printMachine()

const n = 1000
const tape = jsTrace(rosenbrock, n).tape
const js = jsBackend.load(tape)
// The interpreter's figures: pinned, or 'auto' would compile the tape mid-measurement (measure-compiler.mjs has those).
const wasm = wasmBackend.load(tape, undefined, { compile: 'never' })
const x = Array.from({ length: n }, (_, i) => Math.cos(i))
const k = 256
const X = Float64Array.from({ length: k * n }, (_, i) => Math.sin(i))
const into = { value: new Float64Array(k), gradient: new Float64Array(k * n) }

// The two backends must agree before their speeds mean anything.
const [gj, gw] = [js.gradient(x), wasm.gradient(x)]
if (gj.value !== gw.value || gj.gradient.some((g, i) => !Object.is(g, gw.gradient[i]))) {
  throw new Error('JS and WASM gradients differ')
}

const m = timeAllCpu({
  js: () => js.gradient(x),
  wasm: () => wasm.gradient(x),
  batch: () => wasm.gradientBatch(X, k),
  batchInto: () => wasm.gradientBatchInto(X, k, into),
  fresh: () => new Float64Array(k * n).fill(1),
})
const ratio = (a, b) => `${(a / b).toFixed(2)}×`
console.log(`Rosenbrock n = ${n} (${tape.op.length} nodes), single-point gradient`)
console.log(
  `  js ${formatDuration(m.js.median)}   wasm ${formatDuration(m.wasm.median)}   wasm is ${ratio(m.js.median, m.wasm.median)} faster (target ≥ 1.5×)`,
)
console.log(
  `\nbatched gradient at k = ${k} points, per-point throughput against the JS single-point gradient`,
)
console.log(
  `  gradientBatch       ${formatDuration(m.batch.median / k)} a point: ${ratio(m.js.median, m.batch.median / k)} (target ≥ 5×)`,
)
console.log(
  `  gradientBatchInto   ${formatDuration(m.batchInto.median / k)} a point: ${ratio(m.js.median, m.batchInto.median / k)}`,
)
console.log(
  `  (a fresh ${k}×${n} Float64Array, filled, costs ${formatDuration(m.fresh.median)} here = ${formatDuration(m.fresh.median / k)} a point)`,
)

// 10 nodes: x, y, 3, x·y, sin(x·y), x², y/3, x² − y/3, sin(x·y) + (x² − y/3), exp of that.
const small = (x, y) =>
  x
    .mul(y)
    .sin()
    .add(x.square().sub(y.div(3)))
    .exp()
const tp = jsTrace(small, 2)
const [sj, sw] = [jsBackend.load(tp.tape), wasmBackend.load(tp.tape, undefined, { compile: 'never' })]
const api = trace(small, 2, { compile: 'never' })
const p = [0.3, 0.7]
const f = timeAllCpu({ js: () => sj.gradient(p), wasm: () => sw.gradient(p), api: () => api.gradient(p) })
console.log(`\nfixed cost of one gradient call on a ${tp.tape.op.length}-node tape`)
console.log(
  `  wasm Program.gradient ${formatDuration(f.wasm.median)}   through trace() ${formatDuration(f.api.median)}   (js backend ${formatDuration(f.js.median)})`,
)
