// Schemas of the routes that look inside the computation: compare (AD
// against finite differences), explain (the reverse sweep step by step),
// graph (the computational graph) and minimize.

import type { Limits } from '@chainrule/core'
import { type TSchema, Type } from 'typebox'
import { body, errors, IDENTIFIER, Num, nonFiniteFields, point, Vector } from './common.js'

const Variables = Type.Array(Type.String())
const at = (limits: Limits) => point(limits)
const closed = (fields: Record<string, TSchema>, description?: string) =>
  Type.Object(fields, { additionalProperties: false, ...(description ? { description } : {}) })
const ok = (fields: Record<string, TSchema>, description: string) => ({
  200: closed({ variables: Variables, ...fields, ...nonFiniteFields }, description),
  ...errors,
})
const Lang = Type.Enum(['en', 'ko'], { description: 'Language of the text (English or Korean).' })
const Output = Type.Integer({ minimum: 0, description: 'Which output to follow (default 0).' })

// compare ------------------------------------------------------------------

// A note of explain's, or of compare's on a kink.
const Note = closed({
  kind: Type.Enum(['kink', 'domain', 'name']),
  label: Type.String(),
  node: Type.Integer(),
  op: Type.String(),
  operand: Type.Optional(
    Type.String({
      description: "For a partial's domain note: the operand whose partial it is (x^y's ln at x < 0).",
    }),
  ),
  text: Type.String(),
})

export const compareRequest = (limits: Limits) =>
  body(limits, {
    at: at(limits),
    options: Type.Optional(
      closed({
        hs: Type.Optional(
          Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1 }), {
            minItems: 1,
            maxItems: 32,
            description: 'Steps to sweep (default 1e-1 … 1e-16).',
          }),
        ),
        variable: Type.Optional(
          Type.String({ pattern: IDENTIFIER, description: 'Sweep along this variable.' }),
        ),
        rtol: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        atol: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        lang: Type.Optional(Lang),
      }),
    ),
  })

const Cell = closed({ value: Num, absError: Num, relError: Num })
const Best = Type.Union([Type.Null(), closed({ h: Num, value: Num, absError: Num, relError: Num })])
const AtDefaultStep = (extra: Record<string, TSchema> = {}) =>
  closed({ h: Num, value: Num, absError: Num, relError: Num, evaluations: Type.Integer(), ...extra })

// core's numeric.compare result, as the CLI's compare --json writes it too (without times).
export const compareResponse = ok(
  {
    variable: Type.String({ description: 'The variable differentiated along.' }),
    value: Num,
    gradient: Vector,
    ad: Num,
    methods: closed(
      {
        central: AtDefaultStep(),
        forward: AtDefaultStep(),
        backward: AtDefaultStep(),
        richardson: AtDefaultStep({ errorEstimate: Num }),
      },
      'Each method at its default step, along the variable.',
    ),
    gradcheck: closed({
      ok: Type.Boolean(),
      maxAbsError: Num,
      maxRelError: Num,
      worst: Type.Union([
        Type.Null(),
        closed({
          index: Type.Integer(),
          gradient: Num,
          numeric: Num,
          reference: Type.String(),
          absError: Num,
          relError: Num,
        }),
      ]),
      atKink: Type.Boolean({
        description:
          'An op is exactly at its kink here: the differences straddle it, so a failure is the kink’s, not AD’s.',
      }),
    }),
    sweep: closed({
      hs: Vector,
      rows: Type.Array(
        closed({
          h: Num,
          central: Cell,
          forward: Cell,
          backward: Cell,
          richardson: closed({ value: Num, absError: Num, relError: Num, errorEstimate: Num }),
        }),
      ),
      best: closed({ central: Best, forward: Best, backward: Best, richardson: Best }),
    }),
    notes: Type.Optional(
      Type.Array(Note, {
        description:
          'When a kink explains a disagreement: the point is on one, or the central difference’s x ± h straddles one.',
      }),
    ),
  },
  'Along one variable: the AD derivative beside each finite-difference method at its default step, and the error of each method as h shrinks (the V of truncation against rounding); the AD gradient against central differences (gradcheck).',
)

// explain and graph ---------------------------------------------------------

export const explainRequest = (limits: Limits) =>
  body(limits, {
    at: at(limits),
    options: Type.Optional(
      closed({
        lang: Type.Optional(Lang),
        output: Type.Optional(Output),
        mode: Type.Optional(
          Type.Enum(['reverse', 'forward'], {
            description: 'reverse (default); forward adds one tangent sweep per input (dual numbers).',
          }),
        ),
      }),
    ),
  })

const Node = closed({
  id: Type.Integer(),
  label: Type.String(),
  node: Type.Integer(),
  kind: Type.Enum(['input', 'const', 'op']),
  op: Type.String(),
  operands: Type.Array(Type.Integer()),
  uses: Type.Array(closed({ parent: Type.Integer(), slot: Type.Integer() })),
  variable: Type.Optional(Type.String()),
  value: Num,
  adjoint: Type.Optional(Num),
  locals: Vector,
  formula: Type.String(),
  latex: Type.String(),
})

const ForwardSweep = closed({
  variable: Type.String(),
  seed: Type.String(),
  steps: Type.Array(
    closed({
      node: Type.Integer(),
      label: Type.String(),
      tangent: Num,
      terms: Type.Array(closed({ operand: Type.String(), operandTangent: Num, local: Num })),
      text: Type.String(),
      latex: Type.String(),
    }),
  ),
  value: Num,
  text: Type.String(),
  latex: Type.String(),
})

export const explainResponse = ok(
  {
    mode: Type.Enum(['reverse', 'forward']),
    point: Vector,
    value: Num,
    output: Type.String(),
    nodes: Type.Array(Node),
    steps: Type.Array(
      closed({
        node: Type.Integer(),
        label: Type.String(),
        local: Num,
        adjoint: Num,
        terms: Type.Array(
          closed({
            parent: Type.String(),
            parentAdjoint: Num,
            local: Num,
            rule: Type.String({
              description: 'The local partial by its rule, then its number: ∂C/∂A = B = 2.',
            }),
            ruleLatex: Type.String(),
          }),
        ),
        text: Type.String(),
        latex: Type.String(),
        notes: Type.Optional(Type.Array(Note)),
      }),
    ),
    derivatives: Type.Array(
      closed({
        variable: Type.String(),
        leaves: Type.Array(Type.String()),
        value: Num,
        text: Type.String(),
        latex: Type.String(),
      }),
    ),
    notes: Type.Array(Note, {
      description: 'Kinks (the derivative pinned by convention) and domain errors at this point.',
    }),
    sweeps: closed({ reverse: Type.Integer(), forward: Type.Integer(), text: Type.String() }),
    forward: Type.Optional(Type.Array(ForwardSweep)),
  },
  'The reverse sweep as the origin text walks it: nodes labelled A, B, C, … in post-order, one step per local partial, and each variable’s leaves summed.',
)

export const graphRequest = (limits: Limits) =>
  body(limits, {
    at: at(limits),
    options: Type.Optional(
      closed({
        format: Type.Optional(Type.Enum(['json', 'dot', 'mermaid'], { description: 'Default json.' })),
        lang: Type.Optional(Lang),
        output: Type.Optional(Output),
      }),
    ),
  })

const GraphJSON = closed({
  output: Type.String(),
  value: Num,
  nodes: Type.Array(
    closed({
      id: Type.Integer(),
      label: Type.String(),
      node: Type.Integer(),
      kind: Type.Enum(['input', 'const', 'op']),
      op: Type.String(),
      formula: Type.String(),
      variable: Type.Optional(Type.String()),
      value: Num,
      adjoint: Type.Optional(Num),
      span: Type.Optional(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 })),
    }),
  ),
  edges: Type.Array(
    closed({ from: Type.Integer(), to: Type.Integer(), slot: Type.Integer(), local: Type.Optional(Num) }),
  ),
})

export const graphResponse = ok(
  { format: Type.Enum(['json', 'dot', 'mermaid']), graph: Type.Union([Type.String(), GraphJSON]) },
  'The computational graph with each node’s value and adjoint: JSON, Graphviz DOT or Mermaid text.',
)

// minimize ------------------------------------------------------------------

export const minimizeRequest = (limits: Limits) =>
  body(limits, {
    at: at(limits),
    options: Type.Optional(
      closed({
        method: Type.Optional(
          Type.Enum(['gd', 'momentum', 'adam', 'lbfgs'], { description: 'Default lbfgs.' }),
        ),
        lr: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Step size.' })),
        maxIter: Type.Optional(Type.Integer({ minimum: 0, maximum: limits.iterations })),
        tol: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
        beta: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
        memory: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        trajectory: Type.Optional(Type.Boolean({ description: 'Return every iterate (default false).' })),
      }),
    ),
  })

export const minimizeResponse = ok(
  {
    x: Vector,
    value: Num,
    iterations: Type.Integer(),
    converged: Type.Boolean(),
    status: Type.Enum(['converged', 'max-iterations', 'diverged', 'line-search-failed', 'work-budget'], {
      description:
        'converged: gradient norm within tol and no nearby point lower. diverged: a value stopped being finite or an iterate passed ±1e20. line-search-failed: no step lowered f enough. work-budget: stopped because the request’s work budget ran out.',
    }),
    evaluations: Type.Integer(),
    trajectory: Type.Optional(Type.Array(closed({ x: Vector, value: Num }))),
  },
  'A local minimum from `at`: the last point, its value, and why the run stopped.',
)
