// Two replicas sharing one Redis, for real: a redis-server on a free loopback
// port (no persistence, a temp dir) and two built server processes pointed at
// it. A tape stored on one replays on the other with the same bits; the rate
// limit is one budget across both; foreign values under a tape key are refused
// cleanly; Redis stopped mid-traffic gives 503 store-unavailable on the tape
// routes only, and Redis restarted brings them back with no restart of the API.
// Every wait is on an event (a log line, an exit) or a health poll.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TAPE_PREFIX } from './engine/redis-expression-store.js'

const hasRedis = spawnSync('redis-server', ['--version']).status === 0
// .ci/run sets CHAINRULE_REQUIRE_REDIS: there a missing redis-server is a failure, never a quiet skip.
if (!hasRedis && process.env.CHAINRULE_REQUIRE_REDIS === '1') {
  throw new Error('replicas.test: CHAINRULE_REQUIRE_REDIS=1 but redis-server is not installed')
}
if (!hasRedis) {
  console.warn(
    'replicas.test: SKIPPED — redis-server is not installed here (apt-get install redis-server; CI has it)',
  )
}

const LIMIT = 80
const TOKEN = 'replica-metrics-token'

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

interface Child {
  process: ChildProcess
  log: string
}

/** Starts `command`, resolving with the first match of `pattern` in its stdout; rejects if it exits first. */
function startUntil(command: string, args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) {
  const child: Child = {
    process: spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
    log: '',
  }
  const matched = new Promise<RegExpMatchArray>((resolve, reject) => {
    let found = false
    const onData = (chunk: Buffer) => {
      // Only the tail is kept (for the message if it exits), and matched only until found.
      child.log = (child.log + chunk.toString('utf8')).slice(-16_384)
      const m = found ? null : child.log.match(pattern)
      if (m) {
        found = true
        resolve(m)
      }
    }
    child.process.stdout!.on('data', onData)
    child.process.stderr!.on('data', onData)
    child.process.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}):\n${child.log.slice(-2000)}`)),
    )
  })
  return { child, matched }
}

async function stop(child: Child | undefined): Promise<void> {
  const p = child?.process
  if (!p || p.exitCode !== null || p.signalCode !== null) return
  const exited = once(p, 'exit')
  p.kill('SIGKILL')
  await exited
}

describe.skipIf(!hasRedis)('two API replicas sharing one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-redis-'))
  let redisPort: number
  let redis: Child | undefined
  const replicas: { child: Child; base: string }[] = []
  let raw: Redis
  let a: string
  let b: string

  async function startRedis(): Promise<void> {
    const args = [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ]
    const started = startUntil('redis-server', args, {}, /Ready to accept connections/)
    redis = started.child
    await started.matched
  }

  /** Polls /readyz until the store is in `state` (the client reconnects at most a second apart). */
  async function storeIs(base: string, state: 'ok' | 'unavailable'): Promise<void> {
    for (;;) {
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { store: { state: string } }
      if (ready.store.state === state) return
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  beforeAll(async () => {
    redisPort = await freePort()
    await startRedis()
    const entry = new URL('../dist/server.js', import.meta.url).pathname
    for (let i = 0; i < 2; i++) {
      const started = startUntil(
        process.execPath,
        [entry],
        {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          RATE_LIMIT_MAX: String(LIMIT),
          RATE_LIMIT_WINDOW_MS: '3600000',
          METRICS_TOKEN: TOKEN,
        },
        /listening at (http:\/\/127\.0\.0\.1:\d+)/,
      )
      replicas.push({ child: started.child, base: (await started.matched)[1] })
    }
    ;[a, b] = replicas.map((r) => r.base)
    await Promise.all(replicas.map((r) => storeIs(r.base, 'ok')))
    raw = new Redis(redisPort, '127.0.0.1', { maxRetriesPerRequest: 1 })
  }, 60_000)

  afterAll(async () => {
    raw?.disconnect()
    await Promise.all([...replicas.map((r) => stop(r.child)), stop(redis)])
    rmSync(dir, { recursive: true, force: true })
  }, 30_000)

  const points = [
    { x: 0.1, y: 0.7 },
    { x: -3, y: 2.5 },
    { x: 1e-9, y: 1e9 },
  ]

  test('a tape stored on one replica replays on the other, with the same bits', async () => {
    const expression = 'sin(x*y) + exp(x/3) - log(y^2 + 1)'
    const stored = await fetch(`${a}/v1/tapes`, json({ expression }))
    expect(stored.status).toBe(200)
    const { id } = (await stored.json()) as { id: string }
    const here = await fetch(`${a}/v1/tapes/${id}/gradient`, json({ points }))
    const there = await fetch(`${b}/v1/tapes/${id}/gradient`, json({ points }))
    expect(there.status, await there.clone().text()).toBe(200)
    const body = await there.text()
    expect(body).toBe(await here.text())
    // The same numbers as sending the expression itself, on either replica.
    const direct = await fetch(`${b}/v1/gradient`, json({ expression, points }))
    expect(await direct.text()).toBe(body)
    const evaluate = await fetch(`${b}/v1/tapes/${id}/evaluate`, json({ at: { x: 0, y: 0 } }))
    expect(await evaluate.json()).toEqual({ variables: ['x', 'y'], value: 1 })
    // In Redis with a TTL, not only in A's memory.
    expect(await raw.ttl(TAPE_PREFIX + id)).toBeGreaterThan(0)
  }, 60_000)

  test.each([
    ['not JSON', 'sin(x'],
    ['code, not data', 'process.exit(1)'],
    ['JSON of the wrong shape', '{"v":1,"expression":42,"variables":"x"}'],
    [
      'a prototype-polluting object',
      `{"__proto__":{"polluted":true},"v":1,"expression":"x","variables":["x"]}`,
    ],
    ['a tape stored under another id', `{"v":1,"id":"${'b'.repeat(64)}","expression":"x","variables":["x"]}`],
    [
      'a value over the byte bound',
      `{"v":1,"id":"ID","expression":"${'x+'.repeat(40_000)}x","variables":["x"]}`,
    ],
    ['a hash, not a string', null],
  ])(
    'a foreign value under a tape key (%s) is a clean 404 on both replicas',
    async (_what, value) => {
      const id = (value ?? 'hash').length.toString(16).padStart(64, 'c')
      const key = TAPE_PREFIX + id
      await raw.del(key)
      if (value === null) await raw.hset(key, 'expression', 'x')
      else await raw.set(key, value.replace('"ID"', `"${id}"`))
      for (const base of [a, b]) {
        const r = await fetch(`${base}/v1/tapes/${id}/gradient`, json({ at: { x: 1 } }))
        expect(r.status).toBe(404)
        expect(await r.json()).toEqual({
          error: { code: 'unknown-tape', message: expect.stringMatching(/not a valid tape/) },
        })
        expect((await fetch(`${base}/healthz`)).status).toBe(200)
      }
      // Not left behind for the tests that follow.
      await raw.del(key)
    },
    60_000,
  )

  test('a well-formed value whose expression is not what its id addresses is not replayed', async () => {
    // Right shape, right id field: only recomputing the content address from the text tells.
    const id = 'd'.repeat(64)
    const key = TAPE_PREFIX + id
    await raw.set(key, `{"v":1,"id":"${id}","expression":"x*x","variables":["x"]}`)
    for (const base of [a, b]) {
      const r = await fetch(`${base}/v1/tapes/${id}/gradient`, json({ at: { x: 3 } }))
      expect(r.status).toBe(404)
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unknown-tape')
    }
    await raw.del(key)
  }, 60_000)

  test('the rate limit is one budget across both replicas', async () => {
    const request = (base: string) => fetch(`${base}/v1/gradient`, json({ expression: 'x^2', at: { x: 3 } }))
    const first = await request(a)
    expect(first.status).toBe(200)
    const remaining = Number(first.headers.get('x-ratelimit-remaining'))
    expect(remaining).toBeGreaterThan(2)
    expect(remaining).toBeLessThan(LIMIT)
    // Alternating replicas, every answer counts down the same counter.
    const seen: number[] = []
    for (let i = 0; i < remaining; i++) {
      const r = await request(i % 2 === 0 ? b : a)
      expect(r.status).toBe(200)
      seen.push(Number(r.headers.get('x-ratelimit-remaining')))
    }
    expect(seen).toEqual(Array.from({ length: remaining }, (_, i) => remaining - 1 - i))
    for (const base of [a, b]) {
      const r = await request(base)
      expect(r.status).toBe(429)
      expect(await r.json()).toEqual({ error: { code: 'rate-limited', message: expect.any(String) } })
    }
    // Probes are never limited.
    expect((await fetch(`${b}/readyz`)).status).toBe(200)
  }, 60_000)

  test('Redis stopped mid-traffic: tape routes 503 with Retry-After, everything else serves', async () => {
    // Replays in flight while Redis goes away: each is answered, the unknown id's 404 or the
    // documented 503, none hangs. The rate limit the test above spent is reset first, so these
    // reach the store instead of the limiter's 429.
    await raw.flushdb()
    const tapeId = 'd'.repeat(64)
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      fetch(`${i % 2 ? a : b}/v1/tapes/${tapeId}/gradient`, json({ at: { x: 1 } })),
    )
    const exited = once(redis!.process, 'exit')
    redis!.process.kill('SIGTERM')
    await exited
    for (const r of await Promise.all(inFlight)) {
      const body = (await r.json()) as { error?: { code: string } }
      // Before the stop: the unknown id's 404; after: 503.
      expect([404, 503], JSON.stringify(body)).toContain(r.status)
      if (r.status === 503) expect(body.error?.code).toBe('store-unavailable')
    }
    await Promise.all([a, b].map((base) => storeIs(base, 'unavailable')))
    for (const base of [a, b]) {
      const stored = await fetch(`${base}/v1/tapes`, json({ expression: 'x^2 + x' }))
      expect(stored.status).toBe(503)
      expect(stored.headers.get('retry-after')).toBe('1')
      expect(await stored.json()).toEqual({
        error: { code: 'store-unavailable', message: expect.any(String) },
      })
      const replay = await fetch(`${base}/v1/tapes/${tapeId}/evaluate`, json({ at: { x: 1 } }))
      expect(replay.status).toBe(503)
      expect(replay.headers.get('retry-after')).toBe('1')
      // The rest serves: computing (the rate limit, kept in Redis, is skipped), probes, docs.
      const r = await fetch(`${base}/v1/gradient`, json({ expression: 'x^2 + x', at: { x: 2 } }))
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      expect((await fetch(`${base}/openapi.json`)).status).toBe(200)
      const ready = await fetch(`${base}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        store: { kind: 'redis', state: 'unavailable' },
      })
    }
    const metrics = await (
      await fetch(`${a}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text()
    expect(metrics).toContain('chainrule_tape_store_up 0')
    expect(metrics).toMatch(/chainrule_tape_store_errors_total\{op="set",reason="unavailable"\} [1-9]/)
  }, 60_000)

  test('Redis restarted: both replicas reconnect by themselves and tape routes recover', async () => {
    await startRedis()
    await Promise.all([a, b].map((base) => storeIs(base, 'ok')))
    const stored = await fetch(`${b}/v1/tapes`, json({ expression: 'sin(x*y) + exp(x/3) - log(y^2 + 1)' }))
    expect(stored.status).toBe(200)
    const { id } = (await stored.json()) as { id: string }
    const here = await fetch(`${b}/v1/tapes/${id}/gradient`, json({ points }))
    const there = await fetch(`${a}/v1/tapes/${id}/gradient`, json({ points }))
    expect(there.status).toBe(200)
    expect(await there.text()).toBe(await here.text())
    // A fresh Redis has a fresh rate-limit budget, shared again.
    const r = await fetch(`${a}/v1/gradient`, json({ expression: 'x', at: { x: 1 } }))
    expect(Number(r.headers.get('x-ratelimit-remaining'))).toBe(LIMIT - 4)
  }, 60_000)
})
