// @chainrule/core: reverse-mode automatic differentiation, JS backend.

/**
 * Reverse-mode automatic differentiation on a replayable tape, sweeps in JavaScript.
 * @module @chainrule/core
 */

import { bindCompile, bindExplain, bindGraph, bindMinimize } from './api.js'
import { toDotGraph, toJSONGraph, toMermaidGraph } from './explain/index.js'
import { jsBackend } from './js-backend.js'
import { createGradcheck, createNumeric } from './numeric/index.js'
import { createTransforms } from './transforms.js'
import { comparisons } from './var.js'

export type { Api } from './api.js'
export { bindApi, bindCompile, bindExplain, bindGraph, bindMinimize, createApi } from './api.js'
export type * from './backend.js'
export { checkCompileMode, checkInto, checkLength, defaultVariables, OK, requireScalar } from './backend.js'
export { clamp, leakyRelu, logsumexp, mse, where } from './composites.js'
export {
  DecodeError,
  type DecodeErrorCode,
  decodeNumber,
  decodeNumbers,
  decodePoint,
  decodePoints,
  type Encoded,
  type EncodedNumber,
  encode,
  encodeNumber,
  encodeResult,
  type Json,
  pointer,
} from './encoding.js'
export * from './explain/index.js'
export type {
  CallNode,
  ConstantNode,
  Expression,
  LeafNode,
  Node,
  NumberNode,
  Span,
  VariableNode,
} from './expr/ast.js'
export { countNodes, postOrder } from './expr/ast.js'
export {
  CompiledProgram,
  type CompileOptions,
  type ExpressionRecording,
  recordExpression,
} from './expr/compile.js'
export {
  caret,
  ExpressionError,
  type ExpressionErrorAbout,
  type ExpressionErrorCode,
  formatError,
  isExpressionError,
  position,
} from './expr/errors.js'
export { ALIASES, CONSTANTS, FUNCTIONS, type FunctionDef } from './expr/functions.js'
export { EXPRESSION_ERRORS_KO, expressionErrorMessage } from './expr/messages-ko.js'
export { compareNames, isIdentifier, isReserved } from './expr/names.js'
export { type ParseOptions, parse } from './expr/parser.js'
export { print } from './expr/print.js'
export { closestName, editDistance } from './expr/suggest.js'
export { formatNumber, type NumberFormat } from './format-number.js'
export { jsBackend } from './js-backend.js'
export { straddledKink } from './kinks.js'
export { DEFAULT_LIMITS, hessianProblem, type LimitProblem, type Limits, resolveLimits } from './limits.js'
export type { Method, MinimizeOptions, MinimizeResult, MinimizeStatus, Step } from './minimize.js'
export { DEFAULT_LR } from './minimize.js'
export { findNonFiniteOrigin, type NonFiniteOrigin } from './non-finite.js'
export { compareProblem } from './numeric/compare.js'
export type * from './numeric/index.js'
export { createGradcheck, createNumeric } from './numeric/index.js'
// The op table's free functions, one export per row (generated: scripts/gen-exports.mjs).
export * from './ops.generated.js'
export { OP, OPS, type OpDef, type OpName, PRIMITIVES } from './ops.js'
export { PROBLEM_MESSAGES, type ProblemMessages } from './problem-messages.js'
export type { Output, Recording, Traceable, VectorOption, VectorTraceable } from './record.js'
export { recordFunction } from './record.js'
export { ReplayedProgram } from './replayed-program.js'
export { StatusChecker } from './status.js'
export { SweepProgram } from './sweep-program.js'
export { CMP, type CmpName, Tape, type TapeData, tapeBytes, validateTape } from './tape.js'
export { QUOTE_MAX, quoteInput, terminalSafe } from './terminal-safe.js'
export type {
  Differentiable,
  GradientFunction,
  ProgramOf,
  ScalarDerivative,
  TraceOptions,
  Transforms,
  VectorDifferentiable,
  VectorGradientFunction,
  VectorOpts,
} from './transforms.js'
export { createTransforms, isProgram } from './transforms.js'
export { ulps } from './ulps.js'
export { isVar, type Operand, Var } from './var.js'
export {
  COMPILE,
  type Cost,
  compileNodes,
  costOf,
  RECORD,
  resultsOf,
  type Shape,
  type WorkRoute,
  workOf,
  workProblem,
} from './work.js'

export const { lt, le, gt, ge, eq, ne } = comparisons

// The public API on the JS backend, bound one name at a time (see bindApi) so a
// bundler keeps only what an app imports; grad(f), gradient(f, x), … record f
// afresh at every call.
const transforms = /* @__PURE__ */ createTransforms(jsBackend)
export const { grad, valueAndGrad, gradient, jacobian, hessian, jvp, vjp, hvp, trace, programOf } = transforms
export const minimize = /* @__PURE__ */ bindMinimize(transforms)
export const compile = /* @__PURE__ */ bindCompile(jsBackend)
export const explain = /* @__PURE__ */ bindExplain(transforms)
export const toDot = /* @__PURE__ */ bindGraph(transforms, toDotGraph)
export const toMermaid = /* @__PURE__ */ bindGraph(transforms, toMermaidGraph)
export const toJSON = /* @__PURE__ */ bindGraph(transforms, toJSONGraph)
export const numeric = /* @__PURE__ */ createNumeric(transforms.programOf)
export const gradcheck = /* @__PURE__ */ createGradcheck(transforms.programOf)
