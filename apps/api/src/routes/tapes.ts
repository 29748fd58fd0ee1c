// POST /v1/tapes stores a compiled expression under its content address;
// POST /v1/tapes/:id/gradient and …/evaluate replay it by id.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../errors.js'
import { evaluateResponse, gradientResponse } from '../schemas/compute.js'
import { replayRequest, TapeParams, tapeRequest, tapeResponse } from '../schemas/tapes.js'
import type { Context } from './context.js'
import { gone, send } from './send.js'

export const tapeRoutes: FastifyPluginAsyncTypebox<Context> = async (app, { config, runner, tapes }) => {
  app.post(
    '/v1/tapes',
    {
      schema: {
        summary: 'Compile an expression once and keep its tape; the id is its content address.',
        tags: ['tapes'],
        body: tapeRequest(config.limits),
        response: tapeResponse,
      },
    },
    async (req, reply) => {
      const { expression, variables } = req.body
      const outcome = await runner.run(
        { route: 'tape', backend: config.backend, expression, variables },
        gone(reply),
      )
      if ('tape' in outcome && outcome.tape) {
        const { id, ...tape } = outcome.tape
        await tapes.set(id, tape)
      }
      return send(reply, outcome)
    },
  )

  const replays = [
    ['gradient', gradientResponse],
    ['evaluate', evaluateResponse],
  ] as const
  for (const [route, response] of replays) {
    app.post(
      `/v1/tapes/:id/${route}`,
      {
        schema: {
          summary: `Replay a stored tape: ${route} at a point or a batch, without sending the expression again.`,
          tags: ['tapes'],
          params: TapeParams,
          body: replayRequest(config.limits),
          response,
        },
      },
      async (req, reply) => {
        const tape = await tapes.get(req.params.id)
        if (tape === undefined) {
          throw new ApiError(
            404,
            'unknown-tape',
            'no tape with this id here; POST /v1/tapes with the expression again',
          )
        }
        const b = req.body
        const job = {
          route,
          backend: b.backend ?? config.backend,
          expression: tape.expression,
          variables: tape.variables,
          at: b.at,
          points: b.points,
          tapeId: req.params.id,
        }
        return send(reply, await runner.run(job, gone(reply)))
      },
    )
  }
}
