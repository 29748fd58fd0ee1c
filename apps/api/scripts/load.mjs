// Load and soak test of the built API (`pnpm --filter @chainrule/api build`
// first), on loopback only, bounded in requests and time. One run measures:
//   1. fastify hello world with the same server settings: the baseline (GET,
//      and POST of the same small JSON body the gradient requests carry);
//   2. POST /v1/gradient of a small cached expression, per backend, at 10
//      connections, two rounds each, alternating (the machine is shared, so
//      one round can be unlucky): req/s as a ratio of the GET baseline, p99;
//   3. a 95 % small / 5 % max-size mix (every max-size request a new 4 KiB
//      expression, so each is compiled in a worker): small-request p99
//      against its isolated value, and the count of 5xx;
//   4. a max-size expression at the work budget: its time, per backend;
//   5. on a fresh server, 100 000 requests after 30 000 of warm-up: RSS and
//      WebAssembly memory drift.
// The servers run as child processes so the load generator does not share
// their event loop. Usage: node scripts/load.mjs [--seconds 10] [--json FILE]

import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const SECONDS = Number(option('seconds', '10'))
const SOAK = Number(option('soak', '100000'))
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

// ---- the servers ---------------------------------------------------------

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function start(argv, env = {}) {
  const port = await freePort()
  const child = spawn(process.execPath, argv, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok || (await fetch(base)).ok) break
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { base, stop: () => new Promise((r) => child.once('exit', r).kill('SIGTERM')) }
}

// ---- measuring -----------------------------------------------------------

const json = (body) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const SMALL = { expression: 'x^2 + x', at: { x: 2 } }

function run(opts) {
  return new Promise((resolve, reject) => {
    const limit = opts.amount === undefined ? { duration: SECONDS } : {}
    autocannon({ connections: 10, ...limit, ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

const summary = (r) => ({
  requestsPerSecond: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors,
  non2xx: r.non2xx,
  status5xx: r['5xx'],
  total: r.requests.total,
})

function quantile(sorted, q) {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** A request whose own latency is recorded in `into` (ms), timed from setup to response. */
function timed(into, request) {
  return {
    ...request,
    setupRequest: (req, context) => {
      context.t0 = process.hrtime.bigint()
      return req
    },
    onResponse: (status, _body, context) => {
      into.push(Number(process.hrtime.bigint() - context.t0) / 1e6)
      if (status >= 500) into.serverErrors = (into.serverErrors ?? 0) + 1
    },
  }
}

/** Σ sin(vᵢ·vⱼ) over eight variables up to `length` characters, ending in a literal that makes it unique. */
function maxSize(length, tag) {
  const vars = ['a', 'b', 'c', 'd', 'u', 'v', 'w', 'z']
  const end = `+${tag}`
  let text = ''
  for (let i = 0; ; i++) {
    const term = `sin(${vars[i % 8]}*${vars[(i + 3) % 8]})`
    if (text.length + term.length + 1 + end.length > length) break
    text += (text ? '+' : '') + term
  }
  return { text: text + end, at: Object.fromEntries(vars.map((v, q) => [v, q / 10])) }
}

async function readyz(base) {
  return (await fetch(`${base}/readyz`)).json()
}

async function main() {
  const report = {
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    seconds: SECONDS,
  }
  console.log(
    `machine: ${report.machine.cpus} × ${report.machine.model}, node ${report.machine.node}; ${SECONDS} s per run`,
  )

  // 1. Baseline.
  const hello = await start([here('./load.mjs'), '--hello'])
  try {
    await run({ url: hello.base, duration: 2 })
    report.baseline = summary(await run({ url: hello.base }))
    report.baselinePost = summary(await run({ url: hello.base, ...json(SMALL) }))
  } finally {
    await hello.stop()
  }
  console.log('hello world GET', report.baseline, 'POST', report.baselinePost)

  const api = await start([here('../dist/server.js')])
  try {
    await measureApi(api, report)
  } finally {
    await api.stop()
  }
  const fresh = await start([here('../dist/server.js')])
  try {
    await soak(fresh, report)
  } finally {
    await fresh.stop()
  }
  const out = option('json')
  if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(JSON.stringify(report))
}

async function measureApi(api, report) {
  const url = `${api.base}/v1/gradient`

  // 2. Small cached gradient, per backend, two alternating rounds.
  report.gradient = { wasm: [], js: [] }
  for (const backend of ['wasm', 'js']) await run({ url, ...json({ ...SMALL, backend }), duration: 2 })
  for (const backend of ['wasm', 'js', 'wasm', 'js']) {
    const r = summary(await run({ url, ...json({ ...SMALL, backend }) }))
    r.ratioToBaseline = +(r.requestsPerSecond / report.baseline.requestsPerSecond).toFixed(3)
    report.gradient[backend].push(r)
    console.log(`gradient ${backend}`, r)
  }

  // 3. Mix: small requests timed on their own, isolated and then among max-size ones.
  const isolated = []
  await run({ url, requests: [timed(isolated, json(SMALL))] })
  const mixedSmall = []
  const heavy = []
  let tag = 0
  const heavyRequest = {
    ...timed(heavy, json(SMALL)),
    setupRequest: (req, context) => {
      context.t0 = process.hrtime.bigint()
      const { text, at } = maxSize(4096, ++tag)
      return { ...req, body: JSON.stringify({ expression: text, at }) }
    },
  }
  const sequence = [...Array.from({ length: 19 }, () => timed(mixedSmall, json(SMALL))), heavyRequest]
  const mix = await run({ url, requests: sequence })
  const sorted = (a) => [...a].sort((p, q) => p - q)
  report.mix = {
    smallIsolatedP99: +quantile(sorted(isolated), 0.99).toFixed(2),
    smallMixedP99: +quantile(sorted(mixedSmall), 0.99).toFixed(2),
    heavyP50: +quantile(sorted(heavy), 0.5).toFixed(1),
    heavyP99: +quantile(sorted(heavy), 0.99).toFixed(1),
    heavyShare: +(heavy.length / (heavy.length + mixedSmall.length)).toFixed(3),
    requests: mix.requests.total,
    status5xx: mix['5xx'],
    errors: mix.errors,
  }
  report.mix.p99Ratio = +(report.mix.smallMixedP99 / report.mix.smallIsolatedP99).toFixed(2)
  console.log('mix', report.mix)

  // 4. A max-size expression at the work budget: a batched gradient of as many points as the budget allows.
  const { text, at } = maxSize(4096, 0)
  const limits = (await import('@chainrule/core')).DEFAULT_LIMITS
  const tape = await (await fetch(`${api.base}/v1/tapes`, json({ expression: text }))).json()
  const k = Math.floor(limits.work / (2 * tape.size))
  const points = Array.from({ length: k }, (_, i) =>
    Object.fromEntries(Object.keys(at).map((v, q) => [v, ((i + q) % 100) / 100])),
  )
  report.budget = { size: tape.size, points: k, work: 2 * tape.size * k }
  for (const backend of ['wasm', 'js']) {
    const t0 = performance.now()
    const r = await fetch(url, json({ expression: text, points, backend }))
    await r.arrayBuffer()
    report.budget[backend] = { status: r.status, ms: Math.round(performance.now() - t0) }
  }
  console.log('at the work budget', report.budget)
}

async function soak(api, report) {
  const url = `${api.base}/v1/gradient`
  // 5. Soak: SOAK small requests over both backends and 1 % new expressions (cache churn).
  let n = 0
  const churn = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({ expression: `x^2 + x + ${++n}`, at: { x: 2 } }),
    }),
  }
  const soakSequence = [
    ...Array.from({ length: 49 }, () => json(SMALL)),
    ...Array.from({ length: 50 }, () => json({ ...SMALL, backend: 'js' })),
    churn,
  ]
  // Long enough for the 1 % of new expressions to fill the program cache (256).
  const warm = Math.round(SOAK * 0.3)
  await run({ url, requests: soakSequence, amount: warm })
  const before = (await readyz(api.base)).memory
  const soak = await run({ url, requests: soakSequence, amount: SOAK })
  const after = (await readyz(api.base)).memory
  const drift = (a, b) => +((b - a) / a).toFixed(4)
  report.soak = {
    requests: soak.requests.total,
    status5xx: soak['5xx'],
    non2xx: soak.non2xx,
    rss: { afterWarmUp: before.rss, end: after.rss, drift: drift(before.rss, after.rss) },
    wasm: {
      afterWarmUp: before.wasm.size,
      end: after.wasm.size,
      drift: drift(before.wasm.size, after.wasm.size),
      inUse: [before.wasm.inUse, after.wasm.inUse],
    },
  }
  console.log('soak', report.soak)
}

if (args[0] === '--hello') {
  // The baseline: fastify with the API's server options, one hello-world route.
  const { default: Fastify } = await import('fastify')
  const { defaultConfig } = await import('../dist/config.js')
  const c = defaultConfig()
  const app = Fastify({ logger: false, bodyLimit: c.bodyLimit, requestTimeout: c.requestTimeoutMs })
  app.get('/', async () => ({ hello: 'world' }))
  app.post('/', async () => ({ hello: 'world' }))
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
} else {
  await main()
}
