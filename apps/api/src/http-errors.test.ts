// Over raw sockets: requests that are not valid HTTP, or whose URL cannot be
// routed, get the one error shape — { error: { code, message } } — with
// nothing of the request echoed beyond a short, defanged quote.

import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp, longestEcho } from '../test/helpers.js'

let app: FastifyInstance
let port: number
beforeAll(async () => {
  // A built web demo, as in production: then unknown paths reach @fastify/static first.
  const web = mkdtempSync(join(tmpdir(), 'chainrule-web-'))
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>demo</title>')
  app = await buildApp({ webRoot: web })
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as net.AddressInfo).port
})
afterAll(() => app.close())

interface Raw {
  status: number
  headers: Record<string, string>
  body: string
}

/** Sends `text` as it is and reads the answer until the server closes the connection. */
function raw(text: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text))
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => {
      data += d
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      const split = data.indexOf('\r\n\r\n')
      if (split < 0) return reject(new Error(`no answer: ${JSON.stringify(data.slice(0, 200))}`))
      const [line, ...fields] = data.slice(0, split).split('\r\n')
      const headers = Object.fromEntries(
        fields.map((f) => [f.slice(0, f.indexOf(':')).toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]),
      )
      resolve({ status: Number(line.split(' ')[1]), headers, body: data.slice(split + 4) })
    })
  })
}

/** The envelope and nothing else, no more than 64 characters of `sent` in it, and nosniff. */
function envelope(r: Raw, sent: string): { code: string; message: string } {
  const body = JSON.parse(r.body)
  expect(Object.keys(body)).toEqual(['error'])
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message'])
  expect(longestEcho(sent, r.body)).toBeLessThanOrEqual(64)
  expect(r.body).not.toContain('<script')
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
  expect(r.headers['x-content-type-options']).toBe('nosniff')
  return body.error
}

const SCRIPT = '<script>alert(1)</script>'
const request = (head: string, body = '') => `${head}\r\nHost: localhost\r\nConnection: close\r\n${body}`

describe('URL errors', () => {
  test.each([
    ['bad percent-encoding', `GET /v1/%zz${SCRIPT} HTTP/1.1`, 400, 'bad-url'],
    [
      'an over-long tape id',
      `POST /v1/tapes/${'a'.repeat(150)}${SCRIPT}/gradient HTTP/1.1`,
      414,
      'url-too-long',
    ],
    ['a 15 KB unknown path with a script', `GET /${SCRIPT}${'x'.repeat(15_000)} HTTP/1.1`, 404, 'not-found'],
  ])('%s: the status and code of the one error shape', async (_what, head, status, code) => {
    const sent = request(head, '\r\n')
    const r = await raw(sent)
    expect(r.status).toBe(status)
    expect(envelope(r, sent).code).toBe(code)
  })
})

describe('HTTP the parser cannot read', () => {
  const POST = 'POST /v1/gradient HTTP/1.1'
  test.each([
    [
      'conflicting Content-Length',
      request(POST, 'Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}'),
      400,
      'bad-content-length',
    ],
    [
      'an invalid Content-Length',
      request(POST, `Content-Length: 12${SCRIPT}\r\n\r\n{}`),
      400,
      'bad-content-length',
    ],
    [
      'Content-Length with chunked',
      request(POST, 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}'),
      400,
      'bad-transfer-encoding',
    ],
    ['a bad method', request(`G${SCRIPT}T / HTTP/1.1`, '\r\n'), 400, 'bad-method'],
    [
      'headers over the size limit',
      request('GET /healthz HTTP/1.1', `X-Big: ${SCRIPT}${'b'.repeat(20_000)}\r\n\r\n`),
      431,
      'headers-too-large',
    ],
    ['garbage', `${SCRIPT}\r\n\r\n`, 400, 'bad-method'],
  ])('%s: the status and code of the one error shape', async (_what, sent, status, code) => {
    const r = await raw(sent)
    expect(r.status).toBe(status)
    expect(envelope(r, sent).code).toBe(code)
  })
})
