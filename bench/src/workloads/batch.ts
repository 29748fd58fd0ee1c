// Workload 3: throughput — the gradient of a 10-variable function with
// transcendental ops at 10 000 points. Single-point replays pay the call's
// fixed cost per point; a batched sweep pays dispatch once per node for the
// whole batch (in WASM, two points per f64x2 SIMD lane pair). Times are per point.
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import type { Context } from '../context.js'
import { TEN, tenVar, tenVarGradient, tenVarTf, tenVarVars } from '../functions/ten-var.js'
import { measure, type Row } from '../measure.js'
import type { Tracer } from '../methods.js'
import { method } from '../methods.js'
import { rng, uniformArray } from '../rng.js'

export interface BatchResult {
  readonly points: number
  readonly rows: Row[]
}

export async function batch(ctx: Context): Promise<BatchResult> {
  const k = ctx.quick ? 100 : 10_000
  ctx.log(`batch: ${k} points of a ${TEN}-variable function`)
  const X = uniformArray(rng(10), k * TEN, -2, 2)
  const exact = new Float64Array(k * TEN)
  for (let p = 0; p < k; p++) tenVarGradient(X, exact, p * TEN)
  const rows = Array.from({ length: k }, (_, p) => X.subarray(p * TEN, (p + 1) * TEN))
  const x0 = rows[0]

  const single = (api: Tracer) => () => {
    const program = api.trace(tenVarVars, x0)
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
    const program = api.trace(tenVarVars, x0)
    return { run: () => program.gradientBatch(X, k).gradient, dispose: () => program.dispose() }
  }
  const G = new Float64Array(k * TEN)
  const methods = [
    method('primal', () => ({ run: () => rows.reduce((s, r) => s + tenVar(r), 0) })),
    method('hand', () => ({
      run: () => {
        for (let p = 0; p < k; p++) tenVarGradient(X, G, p * TEN)
        return G
      },
    })),
    method('js', single(js)),
    method('wasm', single(wasm)),
    method('js-batch', batched(js)),
    method('wasm-batch', batched(wasm)),
    method('central', () => ({
      run: () => {
        const out = new Float64Array(k * TEN)
        for (let p = 0; p < k; p++) out.set(js.numeric.gradient((q) => tenVar(q), rows[p]).gradient, p * TEN)
        return out
      },
    })),
    method('tf-cpu', () => ({ run: tenVarTf(k).bind(null, X) })),
    method('tf-wasm', () => ({ run: tenVarTf(k).bind(null, X) })),
  ]
  return { points: k, rows: await measure(ctx, methods, 'js', exact, k) }
}
