// Over a real socket: the app listening on an ephemeral port, and the built
// server process — configured by environment, shut down by SIGTERM after
// finishing the request in flight.

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from '../test/helpers.js'

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

describe('the app on a socket', () => {
  let app: FastifyInstance
  let base: string
  beforeAll(async () => {
    app = await buildApp()
    base = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => app.close())

  test('gradient of the origin example', async () => {
    const r = await fetch(`${base}/v1/gradient`, json({ expression: 'x^2 + x', at: { x: 2 } }))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await r.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
  })

  test('a non-finite answer and a refusal, as a client sees them', async () => {
    const nan = await fetch(`${base}/v1/evaluate`, json({ expression: '0/x', at: { x: 0 } }))
    expect(await nan.json()).toMatchObject({ value: 'NaN', nonFinite: ['/value'] })
    const bad = await fetch(`${base}/v1/gradient`, json({ expression: 'constructor', at: {} }))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      error: { code: 'reserved-name', message: expect.any(String), start: 0, end: 11 },
    })
  })

  test('a body sent in chunks larger than the limit is cut off with 413', async () => {
    const big = JSON.stringify({ expression: 'x'.repeat(2 << 20), at: {} })
    const r = await fetch(`${base}/v1/gradient`, { ...json(null), body: big })
    expect(r.status).toBe(413)
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('body-too-large')
  })
})

describe('the built server process', () => {
  let server: ChildProcess
  let base: string

  let log = ''
  /** Resolves with the first match of `pattern` in the server's log from offset `from` on, waiting if need be. */
  const logged = (pattern: RegExp, from = 0) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const look = () => {
        const m = log.slice(from).match(pattern)
        if (!m) return false
        server.stdout!.off('data', look)
        resolve(m)
        return true
      }
      if (!look()) server.stdout!.on('data', look)
    })

  beforeAll(async () => {
    const entry = new URL('../dist/server.js', import.meta.url).pathname
    server = spawn(process.execPath, [entry], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CHAINRULE_BACKEND: 'js' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    server.stdout!.setEncoding('utf8')
    server.stdout!.on('data', (chunk: string) => {
      log += chunk
    })
    // pino logs "Server listening at http://127.0.0.1:PORT" as JSON.
    base = (await logged(/listening at (http:\/\/127\.0\.0\.1:\d+)/))[1]
  }, 30_000)

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
  })

  test('serves with the backend from CHAINRULE_BACKEND', async () => {
    const ready = await (await fetch(`${base}/readyz`)).json()
    expect(ready).toMatchObject({ status: 'ready', backend: 'js' })
    const r = await fetch(
      `${base}/v1/gradient`,
      json({ expression: 'x*y + x^3 - log(y)', at: { x: 3, y: 4 } }),
    )
    expect(((await r.json()) as { gradient: number[] }).gradient).toEqual([31, 2.75])
  })

  test('SIGTERM: the request in flight is answered, then the process exits 0', async () => {
    // Heavy enough to be in flight when the signal lands: a batch on the JS backend in the pool.
    const points = Array.from({ length: 5000 }, (_, i) => ({ x: i / 5000 }))
    const expression = Array.from({ length: 200 }, (_, i) => `sin(${i + 1}*x)`).join('+')
    const from = log.length
    const inFlight = fetch(`${base}/v1/gradient`, json({ expression, points }))
    // Fastify logs each request as it arrives: from then on it is in flight (no guess at how long that takes).
    await logged(
      /"incoming request".*"url":"\/v1\/gradient"|"url":"\/v1\/gradient".*"incoming request"/,
      from,
    )
    const exited = once(server, 'exit')
    server.kill('SIGTERM')
    const r = await inFlight
    expect(r.status, await r.clone().text()).toBe(200)
    expect(((await r.json()) as { value: number[] }).value).toHaveLength(5000)
    const [code] = await exited
    expect(code).toBe(0)
    await expect(fetch(`${base}/healthz`)).rejects.toThrow()
  }, 30_000)
})
