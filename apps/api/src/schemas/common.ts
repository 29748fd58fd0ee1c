// Building blocks of every route's schema. The sizes (how many variables,
// points, iterations) come from core's limits, so the OpenAPI document states
// the limits the server actually enforces.

import type { Limits } from '@chainrule/core'
import { type Static, type TSchema, Type } from 'typebox'

/** docs/ARCHITECTURE.md §11: a JSON number, or "NaN", "Infinity", "-Infinity" for the three values JSON lacks. */
export const Num = Type.Union([Type.Number(), Type.Enum(['NaN', 'Infinity', '-Infinity'])], {
  description: 'A finite number, or "NaN", "Infinity", "-Infinity" for the three values JSON lacks.',
})
export type Num = Static<typeof Num>

export const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$'

/** A name of at most limits.identifier characters, as a pattern: a record's keys cannot carry a maxLength. */
const name = (limits: Limits) =>
  Number.isFinite(limits.identifier) ? `^[A-Za-z_][A-Za-z0-9_]{0,${limits.identifier - 1}}$` : IDENTIFIER

export const Backend = Type.Enum(['js', 'wasm'], {
  description: 'Where the sweeps run: the TypeScript reference or WebAssembly (the server default).',
})

/** { "x": 2, "y": "NaN" }: a value for every variable, by name. */
export const point = (limits: Limits) =>
  Type.Record(Type.String({ pattern: name(limits) }), Num, {
    additionalProperties: false,
    maxProperties: limits.variables,
    description: 'A value for each variable of the expression, by name.',
  })

export const variables = (limits: Limits) =>
  Type.Array(Type.String({ pattern: IDENTIFIER, maxLength: limits.identifier }), {
    maxItems: limits.variables,
    description: 'Input order (default: alphabetical, x2 before x10). Gradients follow this order.',
  })

export const expression = (limits: Limits) =>
  Type.String({
    description: `An expression (grammar and functions: docs/ARCHITECTURE.md §8), at most ${limits.length} characters; ";" or "," separates outputs.`,
  })

/** Fields every computation body shares; `extra` adds the route's own. */
export function body<P extends Record<string, TSchema>>(limits: Limits, extra: P) {
  return Type.Object(
    {
      expression: expression(limits),
      variables: Type.Optional(variables(limits)),
      backend: Type.Optional(Backend),
      ...extra,
    },
    { additionalProperties: false },
  )
}

/** `at` (one point) or `points` (a batch): exactly one of the two. */
export const pointFields = (limits: Limits) => ({
  at: Type.Optional(point(limits)),
  points: Type.Optional(
    Type.Array(point(limits), { minItems: 1, maxItems: limits.points, description: 'A batch of points.' }),
  ),
})

export const noOptions = Type.Optional(Type.Object({}, { additionalProperties: false }))

/** Where the first non-finite number came from (docs/ARCHITECTURE.md §11). */
export const Origin = Type.Object(
  {
    sweep: Type.Enum(['forward', 'reverse']),
    node: Type.Integer(),
    op: Type.String(),
    value: Num,
    start: Type.Optional(Type.Integer()),
    end: Type.Optional(Type.Integer()),
  },
  { description: 'The first tape node that produced a non-finite number, with its span in the expression.' },
)

/** Present only when some number of the response is not finite. */
export const nonFiniteFields = {
  nonFinite: Type.Optional(
    Type.Array(Type.String(), { description: 'JSON Pointers to every NaN or ±Infinity in this response.' }),
  ),
  origin: Type.Optional(Origin),
}

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      start: Type.Optional(
        Type.Integer({ description: 'Offset into the expression where the problem starts.' }),
      ),
      end: Type.Optional(Type.Integer()),
    }),
  },
  { description: 'Every failure. At most a few characters of the input are quoted.' },
)

/** The error responses every computation route may give. */
export const errors = {
  400: ErrorResponse,
  404: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
}

export const Vector = Type.Array(Num)
export const Matrix = Type.Array(Vector)
