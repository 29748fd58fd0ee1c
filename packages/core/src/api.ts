// The public API, created from a Backend: @chainrule/core binds it to the JS
// backend, @chainrule/core-wasm to the WebAssembly one, so both packages
// export the same names with the same meaning.

import type { Backend } from './backend.js'
import { type CompiledProgram, type CompileOptions, compileWith } from './expr/compile.js'
import { type MinimizeOptions, type MinimizeResult, minimizeProgram } from './minimize.js'
import {
  createGradcheck,
  createNumeric,
  type GradcheckOptions,
  type GradcheckResult,
  type Numeric,
} from './numeric/index.js'
import { createTransforms, type Differentiable, type Transforms } from './transforms.js'

export interface Api extends Transforms {
  readonly backend: Backend
  minimize(f: Differentiable, x0: ArrayLike<number>, opts?: MinimizeOptions): MinimizeResult
  /** Parses an expression (DESIGN §7) and loads it on this backend; throws ExpressionError for bad text. */
  compile(text: string, opts?: CompileOptions): CompiledProgram
  /** Finite differences, and their error against AD (errorSweep). */
  readonly numeric: Numeric
  /** The AD gradient at x against central differences (Ridders where they disagree). */
  gradcheck(f: Differentiable, x: ArrayLike<number>, opts?: GradcheckOptions): GradcheckResult
}

export function createApi(backend: Backend): Api {
  const transforms = createTransforms(backend)
  return {
    ...transforms,
    backend,
    minimize: (f, x0, opts) => minimizeProgram(transforms.programOf(f, x0), x0, opts),
    compile: (text, opts) => compileWith(backend, text, opts),
    numeric: createNumeric(transforms.programOf),
    gradcheck: createGradcheck(transforms.programOf),
  }
}
