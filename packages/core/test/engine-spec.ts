// The engine's acceptance suite, run against every backend: @chainrule/core
// runs it with the JS backend, @chainrule/core-wasm with WebAssembly.
import type { Api } from '../src/api.js'
import { capturedStateSpec } from './spec/captured-state.js'
import { intoSpec } from './spec/into.js'
import { minimizeSpec } from './spec/minimize.js'
import { nestedSpec } from './spec/nested.js'
import { opsSpec } from './spec/ops.js'
import { originSpec } from './spec/origin.js'
import { propertiesSpec } from './spec/properties.js'
import { replaySpec } from './spec/replay.js'
import { secondOrderSpec } from './spec/second-order.js'
import { vectorSpec } from './spec/vector.js'

/** The nested-AD and into specs alone: core-wasm also runs them with every program compiled. */
export { intoSpec, nestedSpec }

export interface SpecOptions {
  /** Length of the deep-chain test (10⁷ for the JS backend). */
  chainLength?: number
  /** Inputs of the vector-form gradient test (10⁶ on both backends). */
  vectorInputs?: number
}

export function engineSpec(api: Api, opts: SpecOptions = {}): void {
  originSpec(api)
  opsSpec(api)
  propertiesSpec(api)
  secondOrderSpec(api)
  replaySpec(api, { chainLength: opts.chainLength ?? 1_000_000 })
  minimizeSpec(api)
  capturedStateSpec(api)
  nestedSpec(api)
  vectorSpec(api, { inputs: opts.vectorInputs ?? 1_000_000 })
  intoSpec(api)
}
