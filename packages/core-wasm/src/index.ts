// @chainrule/core-wasm: the same names as @chainrule/core, with every sweep
// in WebAssembly. Everything that does not depend on a backend (ops, Var,
// tapes, composites, graph export, …) is @chainrule/core's own export; the
// API built by createApi is bound here to the WebAssembly backend. The
// backend itself, and createWasmBackend for a different memory maximum,
// are at '@chainrule/core-wasm/backend'.

import { createApi } from '@chainrule/core'
import { wasmBackend } from './wasm-backend.js'

export * from '@chainrule/core'

// One createApi, as in @chainrule/core; grad(f), gradient(f, x), … record f afresh at every call.
// exports.test.ts fails when @chainrule/core's API gains a name that is missing here.
export const {
  grad,
  valueAndGrad,
  gradient,
  jacobian,
  hessian,
  jvp,
  vjp,
  hvp,
  trace,
  programOf,
  minimize,
  compile,
  explain,
  toDot,
  toMermaid,
  toJSON,
  numeric,
  gradcheck,
} = createApi(wasmBackend)
