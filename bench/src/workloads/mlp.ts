// Workload 4: one training step of micrograd's demo network (2 → 16 → 16 → 1,
// tanh) on 100 two-moons points: the loss, its gradient in all 337 parameters,
// and the SGD update. chainrule records the network once and replays it with
// new parameters each step; the closure graph is rebuilt every step, as in
// micrograd; TF.js runs its optimiser on matrices.
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import type { Context } from '../context.js'
import { fresh } from '../fresh.js'
import { initialParams, mlpGradient, mlpLoss, PARAMS } from '../functions/mlp.js'
import { mlpVars, TfMlp, ValueMlp } from '../functions/mlp-forms.js'
import { moons } from '../functions/moons.js'
import { measure, type Row } from '../measure.js'
import type { Tracer } from '../methods.js'
import { compiledProgram, method } from '../methods.js'

export const LR = 0.05

export interface MlpResult {
  readonly points: number
  readonly params: number
  readonly tapeNodes: number
  readonly rows: Row[]
}

export async function mlp(ctx: Context): Promise<MlpResult> {
  const data = moons(ctx.quick ? 20 : 100)
  const p0 = initialParams()
  const exact = new Float64Array(PARAMS)
  mlpGradient(p0, data, exact)
  const f = mlpVars(data)
  ctx.log(`mlp: ${PARAMS} parameters, ${data.n} points`)

  // Every method trains its own copy from p0; its answer is the gradient at p0.
  // WASM interpreted ('never': 'auto' would compile mid-measurement) or compiled at load ('always').
  const replay = (api: Tracer, compile?: 'never' | 'always') => () => {
    const program =
      compile === 'always'
        ? compiledProgram(f, p0)
        : compile
          ? wasm.trace(f, p0, { compile })
          : api.trace(f, p0)
    const p = Float64Array.from(p0)
    const into = new Float64Array(PARAMS)
    return {
      result: () => program.gradient(p0).gradient,
      run: () => {
        const { value, gradient } = program.gradient(p, { into })
        for (let i = 0; i < PARAMS; i++) p[i] -= LR * gradient[i]
        return value
      },
      dispose: () => program.dispose(),
    }
  }
  const tfStep = () => {
    const net = new TfMlp(p0, data, LR)
    return { result: () => net.gradient(), run: () => net.step(), dispose: () => net.dispose() }
  }
  // The floors from a copy of their module of their own (fresh.ts): the central differences call
  // mlpLoss with plain arrays, which would make the shared copy's forward pass polymorphic.
  const copy = await fresh<typeof import('../functions/mlp.js')>('../functions/mlp.js', import.meta.url)
  const methods = [
    method('primal', () => ({ run: copy.mlpFloors(p0, data, LR).primal })),
    method('hand', () => ({
      result: () => {
        const g = new Float64Array(PARAMS)
        mlpGradient(p0, data, g)
        return g
      },
      run: copy.mlpFloors(p0, data, LR).step,
    })),
    method('js', replay(js)),
    method('wasm', replay(wasm, 'never')),
    method('wasm-compiled', replay(wasm, 'always')),
    method('closure', () => {
      const net = new ValueMlp(p0)
      return { result: () => new ValueMlp(p0).lossAndGradient(data).gradient, run: () => net.step(data, LR) }
    }),
    method('central', () => {
      const p = Float64Array.from(p0)
      const loss = (q: number[]) => mlpLoss(q, data)
      return {
        result: () => js.numeric.gradient(loss, p0).gradient,
        run: () => {
          const g = js.numeric.gradient(loss, p).gradient
          for (let i = 0; i < PARAMS; i++) p[i] -= LR * g[i]
        },
      }
    }),
    method('tf-cpu', tfStep),
    method('tf-wasm', tfStep),
  ]
  const tapeNodes = js.trace(f, p0).size
  return { points: data.n, params: PARAMS, tapeNodes, rows: await measure(ctx, methods, 'wasm', exact) }
}
