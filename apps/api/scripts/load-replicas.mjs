// Load run across replicas (`pnpm --filter @chainrule/api build` first), on
// loopback only, bounded in time: every run lasts --seconds (10 by default)
// and a watchdog ends everything after --deadline seconds (240), whatever
// happens. It measures the same mixed traffic — tape replays (gradient and
// evaluate) of tapes stored beforehand, direct gradients, re-posted tapes and
// readiness probes — against:
//   1. one replica, tapes in memory, no Redis (today's default);
//   2. the same replica behind HAProxy: what the balancer's hop costs;
//   3. one replica with its tapes in Redis;
//   4. two replicas sharing that Redis behind HAProxy (round robin);
// and reports req/s, p50/p99 latency and errors for each (--rounds rounds,
// 2 by default), plus how the balancer split the requests (from each
// replica's /metrics).
// Needs redis-server and haproxy (Debian: apt-get install redis-server haproxy).
// Usage: node scripts/load-replicas.mjs [--seconds 10] [--rounds 2] [--json FILE]

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const SECONDS = Number(option('seconds', '10'))
const ROUNDS = Number(option('rounds', '2'))
const DEADLINE = Number(option('deadline', '240'))
const CONNECTIONS = 10
const server = fileURLToPath(new URL('../dist/server.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'chainrule-load-'))

const children = new Set()
function cleanUp() {
  for (const child of children) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
}
const watchdog = setTimeout(() => {
  console.error(`load-replicas: past the ${DEADLINE} s deadline; stopping everything`)
  cleanUp()
  process.exit(1)
}, DEADLINE * 1000)
watchdog.unref()

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** Spawns a child and resolves once `pattern` shows in its output (rejects if it exits first). */
function start(command, argv, env, pattern) {
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let log = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk
      if (pattern.test(log)) resolve(child)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${log.slice(-1000)}`)))
  })
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', resolve).kill('SIGTERM')
  })

/** Polls `url` until it answers 200: the server (or the balancer in front of one) is up. */
async function upAt(url) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    if (i > 400) throw new Error(`nothing answered at ${url}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function startApi(env = {}) {
  const port = await freePort()
  // Logging at warn, as scripts/load.mjs does: a log line per request would measure pino, not the store.
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS: 'on', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  children.add(child)
  const base = `http://127.0.0.1:${port}`
  await upAt(`${base}/healthz`)
  return { child, base }
}

async function startRedis() {
  const port = await freePort()
  const argv = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ]
  return {
    child: await start('redis-server', argv, {}, /Ready to accept connections/),
    url: `redis://127.0.0.1:${port}`,
  }
}

async function startHaproxy(backends) {
  const port = await freePort()
  const config = join(dir, 'haproxy.cfg')
  writeFileSync(
    config,
    `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  option forwardfor
frontend api
  bind 127.0.0.1:${port}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${backends.map((b, i) => `  server r${i} ${b.replace('http://', '')} check inter 1s`).join('\n')}
`,
  )
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'inherit', 'inherit'] })
  children.add(child)
  const base = `http://127.0.0.1:${port}`
  // Ready once it answers through to a replica.
  await upAt(`${base}/healthz`)
  return { child, base }
}

// ---- traffic -------------------------------------------------------------

const post = (path, body) => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const EXPRESSIONS = Array.from({ length: 32 }, (_, i) => `sin(x*y) + exp(x/${i + 2}) - log(y^2 + ${i + 1})`)

/** Stores the tapes (through `base`, so through the balancer when there is one); their ids. */
async function storeTapes(base) {
  const ids = []
  for (const expression of EXPRESSIONS) {
    const { method, headers, body } = post('/v1/tapes', { expression })
    const r = await fetch(`${base}/v1/tapes`, { method, headers, body })
    if (!r.ok) throw new Error(`storing a tape: ${r.status} ${await r.text()}`)
    ids.push((await r.json()).id)
  }
  return ids
}

/** Ten requests, repeated: six replays, two direct gradients, one re-posted tape, one probe. */
function mix(ids) {
  let n = 0
  const replay = (route, at) => ({
    ...post('/', { at }),
    setupRequest: (req) => ({ ...req, path: `/v1/tapes/${ids[n++ % ids.length]}/${route}` }),
  })
  return [
    ...Array.from({ length: 5 }, (_, i) => replay('gradient', { x: i / 5, y: 1 + i })),
    replay('evaluate', { x: 0.5, y: 2 }),
    post('/v1/gradient', { expression: 'x^2 + x', at: { x: 2 } }),
    post('/v1/gradient', { expression: EXPRESSIONS[3], at: { x: 1, y: 2 } }),
    post('/v1/tapes', { expression: EXPRESSIONS[7] }),
    { method: 'GET', path: '/readyz' },
  ]
}

function run(url, requests, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, requests }, (err, r) =>
      err ? reject(err) : resolve(r),
    )
  })
}

/** Requests each replica answered, from its /metrics. */
async function served(base) {
  const text = await (await fetch(`${base}/metrics`)).text()
  return text
    .split('\n')
    .filter((l) => l.startsWith('chainrule_http_requests_total{'))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0)
}

/** ROUNDS runs of SECONDS each after a warm-up (the machine is shared: one round can be unlucky). */
async function measure(name, target, replicas) {
  const ids = await storeTapes(target)
  await run(target, mix(ids), 2) // warm-up: caches filled, connections open
  const rounds = []
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(name, target, replicas, ids))
  return rounds
}

async function round(name, target, replicas, ids) {
  const before = await Promise.all(replicas.map(served))
  const r = await run(target, mix(ids), SECONDS)
  const after = await Promise.all(replicas.map(served))
  const result = {
    requestsPerSecond: Math.round(r.requests.average),
    // Whole milliseconds: autocannon's resolution (0 is under one).
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    status5xx: r['5xx'],
    perReplica: after.map((n, i) => n - before[i]),
  }
  console.log(name, JSON.stringify(result))
  return result
}

async function main() {
  const report = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    seconds: SECONDS,
    rounds: ROUNDS,
    connections: CONNECTIONS,
  }
  console.log(
    `machine: ${report.machine.cpus} × ${report.machine.model}, node ${report.machine.node}; ${SECONDS} s per run`,
  )

  const alone = await startApi()
  report.oneInMemory = await measure('one replica, in memory', alone.base, [alone.base])
  await stop(alone.child)

  const behind = await startApi()
  const lbOne = await startHaproxy([behind.base])
  report.oneInMemoryBehindHaproxy = await measure('one replica, in memory, HAProxy', lbOne.base, [
    behind.base,
  ])
  await stop(lbOne.child)
  await stop(behind.child)

  const redis = await startRedis()
  const one = await startApi({ REDIS_URL: redis.url })
  report.oneWithRedis = await measure('one replica, Redis', one.base, [one.base])
  await stop(one.child)

  const replicas = [await startApi({ REDIS_URL: redis.url }), await startApi({ REDIS_URL: redis.url })]
  const lb = await startHaproxy(replicas.map((r) => r.base))
  report.twoWithRedisBehindHaproxy = await measure(
    'two replicas, Redis, HAProxy',
    lb.base,
    replicas.map((r) => r.base),
  )
  await stop(lb.child)
  await Promise.all(replicas.map((r) => stop(r.child)))
  await stop(redis.child)

  const out = option('json')
  if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(JSON.stringify(report))
}

try {
  await main()
} finally {
  cleanUp()
}
