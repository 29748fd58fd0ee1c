// GET /metrics: off unless configured, behind a bearer token when one is set,
// labelled by route pattern and status, and never carrying what a client sent.

import { afterAll, describe, expect, test } from 'vitest'
import { buildApp, expectErrorShape, HELD, pooled, poolHooks, post } from '../test/helpers.js'

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
    // The constant may not appear as text either; digits alone could be any sample's value
    // (a memory size of 12123459584 holds 12345), so look for it with its decimal point.
    for (const leak of ['secretvariable', '12345.678', id]) expect(text).not.toContain(leak)
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

  test('the pool: a job ended at its time limit counts a worker restart; the queue depth returns to 0', async () => {
    const hooks = poolHooks()
    const app = await pooled({ workers: 1, handlerTimeoutMs: 300, testHooks: hooks.testHooks, metrics: true })
    apps.push(app)
    const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body
    // The held job never finishes on its own: it outlasts the limit on any machine.
    const r = await post(app, '/v1/gradient', { expression: HELD, at: { x: 2 } })
    expect(r.statusCode).toBe(503)
    await hooks.threadsStarted(2)
    const text = await scrape()
    expect(sample(text, 'chainrule_pool_worker_restarts')).toBe(1)
    expect(sample(text, 'chainrule_pool_pending_jobs')).toBe(0)
    expect(
      sample(text, 'chainrule_http_requests_total{method="POST",route="/v1/gradient",status="503"}'),
    ).toBe(1)
  }, 30_000)

  test('the pool: a held job shows as queue depth 1 until it is released', async () => {
    const hooks = poolHooks()
    const app = await pooled({
      workers: 1,
      handlerTimeoutMs: 60_000,
      testHooks: hooks.testHooks,
      metrics: true,
    })
    apps.push(app)
    const pending = async () =>
      sample((await app.inject({ method: 'GET', url: '/metrics' })).body, 'chainrule_pool_pending_jobs')
    const job = post(app, '/v1/gradient', { expression: HELD, at: { x: 2 } })
    await hooks.held()
    expect(await pending()).toBe(1)
    hooks.release()
    expect((await job).statusCode).toBe(200)
    expect(await pending()).toBe(0)
  }, 60_000)
})
