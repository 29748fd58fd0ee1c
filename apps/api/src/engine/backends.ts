// The two engines a request can choose. Both are core's public API built by
// createApi — the same functions over the TypeScript reference sweeps or the
// WebAssembly ones — so no route knows which backend it is running on.
//
// The WebAssembly engine may compile a cached program's tape (docs/ARCHITECTURE.md §6),
// and compiling is work: core's compileNodes says how large a tape a job's
// budget pays for, and the engine's tape compiler refuses anything larger, so
// the program keeps interpreting. One engine per budget (a thread normally has one).

import { type Api, compileNodes, createApi, jsBackend, type Limits } from '@chainrule/core'
import { createWasmBackend, type MemoryStats, type WasmBackend } from '@chainrule/core-wasm/backend'
import type { BackendName } from '../config.js'

const js = createApi(jsBackend)
const wasm = new Map<number, { backend: WasmBackend; api: Api }>()

/** The engines for jobs held to `limits.work`: the WASM one compiles tapes of at most compileNodes(work) nodes. */
export function enginesFor(limits: Limits): Readonly<Record<BackendName, Api>> {
  const maxNodes = compileNodes(limits.work)
  let w = wasm.get(maxNodes)
  if (w === undefined) {
    const backend = createWasmBackend({ compilerLimits: { maxNodes, maxStraightNodes: maxNodes } })
    w = { backend, api: createApi(backend) }
    wasm.set(maxNodes, w)
  }
  return { js, wasm: w.api }
}

/** WebAssembly memory of this thread: bytes held by loaded programs, and the memories' size. */
export function wasmMemory(): MemoryStats {
  let inUse = 0
  let size = 0
  let maximum = 0
  for (const { backend } of wasm.values()) {
    const m = backend.memoryStats()
    inUse += m.inUse
    size += m.size
    maximum = Math.max(maximum, m.maximum)
  }
  return { inUse, size, maximum }
}
