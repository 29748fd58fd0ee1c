// Recording's cost per node (issue 14: the transforms re-record at every call):
// record + freeze (core's recordFunction via trace on the JS backend), and the
// WASM backend's load of the frozen tape (copy into its memory), for Rosenbrock
// n = 1000 (~10⁴ nodes, medians of interleaved batches) and a 10⁶-node chain
// (median of 7). Needs `pnpm build` first. Usage: node scripts/measure-recording.mjs
import { createTransforms, jsBackend, recordFunction } from '@chainrule/core'
import { createWasmBackend } from '@chainrule/core-wasm/backend'
import { cpuMilliseconds, rosenbrock, timeAllCpu } from './timing.mjs'

const rosenbrockVector = (x) => rosenbrock(...x)
const chain = (nodes) => (x) => {
  let y = x
  for (let i = 2; i + 1 < nodes; i += 2) y = y.mul(0.9999999).add(x)
  return y
}
const wasm = createWasmBackend()
const js = createTransforms(jsBackend)
const onWasm = createTransforms(wasm)
const ns = (seconds, nodes) => `${((seconds * 1e9) / nodes).toFixed(1)} ns/node`

{
  const x = Float64Array.from({ length: 1000 }, (_, i) => Math.cos(i))
  const nodes = recordFunction(rosenbrockVector, x, true).tape.op.length
  const tape = recordFunction(rosenbrockVector, x, true).tape
  const m = timeAllCpu({
    record: () => recordFunction(rosenbrockVector, x, true),
    traceJs: () => js.trace(rosenbrockVector, x, { vector: true }),
    traceWasm: () => onWasm.trace(rosenbrockVector, x, { vector: true, compile: 'never' }).dispose(),
    wasmLoad: () => wasm.load(tape, undefined, { recorded: true, oneShot: true }).dispose(),
    gradientJs: () => js.gradient(rosenbrockVector, x, { vector: true }),
    gradientWasm: () => onWasm.gradient(rosenbrockVector, x, { vector: true }),
  })
  console.log(`Rosenbrock n = 1000 (${nodes} nodes)`)
  for (const [k, t] of Object.entries(m)) console.log(`  ${k.padEnd(13)} ${ns(t.median, nodes)}`)
}
{
  const N = 1_000_000
  const f = chain(N)
  const time = (g) => {
    const s = []
    for (let r = 0; r < 7; r++) {
      const t0 = cpuMilliseconds()
      g()
      s.push((cpuMilliseconds() - t0) / 1000)
    }
    s.sort((p, q) => p - q)
    return s[3]
  }
  const nodes = recordFunction(f, [1]).tape.op.length
  const tape = recordFunction(f, [1]).tape
  console.log(`chain (${nodes} nodes), medians of 7`)
  const rows = {
    record: () => recordFunction(f, [1]),
    traceJs: () => js.trace(f, [1]),
    traceWasm: () => onWasm.trace(f, [1], { compile: 'never' }).dispose(),
    wasmLoad: () => wasm.load(tape, undefined, { recorded: true, oneShot: true }).dispose(),
  }
  for (const [k, g] of Object.entries(rows)) console.log(`  ${k.padEnd(13)} ${ns(time(g), nodes)}`)
}
