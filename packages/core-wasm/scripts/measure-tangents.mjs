// jvp and hvp in the memory layout (compiler/memory-tangents.ts) against the
// interpreter, in one process run: CPU-time medians of interleaved batches
// (timing.mjs). Needs `pnpm build` first. Usage: node scripts/measure-tangents.mjs
import { trace as jsTrace } from '@chainrule/core'
import { formatDuration } from '@chainrule/core/measure'
import { createWasmBackend } from '@chainrule/core-wasm/backend'
import { printMachine, rosenbrock, timeAllCpu } from './timing.mjs'

printMachine()

const backend = createWasmBackend()
for (const n of [10_000, 100_000]) {
  const tape = jsTrace(rosenbrock, n).tape
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i))
  const dir = Float64Array.from({ length: n }, (_, i) => Math.sin(i))
  const interp = backend.load(tape, undefined, { compile: 'never' })
  const compiled = backend.load(tape, undefined, { compile: 'always' })
  compiled.jvp(x, dir)
  compiled.hvp(x, dir)
  if (compiled.compiledUnits.join() !== 'primary,jvp,hvp')
    throw new Error(`n = ${n}: ${compiled.compiledUnits}`)
  const [a, b] = [interp.hvp(x, dir), compiled.hvp(x, dir)]
  if (a.hvp.some((h, i) => !Object.is(h, b.hvp[i]))) throw new Error(`n = ${n}: hvps differ`)
  const m = timeAllCpu({
    jvpInterpreted: () => interp.jvp(x, dir),
    jvpCompiled: () => compiled.jvp(x, dir),
    hvpInterpreted: () => interp.hvp(x, dir),
    hvpCompiled: () => compiled.hvp(x, dir),
  })
  console.log(`Rosenbrock n = ${n} (${tape.op.length} nodes, memory layout)`)
  for (const s of ['jvp', 'hvp']) {
    const [i, c] = [m[`${s}Interpreted`].median, m[`${s}Compiled`].median]
    console.log(
      `  ${s}: interpreted ${formatDuration(i)}   compiled ${formatDuration(c)}   ${(i / c).toFixed(2)}×`,
    )
  }
  interp.dispose()
  compiled.dispose()
}
