// A request as plain data, and running it: compile (through the cache),
// check the work budget, compute, encode numbers by docs/ARCHITECTURE.md §11, serialise. The same
// function runs on the event loop for small jobs and in a worker for large
// ones, and answers every expected failure (bad text, bad point, a limit) as
// data rather than a throw, so the client's answer does not depend on where
// the job ran. Anything else is a bug and is thrown, to be logged as a 500.

import {
  encode,
  encodeResult,
  findNonFiniteOrigin,
  isExpressionError,
  type Json,
  type Limits,
  type WorkRoute as Route,
  resultsOf,
  type Shape,
  workProblem,
} from '@chainrule/core'
import type { BackendName } from '../config.js'
import { ApiError, type ErrorBody } from '../errors.js'
import { enginesFor } from './backends.js'
import { compute } from './compute.js'
import { pointFrom, pointsFrom } from './inputs.js'
import { type Compiled, type Programs, tapeId } from './programs.js'

export interface Job {
  readonly route: Route | 'tape'
  readonly backend: BackendName
  readonly expression: string
  readonly variables?: string[]
  readonly at?: Record<string, unknown>
  readonly points?: Record<string, unknown>[]
  readonly options?: Record<string, unknown>
  /** A replay of a stored tape: the id it was asked for, checked against what the stored text compiles to. */
  readonly tapeId?: string
}

/** A response body already serialised (and, for POST /v1/tapes, what to store), or an error to send. */
export type Outcome =
  | { readonly body: string; readonly tape?: { id: string; expression: string; variables: string[] } }
  | { readonly status: number; readonly error: ErrorBody }

export function shapeOf(job: Job): Shape {
  const o = job.options ?? {}
  return {
    k: job.points?.length ?? 1,
    hs: Array.isArray(o.hs) ? o.hs.length : undefined,
    iterations: typeof o.maxIter === 'number' ? o.maxIter : undefined,
  }
}

export function checkWork(route: Route, { program, cost }: Compiled, job: Job, limits: Limits): void {
  const shape = shapeOf(job)
  const tooMuch = workProblem(route, program, cost, shape, limits)
  if (tooMuch) throw new ApiError(422, tooMuch.code, tooMuch.message)
  const results = resultsOf(route, program, cost, shape)
  if (results > limits.results) {
    throw new ApiError(
      422,
      'result-too-large',
      `the result would hold ${results} numbers, over the limit of ${limits.results}: use fewer points`,
    )
  }
}

/**
 * POST /v1/tapes: the id is the normalised expression's, but what is kept for
 * replay is the text as sent, which already passed every limit — the
 * normalised form can be several times longer (print spaces and brackets
 * everything) and would be refused as too long when replayed.
 */
function store(text: string, compiled: Compiled): Outcome {
  const { program, canonical } = compiled
  const tape = {
    id: tapeId(canonical, program.variables),
    expression: text,
    variables: [...program.variables],
  }
  const body = {
    id: tape.id,
    expression: canonical,
    variables: tape.variables,
    size: program.size,
    outputs: program.outputs,
  }
  return { body: JSON.stringify(body), tape }
}

function run(job: Job & { route: Route }, compiled: Compiled, limits: Limits): string {
  const { program } = compiled
  if (job.at !== undefined && job.points !== undefined) {
    throw new ApiError(400, 'ambiguous-point', 'send "at" or "points", not both')
  }
  if (job.at === undefined && job.points === undefined) {
    throw new ApiError(400, 'missing-point', 'send "at": { … } or "points": [ … ]')
  }
  checkWork(job.route, compiled, job, limits)
  const batch = job.points !== undefined
  const x = batch
    ? pointsFrom(job.points!, program.variables)
    : { points: pointFrom(job.at, program.variables, '/at'), k: 1 }
  const input = { x: x.points, k: x.k, batch, options: job.options ?? {} }
  const { result, blame } = compute(
    job.route,
    program,
    compiled.cost,
    input,
    enginesFor(limits)[job.backend],
    limits,
  )
  const body = encodeResult({ variables: program.variables, ...result })
  const nonFinite = body.nonFinite as string[] | undefined
  if (nonFinite) {
    // Blame the point that produced the first non-finite number (a batch has many).
    const origin = findNonFiniteOrigin(program, blame(nonFinite[0]))
    if (origin) body.origin = encode({ ...origin }).json as Json
  }
  return JSON.stringify(body)
}

/** Anything thrown by core or by us, as the error it means for the client. */
export function failure(e: unknown): Outcome {
  if (e instanceof ApiError) return { status: e.statusCode, error: e.toJSON() }
  if (isExpressionError(e)) {
    const status = e.code.startsWith('too-') ? 422 : 400
    // Core quotes at most a few characters of the input, but a message's
    // detail (a list of the variables) can be long: a long message drops it.
    const message = e.message.length > 80 ? e.brief : e.message
    return { status, error: bounded({ ...e.toJSON(), message }) }
  }
  // Core's argument checks (an option out of range); a TypeError would be our bug and stays a 500.
  if (e instanceof RangeError)
    return { status: 422, error: bounded({ code: 'invalid-argument', message: e.message }) }
  throw e
}

/** Any message kept short, whatever core put in it. */
function bounded(error: ErrorBody): ErrorBody {
  return error.message.length > 100 ? { ...error, message: `${error.message.slice(0, 99)}…` } : error
}

export function runJob(job: Job, programs: Programs, limits: Limits, compiled?: Compiled): Outcome {
  try {
    const c = compiled ?? programs.get(job.backend, job.expression, job.variables)
    // The store is not trusted (Redis may be shared or written by others): what it returned must
    // be the content this id addresses, or it is not this tape.
    if (job.tapeId !== undefined && tapeId(c.canonical, c.program.variables) !== job.tapeId) {
      throw new ApiError(
        404,
        'unknown-tape',
        'no tape with this id here; POST /v1/tapes with the expression again',
      )
    }
    return job.route === 'tape'
      ? store(job.expression, c)
      : { body: run({ ...job, route: job.route }, c, limits) }
  } catch (e) {
    return failure(e)
  }
}
