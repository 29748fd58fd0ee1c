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

/**
 * Test hooks for the pool (Config.testHooks): a job whose expression is
 * `HELD` waits in its worker until `release()`, and `threadsStarted(n)`
 * resolves once the pool has started its n-th thread. Nothing here depends
 * on how fast the machine is.
 */
export function poolHooks() {
  const gate = new SharedArrayBuffer(8)
  const slots = new Int32Array(gate)
  let started = 0
  const waiting: { n: number; resolve: () => void }[] = []
  const testHooks = {
    hold: { expression: HELD, gate },
    onWorkerCreate: () => {
      started++
      for (const w of waiting.filter((w) => w.n <= started)) w.resolve()
    },
  }
  return {
    testHooks,
    /** Resolves once a held job is waiting in its worker. */
    held: async () => {
      // Node 20 has Atomics.waitAsync; the es2022 lib the repo compiles against does not declare it.
      const { waitAsync } = Atomics as unknown as {
        waitAsync: (a: Int32Array, i: number, v: number) => { async: boolean; value: unknown }
      }
      const r = waitAsync(slots, 0, 0)
      if (r.async) await r.value
    },
    release: () => {
      Atomics.store(slots, 1, 1)
      Atomics.notify(slots, 1)
    },
    threadsStarted: (n: number) =>
      new Promise<void>((resolve) => (started >= n ? resolve() : waiting.push({ n, resolve }))),
  }
}

/** A valid expression that TestHooks.hold makes wait in its worker. */
export const HELD = 'x + 1'
