// The compiled batched sweeps' figures (issue 14), in one process run: CPU-time
// medians of interleaved batches (timing.mjs). Needs `pnpm build` first.
// Usage: node scripts/measure-batch.mjs
//
// For each workload, gradientBatchInto over K points (the last workload over
// the locals bound, so in the memory layout): the interpreted batch
// (compile: 'never') against the compiled one (compiler/batch.ts), per point;
// then the batch module's bytes and compile cost (emit + compile + the first
// batch, less the interpreted first batch), and the points it takes to pay.
import { trace as jsTrace } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'
import { createWasmBackend } from '@chainrule/core-wasm/backend'
import { compileBatch } from '../dist/compiler/batch.js'
import { compileModule, createMemory, instantiateCompiled } from '../dist/host.js'
import { cpuMilliseconds, printMachine, rosenbrock, timeAllCpu } from './timing.mjs'

printMachine()

// log Σ exp(x_i): host Math calls (exp, log), lane by lane.
const lse = (...x) => {
  let s = x[0].exp()
  for (let i = 1; i < x.length; i++) s = s.add(x[i].exp())
  return s.log()
}
// A mixed tape: sin, tanh and sqrt beside arithmetic.
const mixed = (...x) => {
  let s = 0
  for (let i = 0; i + 1 < x.length; i++)
    s = x[i]
      .sin()
      .mul(x[i + 1].tanh())
      .add(x[i].square().add(1).sqrt())
      .add(s)
  return s
}

const backend = createWasmBackend()
// Warm the compiler's own JavaScript up, so the first workload's compile time is not its JIT's.
for (let r = 0; r < 5; r++) compileBatch(jsTrace(rosenbrock, 100).tape)
for (const [name, f, n, K] of [
  ['Rosenbrock', rosenbrock, 10, 10_000],
  ['Rosenbrock', rosenbrock, 100, 10_000],
  ['log-sum-exp', lse, 10, 10_000],
  ['sin·tanh + sqrt', mixed, 10, 10_000],
  // Over the locals bound: the memory layout, loops re-rolled.
  ['Rosenbrock', rosenbrock, 10_000, 64],
]) {
  const tape = jsTrace(f, n).tape
  const nodes = tape.op.length
  const X = Float64Array.from({ length: K * n }, (_, i) => Math.cos(i) * 1.2)
  const out = () => ({ value: new Float64Array(K), gradient: new Float64Array(K * n) })
  const interp = backend.load(tape, undefined, { compile: 'never' })
  const compiled = backend.load(tape, undefined, { compile: 'always' })
  const [ri, rc] = [out(), out()]
  interp.gradientBatchInto(X, K, ri)
  compiled.gradientBatchInto(X, K, rc)
  if (!compiled.compiledUnits.includes('batch')) throw new Error(`${name}: batch not compiled`)
  for (const key of ['value', 'gradient']) {
    if (ri[key].some((g, i) => !Object.is(g, rc[key][i]))) throw new Error(`${name}: batches differ`)
  }
  // Compile cost: emitting the batch module, compiling and instantiating it, and its first call
  // on 2 points (V8 compiles a function on its first call), less an interpreted batch of 2; medians of 5.
  const x2 = X.subarray(0, 2 * n)
  // A memory of its own for timing the batch module alone (its first call runs over zeros): V, G, scratch.
  const pages = Math.ceil((128 * nodes) / 65536) + 1
  const scratchMemory = createMemory(pages, pages)
  const first = (compile) => {
    const costs = []
    for (let r = 0; r < 5; r++) {
      const t0 = cpuMilliseconds()
      compile()
      costs.push(cpuMilliseconds() - t0)
    }
    return costs.sort((a, b) => a - b)[2]
  }
  const compileMs =
    first(() => {
      const { bytes } = compileBatch(tape)
      const { gradientBatch } = instantiateCompiled(compileModule(bytes), scratchMemory)
      gradientBatch(0, 16 * nodes * 2, 2, 32 * nodes * 2)
    }) - first(() => interp.gradientBatch(x2, 2))
  const m = timeAllCpu({
    interpreted: () => interp.gradientBatchInto(X, K, ri),
    compiled: () => compiled.gradientBatchInto(X, K, rc),
  })
  const per = (t) => formatDuration(t / K)
  const saved = (m.interpreted.median - m.compiled.median) / K
  const { moduleBytes } = compiled.batchCompilation
  const layout = nodes > 20_000 ? ', memory layout' : ''
  console.log(`${name} n = ${n} (${nodes} nodes${layout}), batched gradient over ${K} points, per point`)
  console.log(
    `  interpreted ${per(m.interpreted.median)}   compiled ${per(m.compiled.median)}   interpreted ÷ compiled ${(m.interpreted.median / m.compiled.median).toFixed(2)}×`,
  )
  console.log(
    `  batch module ${moduleBytes} bytes = ${(moduleBytes / nodes).toFixed(1)} B/node; compile ${compileMs.toFixed(2)} ms = ${((compileMs * 1e6) / nodes).toFixed(0)} ns/node; pays after ${Math.ceil(compileMs / 1000 / saved)} points\n`,
  )
  interp.dispose()
  compiled.dispose()
}
