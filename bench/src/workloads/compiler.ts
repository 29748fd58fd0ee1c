// Workload 7: the tape compiler (issue 14). For each workload's tape: what
// compiling costs (time per node: emitting, WebAssembly.Module and
// instantiating, and V8 compiling the function on its first call — load plus
// first gradient compiled, less the same interpreted), what it makes (module
// bytes, layout, loops re-rolled), what a replay saves (interpreted and
// compiled gradients timed interleaved) and so how many replays it takes to
// pay. Then the first call of a fresh program, tiering 'auto' against 'never':
// a program that has not yet earned its compile must cost what the
// interpreter does. Same measuring as packages/core-wasm/scripts/measure-compiler.mjs.
import type { ReplayedProgram, TapeData, Traceable } from '@chainrule/core'
import * as js from '@chainrule/core'
import { median, type Timing, timeAll } from '@chainrule/core/measure'
import * as wasm from '@chainrule/core-wasm'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import type { Context } from '../context.js'
import { initialParams } from '../functions/mlp.js'
import { mlpVars } from '../functions/mlp-forms.js'
import { moons } from '../functions/moons.js'
import { rosenbrockVars } from '../functions/rosenbrock.js'
import { squarePlusVar } from '../functions/square-plus.js'
import { TEN, tenVarVars } from '../functions/ten-var.js'
import { gmmTapes, parseGmm } from '../gradbench/gmm.js'
import type { GmmData } from '../gradbench/gmm-objective.js'
import { gmmInput, llsqInput, lseInput } from '../gradbench/inputs.js'
import { llsqVars } from '../gradbench/llsq.js'
import { lseVars } from '../gradbench/lse.js'
import { rng, uniformArray } from '../rng.js'

export interface CompiledCase {
  readonly name: string
  /** The GradBench eval this tape is the gradient of (its module must stay ≤ 1 MB), if any. */
  readonly gradbench?: boolean
  readonly nodes: number
  /** Set when the compiler refused the tape: why. Nothing else is then measured. */
  readonly notCompiled?: string
  /** 'locals' (straight-line, values in locals) or 'memory' (split into functions, loops re-rolled). */
  readonly layout?: string
  readonly moduleBytes?: number
  readonly loops?: number
  readonly rerolledNodes?: number
  /** Seconds compiling adds to the first call (median of the repeats). */
  readonly compileSeconds?: number
  readonly interpreted?: Timing
  readonly compiled?: Timing
  /** Compiled and interpreted gradients agree bit for bit. */
  readonly identical?: boolean
}

export interface CompilerResult {
  readonly cases: CompiledCase[]
  /** Repeats of each first-call measurement. */
  readonly repeats: number
  /** trace + first gradient + dispose of x² + x, per call: tiering on ('auto') and off ('never'). */
  readonly firstCall: { readonly auto: Timing; readonly never: Timing }
}

interface Workload {
  readonly name: string
  readonly gradbench?: boolean
  readonly x: Float64Array
  /** The tape, recorded at x as the workload records it. */
  tape(): TapeData
}

const recorded = (name: string, f: Traceable, x: Float64Array): Workload => ({
  name,
  x,
  tape: () => js.trace(f, x).tape,
})

const gradbenchTape = (
  name: string,
  x: Float64Array,
  record: (x: Float64Array) => { tape: TapeData },
): Workload => ({
  name,
  gradbench: true,
  x,
  tape: () => record(x).tape,
})

/** gmm's point tape as the tool records it, at the point the tool records it (the first data point). */
function gmmPointTape(name: string, data: GmmData, params: Float64Array): Workload {
  const z = new Float64Array(params.length + data.d)
  z.set(params)
  z.set(data.x.subarray(0, data.d), params.length)
  const tape = () => {
    const { point, rest } = gmmTapes(js, data, params) as unknown as Record<'point' | 'rest', ReplayedProgram>
    rest.dispose()
    return point.tape
  }
  return { name, gradbench: true, x: z, tape }
}

function workloads(quick: boolean): Workload[] {
  const point = (n: number) => uniformArray(rng(n), n, -2, 2)
  const data = moons(100)
  const lseN = quick ? 100 : 10_000
  const [llsqN, llsqM] = quick ? [64, 8] : [16_392, 128]
  return [
    recorded('x² + x', squarePlusVar, Float64Array.of(2)),
    ...(quick ? [10] : [100, 1000, 100_000]).map((n) =>
      recorded(`Rosenbrock n = ${n}`, rosenbrockVars, point(n)),
    ),
    recorded('the 10-variable function', tenVarVars, point(TEN)),
    // The MLP's tape (14 000 nodes even on --quick's 20 points) takes most of a quick run's compiling: full runs only.
    ...(quick ? [] : [recorded(`MLP training step (${data.n} points)`, mlpVars(data), initialParams())]),
    // Recorded as the GradBench tool records them (a vector of inputs).
    gradbenchTape(`GradBench lse n = ${lseN}`, Float64Array.from(lseInput(lseN).x), (x) =>
      js.trace(lseVars, x, { vector: true }),
    ),
    ...(quick
      ? [[2, 3, 20]]
      : [
          [2, 5, 1000],
          [10, 25, 1000],
        ]
    ).map(([d, k, n]) => {
      // The tool's gmm replays one data point's term at every point (gmmTapes): that tape is what it compiles.
      const { data, params } = parseGmm(gmmInput(d, k, n))
      return gmmPointTape(`GradBench gmm d = ${d}, K = ${k}: one point's term`, data, params)
    }),
    gradbenchTape(
      `GradBench llsq n = ${llsqN}, m = ${llsqM}`,
      Float64Array.from(llsqInput(llsqN, llsqM).x),
      (x) => js.trace(llsqVars(llsqN), x, { vector: true }),
    ),
  ]
}

/** Seconds of load + first gradient, median of `repeats` fresh programs. */
function firstCall(tape: TapeData, x: Float64Array, compile: 'always' | 'never', repeats: number): number {
  const costs: number[] = []
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now()
    const p = wasmBackend.load(tape, undefined, { compile })
    p.gradient(x)
    costs.push((performance.now() - t0) / 1000)
    p.dispose()
  }
  return median(costs)
}

function measureCase(ctx: Context, w: Workload, repeats: number): CompiledCase {
  const tape = w.tape()
  const nodes = tape.op.length
  const base = { name: w.name, nodes, ...(w.gradbench ? { gradbench: true } : {}) }
  const compiled = wasmBackend.load(tape, undefined, { compile: 'always' })
  if (!compiled.compiled) {
    const why = compiled.notCompiledReason ?? 'not compiled'
    compiled.dispose()
    return { ...base, notCompiled: why }
  }
  const interpreted = wasmBackend.load(tape, undefined, { compile: 'never' })
  const a = interpreted.gradient(w.x)
  const b = compiled.gradient(w.x)
  const identical = Object.is(a.value, b.value) && a.gradient.every((g, i) => Object.is(g, b.gradient[i]))
  const compileSeconds = firstCall(tape, w.x, 'always', repeats) - firstCall(tape, w.x, 'never', repeats)
  // A shorter budget than the other workloads': these pairs are already timed there, this is for the saving.
  const budget = { ...ctx.budget, maxSeconds: Math.min(ctx.budget.maxSeconds, 3) }
  const t = timeAll(
    { interpreted: () => interpreted.gradient(w.x), compiled: () => compiled.gradient(w.x) },
    budget,
  )
  const c = compiled.compilation
  interpreted.dispose()
  compiled.dispose()
  return {
    ...base,
    ...(c
      ? {
          layout: c.compiledLayout,
          moduleBytes: c.moduleBytes,
          loops: c.loops,
          rerolledNodes: c.rerolledNodes,
        }
      : {}),
    compileSeconds,
    interpreted: t.interpreted,
    compiled: t.compiled,
    identical,
  }
}

/** How many replays compiling takes to pay: compile time ÷ what one replay saves (∞ when it saves nothing). */
export function replaysToPay(c: CompiledCase): number {
  if (c.compileSeconds === undefined || !c.interpreted || !c.compiled) return Number.NaN
  const saved = c.interpreted.median - c.compiled.median
  return saved > 0 ? Math.max(1, Math.ceil(c.compileSeconds / saved)) : Number.POSITIVE_INFINITY
}

export async function compiler(ctx: Context): Promise<CompilerResult> {
  const repeats = ctx.quick ? 1 : 3
  // Warm the compiler's own JavaScript up, so the first case's compile time is not its JIT's.
  const warm = js.trace(rosenbrockVars, new Float64Array(100)).tape
  for (let r = 0; r < 5; r++) wasmBackend.load(warm, undefined, { compile: 'always' }).dispose()
  const cases: CompiledCase[] = []
  for (const w of workloads(ctx.quick)) {
    ctx.log(`compiler: ${w.name}`)
    cases.push(measureCase(ctx, w, repeats))
  }
  ctx.log('compiler: first call of x² + x, tiering on and off')
  const first = (compile: 'auto' | 'never') => () => {
    const p = wasm.trace(squarePlusVar, [2], { compile })
    const g = p.gradient([2]).gradient[0]
    p.dispose()
    return g
  }
  const firstCalls = timeAll({ auto: first('auto'), never: first('never') }, ctx.budget)
  return { cases, repeats, firstCall: firstCalls }
}
