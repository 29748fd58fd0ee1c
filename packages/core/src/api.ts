// The public API, created from a Backend: @chainrule/core binds it to the JS
// backend, @chainrule/core-wasm to the WebAssembly one, so both packages
// export the same names with the same meaning.

import type { Backend } from './backend.js'
import {
  type ExplainOptions,
  type Explanation,
  explainProgram,
  type GraphJSON,
  type GraphOptions,
  toDotGraph,
  toJSONGraph,
  toMermaidGraph,
} from './explain/index.js'
import { type CompiledProgram, type CompileOptions, compileWith } from './expr/compile.js'
import { type MinimizeOptions, type MinimizeResult, minimizeProgram } from './minimize.js'
import {
  createGradcheck,
  createNumeric,
  type GradcheckOptions,
  type GradcheckResult,
  type Numeric,
} from './numeric/index.js'
import { createTransforms, type Differentiable, isProgram, type Transforms } from './transforms.js'

export interface Api extends Transforms {
  readonly backend: Backend
  /** A JS function is recorded afresh for each call (once, at x0, then replayed across the iterations). */
  minimize(f: Differentiable, x0: ArrayLike<number>, opts?: MinimizeOptions): MinimizeResult
  /**
   * Parses an expression (DESIGN §7) and loads it on this backend; throws ExpressionError for bad text.
   * Like `trace`, the Program is recorded once and replayed: every value in it is a constant of the text.
   */
  compile(text: string, opts?: CompileOptions): CompiledProgram
  /** The reverse sweep at x as the origin text walks it, step by step (English or Korean). */
  explain(f: Differentiable, x: ArrayLike<number>, opts?: ExplainOptions): Explanation
  /** The computational graph with values and adjoints (at `opts.at`, default the recorded point). */
  toDot(f: Differentiable, opts?: GraphOptions): string
  toMermaid(f: Differentiable, opts?: GraphOptions): string
  toJSON(f: Differentiable, opts?: GraphOptions): GraphJSON
  /** Finite differences, and their error against AD (errorSweep). */
  readonly numeric: Numeric
  /** The AD gradient at x against central differences (Ridders where they disagree). */
  gradcheck(f: Differentiable, x: ArrayLike<number>, opts?: GradcheckOptions): GradcheckResult
}

export function createApi(backend: Backend): Api {
  const transforms = createTransforms(backend)
  const graphProgram = (f: Differentiable, opts?: GraphOptions) => {
    if (isProgram(f)) return f
    if (opts?.at === undefined) throw new TypeError('graph export of a function needs a point: { at: [...] }')
    return transforms.programOf(f, opts.at)
  }
  return {
    ...transforms,
    backend,
    minimize: (f, x0, opts) => minimizeProgram(transforms.programOf(f, x0), x0, opts),
    compile: (text, opts) => compileWith(backend, text, opts),
    explain: (f, x, opts) => explainProgram(transforms.programOf(f, x), x, opts),
    toDot: (f, opts) => toDotGraph(graphProgram(f, opts), opts),
    toMermaid: (f, opts) => toMermaidGraph(graphProgram(f, opts), opts),
    toJSON: (f, opts) => toJSONGraph(graphProgram(f, opts), opts),
    numeric: createNumeric(transforms.programOf),
    gradcheck: createGradcheck(transforms.programOf),
  }
}
