// The routes around the API: liveness, readiness, the OpenAPI document and
// its UI, and the web demo (or its placeholder) at /.

import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp, post } from '../../test/helpers.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildApp({ webRoot: join(tmpdir(), 'chainrule-no-web-here') })
})
afterAll(() => app.close())

describe('health', () => {
  test('GET /healthz → 200 ok', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toEqual({ status: 'ok' })
  })

  test('GET /readyz → ready, with caches and memory', async () => {
    await post(app, '/v1/gradient', { expression: 'x^2', at: { x: 1 } })
    const r = await app.inject({ method: 'GET', url: '/readyz' })
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body).toMatchObject({
      status: 'ready',
      backend: 'wasm',
      pool: null,
      store: { kind: 'memory', state: 'ok' },
    })
    expect(body.tapes).toBe(0)
    expect(body.programs).toBeGreaterThanOrEqual(1)
    expect(body.memory.rss).toBeGreaterThan(0)
    expect(body.memory.wasm.size).toBeGreaterThan(0)
  })
})

describe('OpenAPI', () => {
  test('/openapi.json documents every route with its request and response schemas', async () => {
    const r = await app.inject({ method: 'GET', url: '/openapi.json' })
    expect(r.statusCode).toBe(200)
    const doc = r.json()
    expect(doc.openapi).toBe('3.1.0')
    const routes = ['evaluate', 'gradient', 'hessian', 'jacobian', 'compare', 'explain', 'graph', 'minimize']
    for (const route of routes) {
      const op = doc.paths[`/v1/${route}`].post
      expect(op.requestBody.content['application/json'].schema.required, route).toContain('expression')
      expect(op.requestBody.content['application/json'].schema.additionalProperties, route).toBe(false)
      expect(op.responses['200'], route).toBeDefined()
      expect(op.responses['400'], route).toBeDefined()
    }
    expect(doc.paths['/v1/tapes'].post).toBeDefined()
    expect(doc.paths['/v1/tapes/{id}/gradient'].post).toBeDefined()
    expect(doc.paths['/v1/tapes/{id}/evaluate'].post).toBeDefined()
    // The limits in the document are the ones enforced.
    const points =
      doc.paths['/v1/gradient'].post.requestBody.content['application/json'].schema.properties.points
    expect(points.maxItems).toBe(10_000)
  })

  test('/docs serves the interactive documentation', async () => {
    const r = await app.inject({ method: 'GET', url: '/docs/' })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/text\/html/)
    expect(r.body).toContain('swagger')
  })
})

describe('headers', () => {
  test.each([
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/openapi.json'],
    ['GET', '/docs/'],
    ['GET', '/no-such-page'],
    ['POST', '/v1/gradient'],
    ['POST', '/v1/tapes'],
  ])('%s %s → X-Content-Type-Options: nosniff', async (method, url) => {
    const r = await app.inject({
      method: method as 'GET' | 'POST',
      url,
      ...(method === 'POST' ? { payload: { expression: 'x^2', at: { x: 1 } } } : {}),
    })
    expect(r.headers['x-content-type-options']).toBe('nosniff')
  })

  test('/docs has a CSP that allows its own scripts and styles, and nothing inline it did not hash', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/' })
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(csp).toMatch(/frame-ancestors 'self'/)
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(csp).not.toContain('upgrade-insecure-requests')
    // Every script the page loads is its own, or an inline one whose hash the policy lists.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, code] of scripts) {
      const src = attrs.match(/src="([^"]+)"/)?.[1]
      if (src !== undefined) {
        expect(src).not.toMatch(/^(https?:)?\/\//)
        const asset = await app.inject({ method: 'GET', url: new URL(src, 'http://h/docs/').pathname })
        expect(asset.statusCode, src).toBe(200)
      } else {
        const hash = createHash('sha256').update(code).digest('base64')
        expect(csp).toContain(`'sha256-${hash}'`)
      }
    }
  })
})

describe('the web demo at /', () => {
  test('without a build: a placeholder page that says how to build it', async () => {
    const r = await app.inject({ method: 'GET', url: '/' })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/text\/html/)
    expect(r.body).toContain('pnpm build')
  })

  test('with a build: its files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'chainrule-web-'))
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;"><title>demo</title>`,
    )
    writeFileSync(join(root, 'app.js'), 'console.log(1)')
    const web = await buildApp({ webRoot: root })
    const index = await web.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(200)
    expect(index.body).toContain('<title>demo</title>')
    expect(index.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'",
    )
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    const script = await web.inject({ method: 'GET', url: '/app.js' })
    expect(script.headers['content-type']).toMatch(/javascript/)
    const missing = await web.inject({ method: 'GET', url: '/nope.js' })
    expect(missing.statusCode).toBe(404)
    await web.close()
  })

  test('with a build: precompressed files when accepted, hashed assets cached as immutable, the page revalidated', async () => {
    const root = mkdtempSync(join(tmpdir(), 'chainrule-web-'))
    mkdirSync(join(root, 'assets'))
    const code = 'console.log("the demo");'.repeat(50)
    // As the web build writes them: a .br and a .gz beside every text file, the page's too.
    const html = '<!doctype html><title>demo</title>'
    writeFileSync(join(root, 'index.html'), html)
    writeFileSync(join(root, 'index.html.br'), brotliCompressSync(html))
    writeFileSync(join(root, 'index.html.gz'), gzipSync(html))
    writeFileSync(join(root, 'assets', 'index-AbC123.js'), code)
    writeFileSync(join(root, 'assets', 'index-AbC123.js.br'), brotliCompressSync(code))
    writeFileSync(join(root, 'assets', 'index-AbC123.js.gz'), gzipSync(code))
    const web = await buildApp({ webRoot: root })
    const get = (url: string, encoding?: string) =>
      web.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} })

    const br = await get('/assets/index-AbC123.js', 'gzip, deflate, br')
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(code)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const gz = await get('/assets/index-AbC123.js', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(code)
    const plain = await get('/assets/index-AbC123.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(code)
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // The page names the hashed files, so it must be fetched again when a build changes them.
    const index = await get('/', 'br')
    expect(index.statusCode).toBe(200)
    expect(brotliDecompressSync(index.rawPayload).toString()).toBe(html)
    expect(index.headers['cache-control']).toBe('no-cache')
    await web.close()
  })
})

describe('CORS and rate limiting, when configured', () => {
  test('CORS is off by default and on for the listed origins', async () => {
    const none = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://example.org' },
    })
    expect(none.headers['access-control-allow-origin']).toBeUndefined()
    const cors = await buildApp({ corsOrigins: ['https://example.org'] })
    const ok = await cors.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://example.org' },
    })
    expect(ok.headers['access-control-allow-origin']).toBe('https://example.org')
    const other = await cors.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.test' },
    })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    await cors.close()
  })

  test('behind a trusted proxy the limit is per forwarded client; untrusted, X-Forwarded-For is ignored', async () => {
    const from = (app: FastifyInstance, client: string) =>
      app.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': client } })
    const proxied = await buildApp({ rateLimitMax: 1, trustProxy: ['127.0.0.1'] })
    expect((await from(proxied, '203.0.113.1')).statusCode).toBe(200)
    expect((await from(proxied, '203.0.113.1')).statusCode).toBe(429)
    expect((await from(proxied, '203.0.113.2')).statusCode).toBe(200)
    await proxied.close()
    const direct = await buildApp({ rateLimitMax: 1 })
    expect((await from(direct, '203.0.113.1')).statusCode).toBe(200)
    expect((await from(direct, '203.0.113.2')).statusCode).toBe(429)
    await direct.close()
  })

  test('rate limiting answers 429 in the error shape past the limit; probes are never limited', async () => {
    const limited = await buildApp({ rateLimitMax: 2, rateLimitWindowMs: 60_000 })
    const codes = []
    for (let i = 0; i < 3; i++)
      codes.push((await limited.inject({ method: 'GET', url: '/openapi.json' })).statusCode)
    expect(codes).toEqual([200, 200, 429])
    const r = await post(limited, '/v1/gradient', { expression: 'x', at: { x: 1 } })
    expect(r.json()).toEqual({ error: { code: 'rate-limited', message: expect.any(String) } })
    // A balancer's health checks must not be refused, nor use up a client's quota.
    for (const url of ['/healthz', '/readyz'])
      expect((await limited.inject({ method: 'GET', url })).statusCode, url).toBe(200)
    await limited.close()
  })
})
