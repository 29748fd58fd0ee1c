// Workload 5: what a tape costs. A chain of 10⁷ nodes is recorded (time per
// node), frozen (bytes per node: op u8 + two i32 operands + one f64 value =
// 17), swept by the JS backend, and loaded into WebAssembly memory, where each
// node also gets its f64 value and adjoint work slots. Beside it, the same
// chain as closure-per-node Values: bytes and construction time per node,
// from the heap (needs node --expose-gc; skipped otherwise).
import * as js from '@chainrule/core'
import { tapeBytes, type Var } from '@chainrule/core'
import { median, timeOnce } from '@chainrule/core/measure'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import type { Context } from '../context.js'
import { Value } from '../value-graph.js'

export interface TapeResult {
  readonly nodes: number
  readonly bytesPerNode: number
  readonly recordSecondsPerNode: number
  readonly jsSweepSecondsPerNode: number
  readonly wasmLoadSecondsPerNode: number
  readonly wasmSweepSecondsPerNode: number
  readonly wasmBytesPerNode: number
  readonly closure?: {
    readonly nodes: number
    readonly bytesPerNode: number
    readonly secondsPerNode: number
  }
  readonly repeats: number
}

/** y ← 0.9999999·y + x, two nodes per step, until the tape holds `nodes` nodes. */
const chain = (nodes: number) => (x: Var) => {
  let y = x
  for (let i = 2; i + 1 < nodes; i += 2) y = y.mul(0.9999999).add(x)
  return y
}

type Gc = () => void

function closureCost(nodes: number): TapeResult['closure'] {
  const gc = (globalThis as { gc?: Gc }).gc
  if (!gc) return undefined
  gc()
  const before = process.memoryUsage().heapUsed
  const { seconds, result } = timeOnce(() => {
    const x = new Value(1)
    let y = x
    for (let i = 2; i + 1 < nodes; i += 2) y = y.mul(0.9999999).add(x)
    return y
  })
  gc()
  const bytes = process.memoryUsage().heapUsed - before
  // Read after weighing, so the graph is still reachable while it is weighed.
  if (!Number.isFinite(result.data)) throw new Error('tape: the closure chain diverged')
  return { nodes, bytesPerNode: bytes / nodes, secondsPerNode: seconds / nodes }
}

export async function tape(ctx: Context): Promise<TapeResult> {
  const nodes = ctx.quick ? 100_000 : 10_000_000
  const repeats = ctx.quick ? 1 : 3
  ctx.log(`tape: ${nodes.toExponential(0)} nodes`)
  const f = chain(nodes)
  const record: number[] = []
  const sweep: number[] = []
  const load: number[] = []
  const wasmSweep: number[] = []
  let bytes = 0
  let size = 0
  let wasmBytes = 0
  for (let r = 0; r < repeats; r++) {
    const recorded = timeOnce(() => js.trace(f, [1]))
    record.push(recorded.seconds)
    const program = recorded.result
    size = program.size
    bytes = tapeBytes(program.tape)
    sweep.push(timeOnce(() => program.gradient([1])).seconds)
    const before = wasmBackend.memoryStats().inUse
    const loaded = timeOnce(() => wasmBackend.load(program.tape))
    load.push(loaded.seconds)
    wasmBytes = wasmBackend.memoryStats().inUse - before
    wasmSweep.push(timeOnce(() => loaded.result.gradient([1])).seconds)
    loaded.result.dispose()
    program.dispose()
  }
  const closure = closureCost(ctx.quick ? 10_000 : 1_000_000)
  return {
    nodes: size,
    bytesPerNode: bytes / size,
    recordSecondsPerNode: median(record) / size,
    jsSweepSecondsPerNode: median(sweep) / size,
    wasmLoadSecondsPerNode: median(load) / size,
    wasmSweepSecondsPerNode: median(wasmSweep) / size,
    wasmBytesPerNode: wasmBytes / size,
    ...(closure ? { closure } : {}),
    repeats,
  }
}
