// Run by src/memory.test.ts as `node --expose-gc test/heap-stream.mjs <config JSON> <requests>`:
// builds the app from dist/ with the given caches, sends a stream of distinct
// maximal-size valid requests (a 4 KiB expression, 64 names of 64 characters,
// most of them unused, a point naming all 64), and prints the memory in use
// (heap and external) after a full collection, before and after the stream, as JSON.

import { buildApp } from '../dist/app.js'

const [config, count] = [JSON.parse(process.argv[2]), Number(process.argv[3])]
const app = await buildApp({ logLevel: 'silent', ...config })
const LENGTH = 4096
const NAME = 64

/** Request i: 64 names unique to it, as many of them used as fit in the length limit. */
function request(i) {
  const names = Array.from({ length: 64 }, (_, j) =>
    `v${i.toString(36).padStart(6, '0')}${j.toString(36).padStart(2, '0')}`.padEnd(NAME, 'q'),
  )
  let expression = ''
  for (const [j, name] of names.entries()) {
    const term = `${name}*${j + 2}`
    if (expression.length + term.length + 1 > LENGTH) break
    expression += (expression ? '+' : '') + term
  }
  const at = Object.fromEntries(names.map((name, j) => [name, j / 64]))
  return { expression, variables: names, at }
}

async function send(i) {
  const { expression, variables, at } = request(i)
  const stored = await app.inject({ method: 'POST', url: '/v1/tapes', payload: { expression, variables } })
  const computed = await app.inject({
    method: 'POST',
    url: '/v1/gradient',
    payload: { expression, variables, at },
  })
  if (stored.statusCode !== 200 || computed.statusCode !== 200) {
    throw new Error(
      `request ${i}: ${stored.statusCode} ${computed.statusCode} ${computed.body.slice(0, 200)}`,
    )
  }
}

// The JS heap plus memory outside it (typed arrays, and the WebAssembly
// backend's linear memory, which a program never disposed would grow).
const heap = () => {
  global.gc()
  global.gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

const warmUp = 20
for (let i = 0; i < warmUp; i++) await send(i)
const before = heap()
for (let i = warmUp; i < warmUp + count; i++) await send(i)
const after = heap()
const ready = (await app.inject({ method: 'GET', url: '/readyz' })).json()
await app.close()
console.log(
  JSON.stringify({
    before,
    after,
    programBytes: ready.programBytes,
    tapeBytes: ready.tapeBytes,
    length: request(0).expression.length,
  }),
)
