// Sends a job's outcome. A body was serialised where it was computed (in a
// worker for big results), so it goes out as the string it is; its shape is
// the route's response schema, which the tests check every route against.

import type { FastifyReply } from 'fastify'
import type { Outcome } from '../engine/job.js'

export function send(reply: FastifyReply, outcome: Outcome): FastifyReply {
  if ('error' in outcome) {
    if (outcome.status === 503) reply.header('retry-after', '1')
    return reply.status(outcome.status).send({ error: outcome.error })
  }
  return reply.type('application/json; charset=utf-8').send(outcome.body)
}

/**
 * A signal that aborts when the connection closes before the response was
 * written: the client has gone. Made only when asked for — by the pool — so
 * the many small requests answered on the event loop do not pay for one.
 */
export function gone(reply: FastifyReply): () => AbortSignal {
  return () => {
    const ac = new AbortController()
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) ac.abort()
    })
    return ac.signal
  }
}
