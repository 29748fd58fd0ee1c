// The OpenAPI document, generated from the routes' TypeBox schemas, at
// /openapi.json, and Swagger UI over it at /docs.

import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** Registered on the root instance, before any route, so the document sees every route. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'chainrule',
        version: '0.1.0',
        description:
          'Exact derivatives of expressions by reverse-mode automatic differentiation. Numbers: ' +
          'NaN and ±Infinity travel as the strings "NaN", "Infinity", "-Infinity", and a response holding one lists ' +
          'their JSON Pointers in `nonFinite`, with the node that produced the first in `origin`.',
      },
      tags: [
        { name: 'differentiate', description: 'Evaluate and differentiate an expression.' },
        { name: 'tapes', description: 'Compile once, replay by id.' },
        { name: 'health', description: 'Liveness and readiness.' },
      ],
    },
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // No calls to swagger.io's validator: the page needs nothing but this server.
    uiConfig: { validatorUrl: null },
    // swagger-ui's own policy: 'self' plus hashes of its inline script and style.
    staticCSP: true,
    // Minus upgrade-insecure-requests, which would break the page where it is
    // served over plain HTTP (localhost, behind a TLS-terminating proxy).
    transformStaticCSP: (csp) =>
      csp.replace(/\s*upgrade-insecure-requests;?/, '').replace(' validator.swagger.io', ''),
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
