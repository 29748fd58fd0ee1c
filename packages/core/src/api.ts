// The public API, created from a Backend: @chainrule/core binds it to the JS
// backend, @chainrule/core-wasm to the WebAssembly one, so both packages
// export the same names with the same meaning.

import type { Backend, Program } from './backend.js'
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
import type { VectorOption } from './record.js'
import {
  createTransforms,
  type Differentiable,
  isProgram,
  type Transforms,
  type VectorDifferentiable,
  type VectorOpts,
  withProgram,
} from './transforms.js'

/** A function of Vars (one per argument, or one array of them with `{ vector: true }`), or a Program. */
type Fn = Differentiable | VectorDifferentiable

export interface Api extends Transforms {
  readonly backend: Backend
  /**
   * A JS function is recorded afresh for each call (once, at x0, then replayed across the iterations);
   * with `{ vector: true }` it receives one array of Vars.
   */
  minimize(f: VectorDifferentiable, x0: ArrayLike<number>, opts: MinimizeOptions & VectorOpts): MinimizeResult
  minimize(f: Differentiable, x0: ArrayLike<number>, opts?: MinimizeOptions & VectorOption): MinimizeResult
  /**
   * Parses an expression (docs/ARCHITECTURE.md §8) and loads it on this backend; throws ExpressionError for bad text.
   * Like `trace`, the Program is recorded once and replayed: every value in it is a constant of the text.
   */
  compile(text: string, opts?: CompileOptions): CompiledProgram
  /** The reverse sweep at x as the origin text walks it, step by step (English or Korean). */
  explain(f: VectorDifferentiable, x: ArrayLike<number>, opts: ExplainOptions & VectorOpts): Explanation
  explain(f: Differentiable, x: ArrayLike<number>, opts?: ExplainOptions & VectorOption): Explanation
  /** The computational graph with values and adjoints (at `opts.at`, default the recorded point). */
  toDot(f: VectorDifferentiable, opts: GraphOptions & VectorOpts): string
  toDot(f: Differentiable, opts?: GraphOptions & VectorOption): string
  toMermaid(f: VectorDifferentiable, opts: GraphOptions & VectorOpts): string
  toMermaid(f: Differentiable, opts?: GraphOptions & VectorOption): string
  toJSON(f: VectorDifferentiable, opts: GraphOptions & VectorOpts): GraphJSON
  toJSON(f: Differentiable, opts?: GraphOptions & VectorOption): GraphJSON
  /** Finite differences, and their error against AD (errorSweep). */
  readonly numeric: Numeric
  /** The AD gradient at x against central differences (Ridders where they disagree). */
  gradcheck(
    f: VectorDifferentiable,
    x: ArrayLike<number>,
    opts: GradcheckOptions & VectorOpts,
  ): GradcheckResult
  gradcheck(f: Differentiable, x: ArrayLike<number>, opts?: GradcheckOptions & VectorOption): GradcheckResult
}

/** The API on a backend, as one object (both packages bind their named exports with bindApi's pieces instead). */
export function createApi(backend: Backend): Api {
  const transforms = createTransforms(backend)
  return { ...transforms, backend, ...bindApi(backend, transforms) }
}

/**
 * Everything in Api beyond the transforms, one function per entry, each built
 * from `transforms` alone. The packages' index files call these one at a time
 * under a pure annotation, so a bundler drops whatever an app does not import:
 * `grad` alone leaves the expression parser, explain and the graph exporters out.
 */
export const bindApi = (backend: Backend, transforms: Transforms) => ({
  minimize: bindMinimize(transforms),
  compile: bindCompile(backend),
  explain: bindExplain(transforms),
  toDot: bindGraph(transforms, toDotGraph),
  toMermaid: bindGraph(transforms, toMermaidGraph),
  toJSON: bindGraph(transforms, toJSONGraph),
  numeric: createNumeric(transforms.programOf),
  gradcheck: createGradcheck(transforms.programOf),
})

/** Api.minimize over these transforms' recordings. */
export const bindMinimize =
  (t: Transforms): Api['minimize'] =>
  (f, x0, opts) =>
    withProgram(t.programOf, f, x0, (p) => minimizeProgram(p, x0, opts), opts)

/** Api.compile on this backend. */
export const bindCompile =
  (backend: Backend): Api['compile'] =>
  (text, opts) =>
    compileWith(backend, text, opts)

/** Api.explain over these transforms' recordings. */
export const bindExplain =
  (t: Transforms): Api['explain'] =>
  (f, x, opts) =>
    withProgram(t.programOf, f, x, (p) => explainProgram(p, x, opts), opts)

/** Api.toDot, toMermaid or toJSON: a graph exporter over these transforms' recordings. */
export const bindGraph =
  <T>(t: Transforms, exporter: (p: Program, opts?: GraphOptions) => T) =>
  (f: Fn, opts?: GraphOptions & VectorOption): T => {
    if (isProgram(f)) return exporter(f, opts)
    if (opts?.at === undefined) throw new TypeError('graph export of a function needs a point: { at: [...] }')
    return withProgram(t.programOf, f, opts.at, (p) => exporter(p, opts), opts)
  }
