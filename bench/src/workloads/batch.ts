// Workload 3: throughput — the gradient of a 10-variable function with
// transcendental ops at 10 000 points. Single-point replays pay the call's
// fixed cost per point; a batched sweep pays dispatch once per node for the
// whole batch (in WASM, two points per f64x2 SIMD lane pair). Times are per
// point. The same comparison on an arithmetic-only function of 10 variables
// (Rosenbrock) separates what batching saves from what sin and exp cost.

import type { Traceable } from '@chainrule/core'
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import type { Context } from '../context.js'
import { rosenbrockGradient, rosenbrockVars } from '../functions/rosenbrock.js'
import { TEN, tenVar, tenVarGradient, tenVarTf, tenVarVars } from '../functions/ten-var.js'
import { type Method, measure, type Row } from '../measure.js'
import { method, type Tracer } from '../methods.js'
import { rng, uniformArray } from '../rng.js'

export interface BatchResult {
  readonly points: number
  readonly rows: Row[]
  /** js, wasm and their batched forms on Rosenbrock with n = 10: no transcendental ops. */
  readonly arithmetic: Row[]
}

interface Form {
  gradient(X: Float64Array, G: Float64Array, o: number): void
  vars: Traceable
}

const TEN_VAR: Form = { gradient: tenVarGradient, vars: tenVarVars }
const ROSENBROCK: Form = {
  gradient: (X, G, o) => rosenbrockGradient(X.subarray(o, o + TEN), G.subarray(o, o + TEN)),
  vars: rosenbrockVars,
}

/** The floor and chainrule's four ways over k points of X. */
function tapeMethods(f: Form, X: Float64Array, k: number): Method[] {
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
  const G = new Float64Array(k * TEN)
  return [
    method('hand', () => ({
      run: () => {
        for (let p = 0; p < k; p++) f.gradient(X, G, p * TEN)
        return G
      },
    })),
    method('js', single(js)),
    method('wasm', single(wasm)),
    method('js-batch', batched(js)),
    method('wasm-batch', batched(wasm)),
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
  const methods = [
    method('primal', () => ({
      run: () => {
        let s = 0
        for (let p = 0; p < k; p++) s += tenVar(X, p * TEN)
        return s
      },
    })),
    ...tapeMethods(TEN_VAR, X, k),
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
    tapeMethods(ROSENBROCK, X, k),
    'js',
    exactGradients(ROSENBROCK, X, k),
    k,
  )
  return { points: k, rows, arithmetic }
}
