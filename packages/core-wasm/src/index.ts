// @chainrule/core-wasm: the same names as @chainrule/core, with every sweep
// in WebAssembly. Everything that does not depend on a backend (ops, Var,
// tapes, composites, graph export, …) is @chainrule/core's own export; the
// API built by createApi is bound here to the WebAssembly backend. The
// backend itself, and createWasmBackend for a different memory maximum,
// are at '@chainrule/core-wasm/backend'.

/**
 * Reverse-mode automatic differentiation on a replayable tape, sweeps in WebAssembly.
 * @module @chainrule/core-wasm
 */

import {
  bindCompile,
  bindExplain,
  bindGraph,
  bindMinimize,
  createGradcheck,
  createNumeric,
  createTransforms,
  toDotGraph,
  toJSONGraph,
  toMermaidGraph,
} from '@chainrule/core'
import { wasmBackend } from './wasm-backend.js'

export * from '@chainrule/core'

// The public API on the WebAssembly backend, bound one name at a time (see bindApi) so a
// bundler keeps only what an app imports; grad(f), gradient(f, x), … record f
// afresh at every call. exports.test.ts fails when @chainrule/core's API gains a
// name that is missing here.
const transforms = /* @__PURE__ */ createTransforms(wasmBackend)
export const { grad, valueAndGrad, gradient, jacobian, hessian, jvp, vjp, hvp, trace, programOf } = transforms
export const minimize = /* @__PURE__ */ bindMinimize(transforms)
export const compile = /* @__PURE__ */ bindCompile(wasmBackend)
export const explain = /* @__PURE__ */ bindExplain(transforms)
export const toDot = /* @__PURE__ */ bindGraph(transforms, toDotGraph)
export const toMermaid = /* @__PURE__ */ bindGraph(transforms, toMermaidGraph)
export const toJSON = /* @__PURE__ */ bindGraph(transforms, toJSONGraph)
export const numeric = /* @__PURE__ */ createNumeric(transforms.programOf)
export const gradcheck = /* @__PURE__ */ createGradcheck(transforms.programOf)
