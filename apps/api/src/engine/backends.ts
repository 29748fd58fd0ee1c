// The two engines a request can choose. Both are core's public API built by
// createApi — the same functions over the TypeScript reference sweeps or the
// WebAssembly ones — so no route knows which backend it is running on.

import { type Api, createApi, jsBackend } from '@chainrule/core'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import type { BackendName } from '../config.js'

export const engines: Readonly<Record<BackendName, Api>> = Object.freeze({
  js: createApi(jsBackend),
  wasm: createApi(wasmBackend),
})

/** WebAssembly memory of this thread: bytes held by loaded programs, and the memory's size. */
export const wasmMemory = () => wasmBackend.memoryStats()
