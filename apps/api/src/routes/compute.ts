// POST /v1/evaluate, /v1/gradient, /v1/hessian, /v1/jacobian, /v1/compare,
// /v1/explain, /v1/graph, /v1/minimize: one handler shape for all — the body
// becomes a job, the runner decides where it runs, the outcome is sent.

import type { WorkRoute as Route } from '@chainrule/core'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import {
  compareRequest,
  compareResponse,
  explainRequest,
  explainResponse,
  graphRequest,
  graphResponse,
  minimizeRequest,
  minimizeResponse,
} from '../schemas/analysis.js'
import {
  computeRequest,
  evaluateResponse,
  gradientResponse,
  hessianResponse,
  jacobianResponse,
} from '../schemas/compute.js'
import type { Context } from './context.js'
import { gone, send } from './send.js'

interface Body {
  expression: string
  variables?: string[]
  backend?: 'js' | 'wasm'
  at?: Record<string, unknown>
  points?: Record<string, unknown>[]
  options?: Record<string, unknown>
}

const ROUTES: [Route, string, (limits: Context['config']['limits']) => TSchema, Record<number, TSchema>][] = [
  [
    'evaluate',
    'The value of f (every output) at a point or a batch of points.',
    computeRequest,
    evaluateResponse,
  ],
  [
    'gradient',
    'f and its gradient by reverse mode, at a point or a batch.',
    computeRequest,
    gradientResponse,
  ],
  ['hessian', 'f, ∇f and the Hessian (forward over reverse).', computeRequest, hessianResponse],
  [
    'jacobian',
    'Every output and the Jacobian of a vector function ("a; b").',
    computeRequest,
    jacobianResponse,
  ],
  [
    'compare',
    'AD against finite differences: gradcheck and the error of each method over h.',
    compareRequest,
    compareResponse,
  ],
  [
    'explain',
    'The chain rule step by step, as the origin text writes it (English or Korean).',
    explainRequest,
    explainResponse,
  ],
  [
    'graph',
    'The computational graph with values and adjoints (JSON, DOT or Mermaid).',
    graphRequest,
    graphResponse,
  ],
  [
    'minimize',
    'A local minimum from a starting point (gd, momentum, adam, lbfgs).',
    minimizeRequest,
    minimizeResponse,
  ],
]

export const computeRoutes: FastifyPluginAsyncTypebox<Context> = async (app, { config, runner }) => {
  for (const [route, summary, request, response] of ROUTES) {
    app.post(
      `/v1/${route}`,
      { schema: { summary, tags: ['differentiate'], body: request(config.limits), response } },
      async (req, reply) => {
        const b = req.body as Body
        const job = {
          route,
          backend: b.backend ?? config.backend,
          expression: b.expression,
          variables: b.variables,
          at: b.at,
          points: b.points,
          options: b.options,
        }
        return send(reply, await runner.run(job, gone(reply)))
      },
    )
  }
}
