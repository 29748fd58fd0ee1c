// Over real sockets: a client that stalls is cut off at the configured
// request timeout — headers never finished, a declared body never sent, an
// endless chunked body — and what it sent is not kept; and only so many
// bodies are received at once. The test asserts that the server closes the
// connection and what it answers, never how fast (the times are printed).

import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from '../test/helpers.js'

const TIMEOUT = 500

let app: FastifyInstance
let port: number
// The upload-cap test holds two uploads open while a third arrives: on a busy machine that can
// take longer than TIMEOUT, so it gets a server of its own whose timeouts cannot fire first.
let patient: FastifyInstance
let patientPort: number
const listen = async (a: FastifyInstance) => {
  await a.listen({ port: 0, host: '127.0.0.1' })
  return (a.server.address() as net.AddressInfo).port
}
beforeAll(async () => {
  app = await buildApp({
    requestTimeoutMs: TIMEOUT,
    headersTimeoutMs: TIMEOUT,
    keepAliveTimeoutMs: TIMEOUT,
    maxUploads: 2,
  })
  port = await listen(app)
  patient = await buildApp({ requestTimeoutMs: 120_000, headersTimeoutMs: 120_000, maxUploads: 2 })
  patientPort = await listen(patient)
})
afterAll(() => Promise.all([app.close(), patient.close()]))

interface Stalled {
  /** Everything the server sent before it closed the connection. */
  readonly answer: Promise<string>
  readonly socket: net.Socket
}

/** Sends `head`, then `drip` every 50 ms (if given) and never finishes the request. */
function stall(head: string, drip?: string, to = port): Stalled {
  const socket = net.connect(to, '127.0.0.1')
  socket.on('error', () => {})
  const started = performance.now()
  socket.write(head)
  const timer = drip === undefined ? undefined : setInterval(() => socket.writable && socket.write(drip), 50)
  let data = ''
  socket.setEncoding('utf8')
  socket.on('data', (d: string) => {
    data += d
  })
  const answer = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer)
      console.log(
        `closed after ${Math.round(performance.now() - started)} ms: ${JSON.stringify(head.slice(0, 40))}…`,
      )
      resolve(data)
    }),
  )
  return { answer, socket }
}

const ready = async (a = app) => (await a.inject({ method: 'GET', url: '/readyz' })).json()

const POST = 'POST /v1/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n'

describe('a stalled client is cut off at the request timeout', () => {
  test.each([
    ['headers begun, never finished', 'POST /v1/gradient HTTP/1.1\r\nHost: localhost\r\n', undefined],
    ['a declared body never sent', `${POST}Content-Length: 100000\r\n\r\n{"expression":"x`, undefined],
    ['an endless chunked body', `${POST}Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n`, '5\r\n     \r\n'],
  ])(
    '%s: 408, then the connection is closed',
    async (_what, head, drip) => {
      const answer = await stall(head, drip).answer
      expect(answer).toMatch(/^HTTP\/1\.1 408 /)
      // The server's side closes just after the client's; then nothing is
      // counted as in flight (a leak would hang here until the test's timeout).
      while ((await ready()).uploads > 0) await new Promise((resolve) => setImmediate(resolve))
      expect((await ready()).uploads).toBe(0)
    },
    30_000,
  )
})

describe('an idle keep-alive connection', () => {
  test('is closed after the keep-alive timeout once its request is answered', async () => {
    const idle = stall('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n')
    const answer = await idle.answer
    expect(answer).toMatch(/^HTTP\/1\.1 200 /)
    expect(answer).toContain('{"status":"ok"}')
  }, 30_000)
})

describe('bodies received at once are bounded', () => {
  test('with two slow uploads in progress, a third gets 503 busy before its body is read', async () => {
    const slow = [0, 1].map(() => stall(`${POST}Content-Length: 1000\r\n\r\n{`, undefined, patientPort))
    // Wait, by the server's own count, until both are being received.
    while ((await ready(patient)).uploads < 2) await new Promise((resolve) => setImmediate(resolve))
    const third = stall(`${POST}Content-Length: 1000\r\n\r\n{`, undefined, patientPort)
    const answer = await third.answer
    expect(answer).toMatch(/^HTTP\/1\.1 503 /)
    expect(answer).toContain('"code":"busy"')
    for (const s of slow) s.socket.destroy()
    await Promise.all(slow.map((s) => s.answer))
    while ((await ready(patient)).uploads > 0) await new Promise((resolve) => setImmediate(resolve))
    // A small request still goes through.
    const r = await fetch(`http://127.0.0.1:${patientPort}/v1/gradient`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expression: 'x^2', at: { x: 3 } }),
    })
    expect(await r.json()).toMatchObject({ gradient: [6] })
  }, 30_000)
})
