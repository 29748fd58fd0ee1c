// The tape compiler's figures (issue 14), in one process run: CPU-time medians
// of interleaved batches (timing.mjs), so ratios compare runs made side by side
// on a shared machine. Needs `pnpm build` first. Usage: node scripts/measure-compiler.mjs [n …]
// (given sizes, only the Rosenbrock workloads of those n)
//
//   1. Rosenbrock gradient, n = 100, 1000, 10 000 and 100 000 (the last two over
//      the locals bound: the memory layout, re-rolled): compiled against the interpreter and
//      a hand-written gradient over a Float64Array (at its best: monomorphic,
//      measured in the same interleaving), and compiled with `{ into }`, writing the
//      gradient into the caller's array as the hand-written loop does.
//   2. Compile time per node (emit + WebAssembly.Module + instantiate) and
//      module bytes per node; replays until compiling pays.
import { trace as jsTrace } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'
import { createWasmBackend } from '@chainrule/core-wasm/backend'
import { cpuMilliseconds, printMachine, rosenbrock, timeAllCpu } from './timing.mjs'

printMachine()

function hand(x, g) {
  g.fill(0)
  let s = 0
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i]
    const b = 1 - x[i]
    s += 100 * a * a + b * b
    g[i] += -400 * a * x[i] - 2 * b
    g[i + 1] += 200 * a
  }
  return s
}

function lseHand(x, g) {
  let s = 0
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i])
  for (let i = 0; i < x.length; i++) g[i] = Math.exp(x[i]) / s
  return Math.log(s)
}

const backend = createWasmBackend()
// log Σ exp(x_i): transcendental nodes (host Math calls) rather than arithmetic.
const lse = (...x) => {
  let s = x[0].exp()
  for (let i = 1; i < x.length; i++) s = s.add(x[i].exp())
  return s.log()
}
const ratio = (a, b) => `${(a / b).toFixed(2)}×`
// Warm the compiler's own JavaScript up, so the first workload's compile time is not its JIT's.
for (let r = 0; r < 5; r++)
  backend.load(jsTrace(rosenbrock, 100).tape, undefined, { compile: 'always' }).dispose()
const rows = []
const only = process.argv.slice(2).map(Number)
for (const [name, f, n] of [
  ['Rosenbrock', rosenbrock, 100],
  ['Rosenbrock', rosenbrock, 1000],
  ['Rosenbrock', rosenbrock, 10_000],
  ['Rosenbrock', rosenbrock, 100_000],
  ['log-sum-exp', lse, 1000],
].filter(([name, , n]) => only.length === 0 || (name === 'Rosenbrock' && only.includes(n)))) {
  const tape = jsTrace(f, n).tape
  const nodes = tape.op.length
  const interp = backend.load(tape, undefined, { compile: 'never' })
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i))
  // Compile cost: load + first gradient of a fresh compiled program (V8 compiles the
  // function lazily, on its first call) less the same for an interpreted one; medians of 5.
  const firstCall = (mode) => {
    const costs = []
    let p
    for (let r = 0; r < 5; r++) {
      p?.dispose()
      const t0 = cpuMilliseconds()
      p = backend.load(tape, undefined, { compile: mode })
      p.gradient(x)
      costs.push(cpuMilliseconds() - t0)
    }
    costs.sort((a, b) => a - b)
    return { ms: costs[2], program: p }
  }
  const { ms: compiledFirst, program } = firstCall('always')
  if (!program.compiled) throw new Error(`n = ${n}: not compiled (${program.notCompiledReason})`)
  const { ms: interpretedFirst, program: other } = firstCall('never')
  other.dispose()
  const compileMs = compiledFirst - interpretedFirst
  const a = interp.gradient(x)
  const b = program.gradient(x)
  if (a.value !== b.value || a.gradient.some((g, i) => !Object.is(g, b.gradient[i]))) {
    throw new Error(`n = ${n}: compiled and interpreted gradients differ`)
  }
  const g = new Float64Array(n)
  const into = new Float64Array(n)
  const c = program.gradient(x, { into })
  if (c.gradient !== into || c.value !== b.value || into.some((v, i) => !Object.is(v, b.gradient[i]))) {
    throw new Error(`n = ${n}: the gradient into the caller's array differs`)
  }
  // Where a compiled gradient call's time goes: the module's gradient export alone (reached
  // through the program's private tier, for this measurement only), and the fresh
  // Float64Array(n) every gradient() returns (over 64 bytes, V8 allocates it off the JS heap).
  const sweep = program.tiers.primary.sweeps.gradient
  const m = timeAllCpu({
    hand: f === rosenbrock ? () => hand(x, g) : () => lseHand(x, g),
    interpreted: () => interp.gradient(x),
    compiled: () => program.gradient(x),
    compiledInto: () => program.gradient(x, { into }),
    sweep: () => sweep(),
    result: () => new Float64Array(n),
  })
  const { compiledLayout, moduleBytes, loops, rerolledNodes } = program.compilation ?? {}
  const saved = m.interpreted.median - m.compiled.median
  rows.push({ n, nodes })
  console.log(
    `${name} n = ${n} (${nodes} nodes; ${compiledLayout} layout${loops ? `, ${loops} loops re-rolled over ${rerolledNodes} nodes` : ''}), gradient`,
  )
  console.log(
    `  hand ${formatDuration(m.hand.median)}   interpreted ${formatDuration(m.interpreted.median)}   compiled ${formatDuration(m.compiled.median)}`,
  )
  console.log(
    `  of which: the compiled sweep alone ${formatDuration(m.sweep.median)} (${ratio(m.sweep.median, m.hand.median)} hand, ${((m.sweep.median * 1e9) / nodes).toFixed(2)} ns/node), a new Float64Array(${n}) ${formatDuration(m.result.median)}`,
  )
  console.log(
    `  compiled with { into } ${formatDuration(m.compiledInto.median)} (${ratio(m.compiledInto.median, m.hand.median)} hand)\n  compiled ÷ hand ${ratio(m.compiled.median, m.hand.median)}   interpreted ÷ compiled ${ratio(m.interpreted.median, m.compiled.median)}   interpreted ÷ hand ${ratio(m.interpreted.median, m.hand.median)}`,
  )
  console.log(
    `  compile ${compileMs.toFixed(2)} ms = ${((compileMs * 1e6) / nodes).toFixed(0)} ns/node; module ${moduleBytes} bytes = ${(moduleBytes / nodes).toFixed(1)} B/node; pays after ${Math.ceil(compileMs / 1000 / saved)} replays\n`,
  )
  interp.dispose()
  program.dispose()
}

// The fixed cost of one call on a tiny tape (x² + x): 'auto' before its threshold
// must cost what 'never' does; compiled, after it.
{
  const f = (x) => x.square().add(x)
  const tape = jsTrace(f, 1).tape
  const never = backend.load(tape, undefined, { compile: 'never' })
  const auto = backend.load(tape)
  const always = backend.load(tape, undefined, { compile: 'always' })
  const x = [0.7]
  // The harness calls far more than COMPILE_AFTER times: time 'auto' on its interpreted tier by resetting it.
  let fresh = backend.load(tape)
  let calls = 0
  const m = timeAllCpu({
    never: () => never.gradient(x),
    autoInterpreting: () => {
      if (++calls === 1000) {
        fresh.dispose()
        fresh = backend.load(tape)
        calls = 0
      }
      return fresh.gradient(x)
    },
    compiled: () => always.gradient(x),
  })
  void auto
  console.log(`x² + x (${tape.op.length} nodes), one gradient call`)
  console.log(
    `  interpreter ('never') ${formatDuration(m.never.median)}   'auto' before compiling ${formatDuration(m.autoInterpreting.median)} (includes a load every 1000 calls)   compiled ${formatDuration(m.compiled.median)}`,
  )
  const t0 = cpuMilliseconds()
  for (let r = 0; r < 200; r++) backend.load(tape, undefined, { compile: 'never' }).dispose()
  const t1 = cpuMilliseconds()
  for (let r = 0; r < 200; r++) backend.load(tape, undefined, { compile: 'always' }).dispose()
  const t2 = cpuMilliseconds()
  console.log(
    `  load: interpreted ${formatDuration((t1 - t0) / 200 / 1000)}, compiled at load ${formatDuration((t2 - t1) / 200 / 1000)}`,
  )
}
