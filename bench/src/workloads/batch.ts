// Workload 3: throughput — the gradient of a 10-variable function with
// transcendental ops at 10 000 points. Single-point replays pay the call's
// fixed cost per point; a batched sweep pays dispatch once per node for the
// whole batch (in WASM, two points per f64x2 SIMD lane pair). Times are per
// point. The same comparison on an arithmetic-only function of 10 variables
// (Rosenbrock) separates what batching saves from what sin and exp cost.

import type { Traceable } from '@chainrule/core'
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import type { Context } from '../context.js'
import { fresh } from '../fresh.js'
import { rosenbrockGradient, rosenbrockVars } from '../functions/rosenbrock.js'
import { TEN, tenVar, tenVarGradient, tenVarTf, tenVarVars } from '../functions/ten-var.js'
import { type Method, measure, NotRun, type Row } from '../measure.js'
import { method, type Tracer } from '../methods.js'
import { rng, uniformArray } from '../rng.js'

export interface BatchResult {
  readonly points: number
  readonly rows: Row[]
  /** js, wasm and their batched forms on Rosenbrock with n = 10: no transcendental ops. */
  readonly arithmetic: Row[]
}

interface Form {
  /** One point's gradient at offset o of X, into G at o (the exact answers). */
  gradient(X: Float64Array, G: Float64Array, o: number): void
  vars: Traceable
  /** The floor over k points, from a fresh copy of the function's module (fresh.ts). */
  floor(X: Float64Array, k: number): Promise<() => Float64Array>
}

type TenVarModule = typeof import('../functions/ten-var.js')
type RosenbrockModule = typeof import('../functions/rosenbrock.js')

const TEN_VAR: Form = {
  gradient: tenVarGradient,
  vars: tenVarVars,
  floor: async (X, k) =>
    (await fresh<TenVarModule>('../functions/ten-var.js', import.meta.url)).tenVarFloors(X, k).gradient,
}
const ROSENBROCK: Form = {
  gradient: (X, G, o) => rosenbrockGradient(X, G, o, TEN),
  vars: rosenbrockVars,
  floor: async (X, k) =>
    (await fresh<RosenbrockModule>('../functions/rosenbrock.js', import.meta.url)).rosenbrockFloors(X, k)
      .gradient,
}

/** Whether the program's batched sweeps ran compiled (the batch unit; absent where the compiler has none). */
const batchCompiled = (program: { compiledUnits: readonly string[] }) =>
  program.compiledUnits.includes('batch')

/** The floor and chainrule's ways over k points of X. */
async function tapeMethods(f: Form, X: Float64Array, k: number): Promise<Method[]> {
  const rows = Array.from({ length: k }, (_, p) => X.subarray(p * TEN, (p + 1) * TEN))
  const single = (api: Tracer) => () => {
    const program = api.trace(f.vars, rows[0])
    const G = new Float64Array(k * TEN)
    return {
      run: () => {
        for (let p = 0; p < k; p++) G.set(program.gradient(rows[p]).gradient, p * TEN)
        return G
      },
      dispose: () => program.dispose(),
    }
  }
  const batched = (api: Tracer) => () => {
    const program = api.trace(f.vars, rows[0])
    return { run: () => program.gradientBatch(X, k).gradient, dispose: () => program.dispose() }
  }
  // The interpreted batch ('never': 'auto' would compile it mid-measurement) and the compiled one, when built.
  const wasmBatch = (compile: 'never' | 'always') => () => {
    const program = wasmBackend.load(js.trace(f.vars, rows[0]).tape, undefined, { compile })
    program.gradientBatch(X, k)
    if (compile === 'always' && !batchCompiled(program)) {
      // A core-wasm with compiled batches says why it refused this one; one without has none to say.
      const why = 'batchNotCompiledReason' in program ? program.batchNotCompiledReason : undefined
      program.dispose()
      throw new NotRun(
        why
          ? `not compiled: ${String(why)}`
          : 'compiled batched sweeps are not built in this version of @chainrule/core-wasm',
      )
    }
    return { run: () => program.gradientBatch(X, k).gradient, dispose: () => program.dispose() }
  }
  const floor = await f.floor(X, k)
  return [
    method('hand', () => ({ run: floor })),
    method('js', single(js)),
    method('wasm', single(wasm)),
    method('js-batch', batched(js)),
    method('wasm-batch', wasmBatch('never')),
    method('wasm-batch-compiled', wasmBatch('always')),
  ]
}

function exactGradients(f: Form, X: Float64Array, k: number): Float64Array {
  const G = new Float64Array(k * TEN)
  for (let p = 0; p < k; p++) f.gradient(X, G, p * TEN)
  return G
}

export async function batch(ctx: Context): Promise<BatchResult> {
  const k = ctx.quick ? 100 : 10_000
  ctx.log(`batch: ${k} points of a ${TEN}-variable function`)
  const X = uniformArray(rng(10), k * TEN, -2, 2)
  const primal = (await fresh<TenVarModule>('../functions/ten-var.js', import.meta.url)).tenVarFloors(
    X,
    k,
  ).primal
  const methods = [
    method('primal', () => ({ run: primal })),
    ...(await tapeMethods(TEN_VAR, X, k)),
    method('central', () => ({
      run: () => {
        const out = new Float64Array(k * TEN)
        for (let p = 0; p < k; p++) {
          const point = Array.from(X.subarray(p * TEN, (p + 1) * TEN))
          out.set(js.numeric.gradient((q) => tenVar(q), point).gradient, p * TEN)
        }
        return out
      },
    })),
    method('tf-cpu', () => ({ run: tenVarTf(k).bind(null, X) })),
    method('tf-wasm', () => ({ run: tenVarTf(k).bind(null, X) })),
  ]
  const rows = await measure(ctx, methods, 'js', exactGradients(TEN_VAR, X, k), k)
  ctx.log('batch: the same points on Rosenbrock (arithmetic only)')
  const arithmetic = await measure(
    ctx,
    await tapeMethods(ROSENBROCK, X, k),
    'js',
    exactGradients(ROSENBROCK, X, k),
    k,
  )
  return { points: k, rows, arithmetic }
}
