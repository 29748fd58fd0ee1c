// The server's heap stays bounded under a stream of distinct maximal-size
// valid requests: every cache and store is bounded by bytes, so a thousand
// 4 KiB expressions with 64 long names each cost no more than the configured
// cache bytes. Measured in a child process (`--expose-gc`) so the heap figure
// is this one app's, after full collections.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const MiB = 1 << 20
const cacheBytes = 4 * MiB
const tapeBytes = 1 * MiB
/** Code, inline caches and pool bookkeeping that a thousand requests may add, whatever the caches hold. */
const SLACK = 8 * MiB

test('a thousand distinct maximal requests grow the heap by at most the configured cache bytes', async () => {
  // Everything on the event loop, so the one heap measured holds every cache.
  const config = { cacheBytes, tapeBytes, inlineCompileLength: 1e9, inlineWork: 1e12 }
  const script = new URL('../test/heap-stream.mjs', import.meta.url).pathname
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', script, JSON.stringify(config), '1000'],
    { timeout: 120_000 },
  )
  const r = JSON.parse(stdout) as { before: number; after: number; programBytes: number; tapeBytes: number }
  console.log(`heap ${(r.before / MiB).toFixed(1)} → ${(r.after / MiB).toFixed(1)} MiB`, r)
  // The caches' own accounting stays within what was configured (aliases get an eighth more).
  expect(r.programBytes).toBeLessThanOrEqual(cacheBytes + cacheBytes / 8)
  expect(r.tapeBytes).toBeLessThanOrEqual(tapeBytes)
  // And the accounting is honest: the heap grew by no more than the caches may hold.
  expect(r.after - r.before).toBeLessThanOrEqual(cacheBytes + cacheBytes / 8 + tapeBytes + SLACK)
}, 120_000)
