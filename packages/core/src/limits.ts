// Every size limit in one place. The expression parser enforces the first
// five (and `compile` the name limit for its `variables` too); the CLI and the HTTP API enforce the rest with the same numbers, so a
// formula accepted by one front end is accepted by all. The defaults are the
// API's: safe for text typed by strangers. A library user with bigger
// formulas passes larger values (Infinity switches a limit off).

import type { Lang } from './explain/messages.js'
import { PROBLEM_MESSAGES } from './problem-messages.js'

export interface Limits {
  /** Characters of expression text. */
  readonly length: number
  /** Nesting of parentheses, function calls, signs and powers (a flat `x+x+…` does not nest). */
  readonly depth: number
  /** Nodes of the syntax tree. */
  readonly nodes: number
  /** Distinct variables of one expression. */
  readonly variables: number
  /**
   * Characters of one name, in the text and in a `variables` list. Every name
   * of the language is far shorter; without this bound, 64 unused names of 4 KiB
   * each would ride along in every tape and cache key a server keeps.
   */
  readonly identifier: number
  /** Points in one batch request (CLI `--points`, API `points`). */
  readonly points: number
  /** Variables a Hessian may be asked for (it has n² entries). */
  readonly hessianVariables: number
  /** Iterations of one `minimize` run. */
  readonly iterations: number
  /**
   * Work of one request, in tape-node visits (one forward sweep of an s-node
   * tape is s; a gradient about 2s per point). The API refuses a request that
   * would need more before any sweep runs. At the default, the slowest case
   * measured (batched sweeps of a 4 KiB expression on the JS backend) takes a
   * few seconds on one core, and the WebAssembly backend well under one.
   */
  readonly work: number
  /** Numbers in one result (k points × the route's numbers per point), so a response stays a few MB. */
  readonly results: number
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  length: 4096,
  depth: 256,
  nodes: 20_000,
  variables: 64,
  identifier: 64,
  points: 10_000,
  hessianVariables: 64,
  iterations: 10_000,
  work: 20_000_000,
  results: 262_144,
})

/** The defaults with `overrides` applied; each limit must be a positive integer or Infinity. */
export function resolveLimits(overrides?: Partial<Limits>): Limits {
  if (overrides === undefined) return DEFAULT_LIMITS
  const out: Record<string, number> = { ...DEFAULT_LIMITS }
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) throw new RangeError(`limits: unknown limit '${key}'`)
    if (value === undefined) continue
    const ok = typeof value === 'number' && value >= 1 && (Number.isInteger(value) || value === Infinity)
    if (!ok)
      throw new RangeError(`limits: ${key} must be a positive integer or Infinity, got ${String(value)}`)
    out[key] = value
  }
  return Object.freeze(out as unknown as Limits)
}

/** A request over one of the limits the front ends check (the parser's limits throw ExpressionError). */
export interface LimitProblem {
  readonly code: 'hessian-too-large' | 'work-budget'
  readonly message: string
}

/**
 * Why a Hessian of `variables` variables is refused, or undefined if it is within `limits.hessianVariables`;
 * the message in `lang` (English, the API's, by default).
 */
export function hessianProblem(
  variables: number,
  limits: Limits = DEFAULT_LIMITS,
  lang: Lang = 'en',
): LimitProblem | undefined {
  if (variables <= limits.hessianVariables) return undefined
  return {
    code: 'hessian-too-large',
    message: PROBLEM_MESSAGES[lang].hessianTooLarge(variables, limits.hessianVariables),
  }
}
