// The installed tarballs from Node and TypeScript: ESM, require, strict tsc
// under three module resolutions, the CLI through npx, the API's binary.

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { run } from './scratch.js'

const { dir } = inject('scratch')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const node = (args: string[]) => run(process.execPath, args, dir)

describe('the installed packages', () => {
  it('are copies in the scratch project, not links into the workspace', () => {
    for (const name of ['core', 'core-wasm', 'cli', 'api']) {
      expect(realpathSync(join(dir, 'node_modules/@chainrule', name))).toBe(
        join(dir, 'node_modules/@chainrule', name),
      )
    }
  })

  it('ESM import gives 5 on both backends', async () => {
    const { stdout } = await node(['esm.mjs'])
    expect(JSON.parse(stdout)).toEqual({ js: [5, 'js'], wasm: [5, 'wasm'], backend: 'wasm' })
  })

  it('require() gives 5 on both backends', async () => {
    const { stdout } = await node(['require.cjs'])
    expect(JSON.parse(stdout)).toEqual({ js: 5, wasm: 5 })
  })

  for (const resolution of ['bundler', 'node16', 'node']) {
    it(`tsc --strict passes with moduleResolution ${resolution}`, async () => {
      const { stdout } = await node([tsc, '-p', `tsconfig.${resolution}.json`])
      expect(stdout).toBe('')
    })
  }

  it('tsc in the same setup reports a wrong use of grad (so the checks above can fail)', async () => {
    const args = [
      tsc,
      '--strict',
      '--noEmit',
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      'wrong.ts',
    ]
    const out = await node(args).then(
      () => 'no error',
      (e: { stdout: string }) => e.stdout,
    )
    expect(out).toMatch(/wrong\.ts\(\d+,\d+\): error TS2322/)
  })

  it('npx chainrule grad "x^2+x" --at x=2 prints 5', async () => {
    const { stdout } = await run('npx', ['--no', 'chainrule', 'grad', 'x^2+x', '--at', 'x=2'], dir)
    expect(stdout).toMatch(/^df\/dx\s+5$/m)
  })

  it('npx @chainrule/cli, the package name the README gives, runs the same command', async () => {
    const { stdout } = await run('npx', ['--no', '@chainrule/cli', 'grad', 'x^2+x', '--at', 'x=2'], dir)
    expect(stdout).toMatch(/^df\/dx\s+5$/m)
  })
})

describe('the installed API binary', () => {
  let server: ChildProcess
  let base = ''

  beforeAll(async () => {
    server = spawn(join(dir, 'node_modules/.bin/chainrule-api'), [], {
      cwd: dir,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', WEB_ROOT: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    for await (const chunk of server.stdout ?? []) {
      out += chunk
      const m = out.match(/listening at (http:\/\/127\.0\.0\.1:\d+)/)
      if (m) {
        base = m[1]
        break
      }
    }
    if (!base) throw new Error(`the API did not start:\n${out}`)
  })

  afterAll(async () => {
    if (server.exitCode !== null) return
    const exited = once(server, 'exit')
    server.kill('SIGTERM')
    await exited
  })

  it('answers /healthz', async () => {
    const r = await fetch(`${base}/healthz`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ status: 'ok' })
  })

  it('answers a gradient', async () => {
    const r = await fetch(`${base}/v1/gradient`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expression: 'x^2 + x', at: { x: 2 } }),
    })
    expect(await r.json()).toEqual({ variables: ['x'], value: 6, gradient: [5] })
  })

  it('serves the web demo it carries at /, with its script', async () => {
    const html = await (await fetch(`${base}/`)).text()
    const script = html.match(/<script type="module" crossorigin src="\.?(\/assets\/index-[\w-]+\.js)">/)
    expect(script, html.slice(0, 300)).not.toBeNull()
    const js = await fetch(`${base}${script?.[1]}`)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
  })
})
