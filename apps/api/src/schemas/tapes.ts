// Schemas of stored tapes: POST /v1/tapes, then replay by id.

import type { Limits } from '@chainrule/core'
import { Type } from 'typebox'
import { Backend, errors, expression, noOptions, pointFields, variables } from './common.js'

export const tapeRequest = (limits: Limits) =>
  Type.Object(
    { expression: expression(limits), variables: Type.Optional(variables(limits)) },
    { additionalProperties: false },
  )

export const tapeResponse = {
  200: Type.Object(
    {
      id: Type.String({ description: 'sha-256 of the normalised expression and the variable order.' }),
      expression: Type.String({ description: 'The normalised expression.' }),
      variables: Type.Array(Type.String()),
      size: Type.Integer({ description: 'Tape nodes.' }),
      outputs: Type.Integer(),
    },
    { additionalProperties: false },
  ),
  ...errors,
}

export const TapeParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
)

export const replayRequest = (limits: Limits) =>
  Type.Object(
    { backend: Type.Optional(Backend), ...pointFields(limits), options: noOptions },
    { additionalProperties: false },
  )
