// GET /healthz: the event loop answers (liveness). GET /readyz: the engines
// have loaded and the server is not shutting down (readiness), with the
// numbers an operator — and the soak test — watch: cache sizes, the worker
// pool, and memory, WebAssembly's included.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { wasmMemory } from '../engine/backends.js'
import type { Context } from './context.js'

const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false })

const Ready = Type.Object(
  {
    status: Type.Enum(['ready', 'closing']),
    backend: Type.Enum(['js', 'wasm']),
    programs: Type.Integer({ description: 'Compiled programs cached on the event loop.' }),
    programBytes: Type.Integer({
      description: 'Bytes those programs and their keys hold, as the cache counts them.',
    }),
    tapes: Type.Integer({ description: 'Stored tapes.' }),
    tapeBytes: Type.Integer({ description: 'Bytes the tape store holds, as it counts them.' }),
    uploads: Type.Integer({ description: 'Request bodies being received now.' }),
    pool: Type.Union([
      Type.Null(),
      Type.Object({ threads: Type.Integer(), pending: Type.Integer(), completed: Type.Integer() }),
    ]),
    memory: Type.Object({
      rss: Type.Integer(),
      heapUsed: Type.Integer(),
      wasm: Type.Object({ inUse: Type.Integer(), size: Type.Integer(), maximum: Type.Integer() }),
    }),
  },
  { additionalProperties: false },
)

export const healthRoutes: FastifyPluginAsyncTypebox<Context> = async (
  app,
  { config, runner, tapes, uploads },
) => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })

  app.get(
    '/healthz',
    { schema: { summary: 'Liveness.', tags: ['health'], response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness, caches, pool and memory.',
        tags: ['health'],
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const { rss, heapUsed } = process.memoryUsage()
      const { programs, programBytes, pool } = runner.stats
      reply.status(closing ? 503 : 200)
      return {
        status: closing ? ('closing' as const) : ('ready' as const),
        backend: config.backend,
        programs,
        programBytes,
        tapes: tapes.size,
        tapeBytes: tapes.bytes,
        uploads: uploads.inFlight,
        pool,
        memory: { rss, heapUsed, wasm: wasmMemory() },
      }
    },
  )
}
