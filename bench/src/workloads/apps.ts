// Workload 1b: x² + x through the front ends, whole request: the `chainrule`
// command as a fresh process (start-up included, as a shell user pays it), and
// a POST /v1/gradient to a running API server over HTTP on localhost. Each
// answer is checked (f′(2) = 5) before it is timed. A front end that is not
// built is reported as pending, never guessed.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { median } from '@chainrule/core/measure'
import type { Context } from '../context.js'

export interface FrontEnd {
  readonly status: 'measured' | 'pending'
  readonly reason?: string
  readonly command?: string
  /** Median seconds per request. */
  readonly seconds?: number
  readonly samples?: number
}

export interface AppsResult {
  readonly cli: FrontEnd
  readonly api: FrontEnd
}

const EXPRESSION = 'x*x + x'
const pending = (reason: string): FrontEnd => ({ status: 'pending', reason })

function cli(ctx: Context): FrontEnd {
  const bin = join(ctx.root, 'apps/cli/bin/chainrule.js')
  if (!existsSync(join(ctx.root, 'apps/cli/dist/main.js')))
    return pending('the CLI is not built (apps/cli/dist)')
  const args = [bin, 'grad', EXPRESSION, '--at', 'x=2', '--json']
  const command = `chainrule grad "${EXPRESSION}" --at x=2 --json`
  const times: number[] = []
  // A full run discards its first start-up, which warms the file cache.
  const warm = ctx.quick ? 0 : 1
  const runs = ctx.quick ? 1 : 9
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    const dt = (performance.now() - t0) / 1000
    if (r.status !== 0) return pending(`the CLI failed: ${(r.stderr || r.stdout).trim().slice(0, 200)}`)
    const answer = (JSON.parse(r.stdout) as { gradient?: number[] }).gradient?.[0]
    if (answer !== 5) return pending(`the CLI answered ${answer}, expected 5`)
    if (i >= warm) times.push(dt)
  }
  return { status: 'measured', command, seconds: median(times), samples: times.length }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function api(ctx: Context): Promise<FrontEnd> {
  const server = join(ctx.root, 'apps/api/dist/server.js')
  if (!existsSync(server)) return pending('the API is not built (apps/api/dist)')
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  })
  try {
    const deadline = Date.now() + 20_000
    for (;;) {
      if (child.exitCode !== null) return pending(`the API server exited with code ${child.exitCode}`)
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      if (Date.now() > deadline) return pending('the API server did not become ready in 20 s')
      await new Promise((r) => setTimeout(r, 100))
    }
    const request = async () => {
      const r = await fetch(`${base}/v1/gradient`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ expression: EXPRESSION, at: { x: 2 } }),
      })
      return (await r.json()) as { gradient?: number[] }
    }
    const answer = (await request()).gradient?.[0]
    if (answer !== 5) return pending(`the API answered ${answer}, expected 5`)
    const perBatch = ctx.quick ? 5 : 40
    for (let i = 0; i < perBatch; i++) await request()
    const times: number[] = []
    for (let b = 0; b < (ctx.quick ? 1 : 7); b++) {
      const t0 = performance.now()
      for (let i = 0; i < perBatch; i++) await request()
      times.push((performance.now() - t0) / 1000 / perBatch)
    }
    return {
      status: 'measured',
      command: `POST /v1/gradient {"expression":"${EXPRESSION}","at":{"x":2}}`,
      seconds: median(times),
      samples: times.length * perBatch,
    }
  } finally {
    child.kill('SIGTERM')
  }
}

export async function apps(ctx: Context): Promise<AppsResult> {
  ctx.log('apps: x² + x through the CLI and the API')
  return { cli: cli(ctx), api: await api(ctx) }
}
