// Schemas of the four sweep routes: evaluate, gradient, hessian, jacobian.
// With `at` each answers for one point; with `points`, every field gains a
// leading index over the points (value[i], gradient[i], …).

import type { Limits } from '@chainrule/core'
import { Type } from 'typebox'
import { body, errors, Matrix, Num, nonFiniteFields, noOptions, pointFields, Vector } from './common.js'

const Variables = Type.Array(Type.String(), { description: 'The input order of every vector below.' })

const response = (fields: Parameters<typeof Type.Object>[0], description: string) => ({
  200: Type.Object(
    { variables: Variables, ...fields, ...nonFiniteFields },
    { additionalProperties: false, description },
  ),
  ...errors,
})

export const computeRequest = (limits: Limits) => body(limits, { ...pointFields(limits), options: noOptions })

export const evaluateResponse = response(
  { value: Type.Union([Num, Vector, Matrix]) },
  'f at the point: a number, or one per output ("a; b"); with points, one entry per point.',
)

export const gradientResponse = response(
  { value: Type.Union([Num, Vector]), gradient: Type.Union([Vector, Matrix]) },
  'f and ∇f (reverse mode); with points, value[i] and gradient[i] per point.',
)

export const hessianResponse = response(
  {
    value: Type.Union([Num, Vector]),
    gradient: Type.Union([Vector, Matrix]),
    hessian: Type.Union([Matrix, Type.Array(Matrix)]),
  },
  'f, ∇f and the Hessian (forward over reverse); with points, one of each per point.',
)

export const jacobianResponse = response(
  { value: Type.Union([Vector, Matrix]), jacobian: Type.Union([Matrix, Type.Array(Matrix)]) },
  'Every output and the m×n Jacobian (row i: ∇ of output i); with points, one of each per point.',
)
