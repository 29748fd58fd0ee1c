// The engine's acceptance suite (packages/core/test/engine-spec.ts), the
// same tests the JS backend passes, run with every sweep in WebAssembly.
import { createApi } from '@chainrule/core'
import { engineSpec } from '@chainrule/core/spec'
import { wasmBackend } from './wasm-backend.js'

engineSpec(createApi(wasmBackend), { chainLength: 10_000_000 })
