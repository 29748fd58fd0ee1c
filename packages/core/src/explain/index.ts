export {
  type ExplainDerivative,
  type ExplainNode,
  type ExplainNote,
  type ExplainOptions,
  type ExplainStep,
  type ExplainTerm,
  type Explanation,
  explainProgram,
  type ForwardStep,
  type ForwardSweep,
  type ForwardTerm,
  type SweepCount,
} from './explain.js'
export {
  derivativeName,
  fmt,
  LATEX as typesetLatex,
  outputName,
  TEXT as typesetText,
} from './format.js'
export { type GraphJSON, type GraphOptions, toDotGraph, toJSONGraph, toMermaidGraph } from './graph.js'
export { type Lang, MESSAGES, withRo } from './messages.js'
export { type GraphNode, letters, unfold } from './unfold.js'
