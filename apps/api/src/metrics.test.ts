// GET /metrics: off unless configured, behind a bearer token when one is set,
// labelled by route pattern and status, and never carrying what a client sent.

import { afterAll, describe, expect, test } from 'vitest'
import { buildApp, expectErrorShape, post } from '../test/helpers.js'

const apps: Awaited<ReturnType<typeof buildApp>>[] = []
const build = async (...args: Parameters<typeof buildApp>) => {
  const app = await buildApp(...args)
  apps.push(app)
  return app
}
afterAll(() => Promise.all(apps.map((a) => a.close())))

/** The value of one sample line `name{labels} value`, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('/metrics', () => {
  test('off by default: no such route', async () => {
    const app = await build()
    const r = await app.inject({ method: 'GET', url: '/metrics' })
    expect(r.statusCode).toBe(404)
    expect(expectErrorShape(r).code).toBe('not-found')
  })

  test('on: counts by route pattern and status, tape store and cache, and no client input', async () => {
    const app = await build({ metrics: true })
    const secret = 'sin(secretvariable) * 12345.678'
    const { id } = (await post(app, '/v1/tapes', { expression: secret })).json()
    await post(app, `/v1/tapes/${id}/gradient`, { at: { secretvariable: 1 } })
    await post(app, `/v1/tapes/${id}/gradient`, { at: { secretvariable: 2 } })
    await post(app, `/v1/tapes/${'0'.repeat(64)}/gradient`, { at: { x: 1 } })
    await app.inject({ method: 'GET', url: '/no/such/page?q=secretvariable' })
    const r = await app.inject({ method: 'GET', url: '/metrics' })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = r.body
    const requests = (route: string, status: number) =>
      sample(text, `chainrule_http_requests_total{method="POST",route="${route}",status="${status}"}`)
    expect(requests('/v1/tapes', 200)).toBe(1)
    expect(requests('/v1/tapes/:id/gradient', 200)).toBe(2)
    expect(requests('/v1/tapes/:id/gradient', 404)).toBe(1)
    expect(sample(text, 'chainrule_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1)
    expect(
      sample(
        text,
        'chainrule_http_request_duration_seconds_count{method="POST",route="/v1/tapes/:id/gradient",status="200"}',
      ),
    ).toBe(2)
    expect(sample(text, 'chainrule_tape_store_operations_total{op="set",outcome="ok"}')).toBe(1)
    expect(sample(text, 'chainrule_tape_store_operations_total{op="get",outcome="ok"}')).toBe(2)
    expect(sample(text, 'chainrule_tape_store_operations_total{op="get",outcome="miss"}')).toBe(1)
    expect(sample(text, 'chainrule_tape_store_up')).toBe(1)
    // The tape was compiled once (a miss), then both replays found it cached.
    expect(sample(text, 'chainrule_program_cache_misses')).toBe(1)
    expect(sample(text, 'chainrule_program_cache_hits')).toBe(2)
    expect(sample(text, 'chainrule_pool_pending_jobs')).toBe(0)
    expect(sample(text, 'chainrule_pool_worker_restarts')).toBe(0)
    expect(sample(text, 'chainrule_process_resident_memory_bytes')).toBeGreaterThan(0)
    for (const leak of ['secretvariable', '12345', id]) expect(text).not.toContain(leak)
  })

  test('with a token: 401 without it or with a wrong one, 200 with it', async () => {
    const app = await build({ metrics: true, metricsToken: 'tok-en' })
    const get = (authorization?: string) =>
      app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })
    for (const wrong of [undefined, 'Bearer tok-em', 'Bearer tok-en2', 'Basic tok-en', 'Bearer']) {
      const r = await get(wrong)
      expect(r.statusCode, String(wrong)).toBe(401)
      expect(expectErrorShape(r).code).toBe('unauthorized')
      expect(r.headers['www-authenticate']).toBe('Bearer')
    }
    const ok = await get('Bearer tok-en')
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('chainrule_http_requests_total')
  })
})
