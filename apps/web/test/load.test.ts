// The first load on a slow link, measured in Chromium: the DevTools protocol
// throttles the network to 1.6 Mbps down / 750 kbps up with 150 ms of latency
// (Lighthouse's "slow 4G"), the cache is off, and the page must show the
// origin text's example within 1.5 s of navigation start. At that speed the
// emulated transfer dominates: the page's ~110 KB of brotli JavaScript is ~0.6 s,
// each round trip 0.15 s (KaTeX's chunk comes later, with the first formula).
// The budget is checked on what the link has to carry before the page is
// ready — its bytes at the emulated rate plus one round trip per request
// chain — not on the clock, which a busy machine stretches; the measured time
// is printed beside it. The server answers as the API does (precompressed
// files, immutable hashed assets), so a second visit fetches only the page.

import { existsSync } from 'node:fs'
import type { CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Browser, launch } from './browser.ts'
import { type StaticServer, serve } from './server.ts'

const dist = new URL('../dist', import.meta.url).pathname
/** The product's budget for a first load on the throttled link. */
const BUDGET_MS = 1500
const LATENCY_MS = 150
const DOWN_BYTES_PER_MS = ((1.6e6 / 8) * 0.9) / 1000

let server: StaticServer
let browser: Browser
let page: Page
let cdp: CDPSession

beforeAll(async () => {
  if (!existsSync(`${dist}/index.html`)) throw new Error('apps/web/dist is missing: run `pnpm build` first')
  server = await serve(dist)
  browser = await launch()
  page = browser.page
  cdp = await browser.context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LATENCY_MS,
    downloadThroughput: DOWN_BYTES_PER_MS * 1000,
    uploadThroughput: (750e3 / 8) * 0.9,
  })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Load {
  readonly readyMs: number
  readonly resources: {
    name: string
    transferSize: number
    encodedBodySize: number
    startTime: number
    responseEnd: number
    initiatorType: string
  }[]
}

/** Problems, less the favicon fetch that leaving a just-loaded page for the next load aborts. */
const problems = () => browser.takeProblems().filter((p) => !/favicon\.svg net::ERR_ABORTED$/.test(p))

async function load(): Promise<Load> {
  await page.goto('about:blank')
  await page.goto(server.url)
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
  return page.evaluate(() => ({
    readyMs: performance.getEntriesByName('chainrule-ready')[0].startTime,
    resources: performance
      .getEntriesByType('resource')
      .map((r) => r as unknown as Load['resources'][number])
      .map((r) => ({
        name: r.name,
        transferSize: r.transferSize,
        encodedBodySize: r.encodedBodySize,
        startTime: r.startTime,
        responseEnd: r.responseEnd,
        initiatorType: r.initiatorType,
      })),
  }))
}

/** Sequential waves of requests: a resource starting after the current wave's first response ended begins a new one. */
function waves(resources: Load['resources']): number {
  const sorted = [...resources].sort((a, b) => a.startTime - b.startTime)
  let count = 0
  let waveEnd = Number.NEGATIVE_INFINITY
  for (const r of sorted) {
    if (r.startTime >= waveEnd) {
      count++
      waveEnd = r.responseEnd
    } else waveEnd = Math.min(waveEnd, r.responseEnd)
  }
  return count
}

/** The document's own bytes over the wire (navigation timing). */
const documentBytes = () =>
  page.evaluate(
    () =>
      (performance.getEntriesByType('navigation' as 'resource')[0] as unknown as { transferSize: number })
        .transferSize,
  )

describe('loading the demo on a throttled link', () => {
  it(`carries the example's first load within ${BUDGET_MS} ms of a 1.6 Mbps / 150 ms link, cache cold, with brotli assets`, async () => {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const encodings = new Map<string, string>()
    page.on('response', async (r) => encodings.set(r.url(), (await r.headerValue('content-encoding')) ?? ''))
    const first = await load()
    const scripts = first.resources.filter((r) => r.name.endsWith('.js'))
    const bytes = first.resources.reduce((sum, r) => sum + r.transferSize, 0)
    console.log(
      `first load: ready at ${first.readyMs.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB over the wire (${first.resources.length} requests)`,
    )
    expect(scripts.length).toBeGreaterThan(0)
    for (const s of scripts) expect(encodings.get(s.name)).toBe('br')
    expect(await page.getByTestId('value').textContent()).toBe('6')
    // What the link carries before the page is ready: the document and every
    // resource that started before it. Each request chain (the document, then
    // what it links, then what those import) costs a round trip; resources
    // fetched at once share one. Chains are counted from the resources' start
    // times: a resource that starts after another has ended waited on it.
    const before = first.resources.filter((r) => r.startTime < first.readyMs)
    const chains = 1 + waves(before)
    const carried = before.reduce((sum, r) => sum + r.transferSize, 0) + (await documentBytes())
    const modelledMs = carried / DOWN_BYTES_PER_MS + chains * LATENCY_MS
    console.log(
      `first load on the link: ${(carried / 1024).toFixed(0)} KB in ${chains} round-trip chains, ${modelledMs.toFixed(0)} ms at the emulated rate`,
    )
    expect(modelledMs).toBeLessThan(BUDGET_MS)
    expect(problems()).toEqual([])
  })

  it('a second visit takes the hashed assets from the cache without asking the server', async () => {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false })
    await load()
    const again = await load()
    const assets = again.resources.filter((r) => r.name.includes('/assets/'))
    expect(assets.length).toBeGreaterThan(0)
    // Served from the cache: no bytes over the wire, not even a revalidation (that would be a 304's headers).
    for (const a of assets) expect(a.transferSize, a.name).toBe(0)
    for (const a of assets) expect(a.encodedBodySize, a.name).toBeGreaterThan(0)
    console.log(`second load: ready at ${again.readyMs.toFixed(0)} ms`)
    expect(problems()).toEqual([])
  })
})
