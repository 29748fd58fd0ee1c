// The installed core-wasm in a browser: a Vite production build of a user's
// page run in Chromium, and what tree-shaking leaves of an app that imports
// only grad from each backend (the expression parser and explain must go).

import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { build, type Rolldown } from 'vite'
import { describe, expect, inject, it } from 'vitest'

const { dir } = inject('scratch')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' }
// Strings only the parser and only explain contain (control: everything-core-wasm.js).
const PARSER = "unexpected ')'"
const EXPLAIN = 'so its derivative is the sum of their adjoints'

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(join(root, new URL(req.url ?? '/', 'http://x').pathname))
    const file = path.endsWith('/') ? join(path, 'index.html') : path
    if (!file.startsWith(root)) return void res.writeHead(403).end()
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({ server, url: `http://127.0.0.1:${port}/` })
    }),
  )
}

/** The minified production bundle of one entry in the scratch project, as code. */
async function bundle(entry: string): Promise<string> {
  const out = (await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: true, rollupOptions: { input: join(dir, entry) } },
  })) as Rolldown.RolldownOutput
  return out.output.map((o) => (o.type === 'chunk' ? o.code : '')).join('')
}

describe('a Vite production build of a page importing @chainrule/core-wasm', () => {
  it('gives 5 in Chromium, from WebAssembly', async () => {
    const outDir = join(dir, 'page-dist')
    await build({
      root: join(dir, 'page'),
      configFile: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
    const { server, url } = await serve(outDir)
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    })
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await page.goto(url)
      const out = page.locator('#out')
      await expect.poll(() => out.textContent(), { timeout: 30_000 }).not.toBe('pending')
      expect(await out.textContent()).toBe('5')
      expect(await out.getAttribute('data-backend')).toBe('wasm')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
      server.close()
    }
  })
})

describe('tree-shaking an app that imports only grad', () => {
  it('the control app that uses compile and explain contains both markers', async () => {
    const code = await bundle('shake/everything-core-wasm.js')
    expect(code).toContain(PARSER)
    expect(code).toContain(EXPLAIN)
  })

  for (const backend of ['core', 'core-wasm']) {
    it(`@chainrule/${backend}: no parser, no explain`, async () => {
      const code = await bundle(`shake/grad-${backend}.js`)
      console.log(
        `grad-only app on @chainrule/${backend}: ${code.length} B minified, ${gzipSync(code).length} B gzipped`,
      )
      expect(code).not.toContain(PARSER)
      expect(code).not.toContain(EXPLAIN)
    })
  }
})
