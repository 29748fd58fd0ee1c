// Workload 1: the origin text's x² + x at x = 2 (f′ = 5): how long one
// derivative takes through each method — on a 5-node tape, fixed costs only.
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import type { Context } from '../context.js'
import { fresh } from '../fresh.js'
import {
  squarePlus,
  squarePlusDerivative,
  squarePlusTf,
  squarePlusValue,
  squarePlusVar,
} from '../functions/square-plus.js'
import { measure, type Row } from '../measure.js'
import { method, replayMethods } from '../methods.js'

export interface LatencyResult {
  readonly x: number
  readonly exact: number
  readonly rows: Row[]
}

export async function latency(ctx: Context): Promise<LatencyResult> {
  const x = 2
  const exact = squarePlusDerivative(x)
  const gradJs = js.grad(squarePlusVar)
  const gradWasm = wasm.grad(squarePlusVar)
  const floor = (
    await fresh<typeof import('../functions/square-plus.js')>('../functions/square-plus.js', import.meta.url)
  ).squarePlusFloor(x)
  const methods = [
    method('hand', () => ({ run: floor })),
    ...replayMethods(squarePlusVar, [x]),
    method('grad-js', () => ({ run: () => gradJs(x) })),
    method('grad-wasm', () => ({ run: () => gradWasm(x) })),
    method('closure', () => ({ run: () => squarePlusValue(x) })),
    ...(['central', 'forward', 'richardson'] as const).map((m) =>
      method(m, () => ({ run: () => js.numeric.derivative(squarePlus, x, { method: m }).value })),
    ),
    method('tf-cpu', () => ({ run: squarePlusTf().bind(null, x) })),
    method('tf-wasm', () => ({ run: squarePlusTf().bind(null, x) })),
  ]
  ctx.log('latency: x² + x at x = 2')
  return { x, exact, rows: await measure(ctx, methods, 'wasm', [exact]) }
}
