// Shared by the API's tests: build the app, post JSON, check a response
// against the route's schema, and measure how much of a request a response
// echoes.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { type TSchema, Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'

export { buildApp }

export function post(app: FastifyInstance, url: string, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: body as object })
}

/** A raw body with the given content type (or none). */
export function postRaw(
  app: FastifyInstance,
  url: string,
  payload: string | Buffer,
  contentType?: string,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType }
  return app.inject({ method: 'POST', url, payload, headers })
}

/** The error shape, and nothing else, with no stack and no internals. */
export function expectErrorShape(r: LightMyRequestResponse): {
  code: string
  message: string
  start?: number
  end?: number
} {
  if (r.statusCode < 400 || r.statusCode >= 500)
    throw new Error(`expected a 4xx, got ${r.statusCode}: ${r.body.slice(0, 200)}`)
  const body = r.json()
  const keys = Object.keys(body)
  if (keys.length !== 1 || keys[0] !== 'error')
    throw new Error(`not the error shape: ${r.body.slice(0, 200)}`)
  const { code, message, start, end, ...rest } = body.error
  if (typeof code !== 'string' || typeof message !== 'string' || Object.keys(rest).length > 0) {
    throw new Error(`not the error shape: ${r.body.slice(0, 200)}`)
  }
  if (/\bat .*:\d+:\d+|node_modules|FST_|\.ts\b|\.js\b/.test(r.body))
    throw new Error(`internals leak: ${r.body}`)
  return body.error
}

/** An app whose every computation goes through the worker pool. */
export const pooled = (overrides: Partial<Config> = {}) =>
  buildApp({ inlineWork: 0, inlineCompileLength: 0, workers: 1, ...overrides })

const checkers = new Map<TSchema, ReturnType<typeof Compile>>()

/** Throws with the first mismatch when `value` does not match `schema`. */
export function assertSchema(schema: TSchema, value: unknown): void {
  let check = checkers.get(schema)
  if (!check) checkers.set(schema, (check = Compile(Type.Unsafe(schema))))
  if (!check.Check(value)) {
    const [first] = check.Errors(value)
    throw new Error(`response does not match its schema: ${JSON.stringify(first)}`)
  }
}

/** Length of the longest substring of `input` that also occurs in `output`. */
export function longestEcho(input: string, output: string): number {
  let best = 0
  // Grow a window over the input; each step is one includes(), fine for test-sized strings.
  for (let start = 0; start + best < input.length; start++) {
    while (start + best < input.length && output.includes(input.slice(start, start + best + 1))) best++
  }
  return best
}

export const ORIGIN = { expression: 'x^2 + x', at: { x: 2 } }
