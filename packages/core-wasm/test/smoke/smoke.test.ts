// A Vite production build of a page importing @chainrule/core-wasm (as a
// consumer gets it: the built package, module bytes embedded), served over
// HTTP and run in real Chromium: grad(x² + x)(2) must be 5, from WebAssembly.

import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'

const root = new URL('.', import.meta.url).pathname
const outDir = mkdtempSync(join(tmpdir(), 'core-wasm-smoke-'))
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(join(dir, new URL(req.url ?? '/', 'http://x').pathname))
    const file = path.endsWith('/') ? join(path, 'index.html') : path
    if (!file.startsWith(dir)) return void res.writeHead(403).end()
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

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('a Vite production build in Chromium', () => {
  it('computes grad(x² + x)(2) = 5 with the WebAssembly backend', async () => {
    // Resolve the package as a consumer does: its published exports (dist), not the source condition.
    await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    const html = await readFile(join(outDir, 'index.html'), 'utf8')
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/)

    const { server, url } = await serve(outDir)
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await page.goto(url)
      const out = page.locator('#out')
      await expect.poll(() => out.textContent(), { timeout: 20_000 }).not.toBe('pending')
      expect(await out.textContent()).toBe('5')
      expect(await out.getAttribute('data-backend')).toBe('wasm')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
      server.close()
    }
  }, 120_000)
})
