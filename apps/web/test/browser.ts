// Debian's Chromium driven by playwright-core, with a fresh profile per run,
// and a page that records every console error, uncaught exception and failed
// request, because any of those fails a test.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors, page errors and failed requests since the last `takeProblems()`. */
  takeProblems(): string[]
  close(): Promise<void>
}

export async function launch(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'chainrule-web-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  let problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`console.${msg.type()}: ${msg.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`)
  })
  return {
    context,
    page,
    takeProblems() {
      const out = problems
      problems = []
      return out
    },
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Retries `check` (which throws while the page is not there yet) until it passes or `ms` run out;
 * generous, since a loaded machine renders slowly.
 */
export async function eventually<T>(check: () => Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return await check()
    } catch (e) {
      if (Date.now() > deadline) throw e
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
