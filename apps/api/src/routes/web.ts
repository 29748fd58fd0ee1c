// The web demo at /: the built files of apps/web when they exist, otherwise
// a page that says how to build them — never a bare 404 at the root.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chainrule</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:0 .3em}</style>
</head><body>
<h1>chainrule</h1>
<p>The API is running. The web demo has not been built: run <code>pnpm build</code> at the repository root
(or <code>pnpm --filter @chainrule/web build</code>) and restart the server.</p>
<p>Try the API: <a href="/docs">/docs</a> (interactive) or <a href="/openapi.json">/openapi.json</a>.</p>
<pre>curl -s localhost:3000/v1/gradient -H 'content-type: application/json' \\
  -d '{"expression": "x^2 + x", "at": {"x": 2}}'</pre>
</body></html>
`

/**
 * The demo's policy (apps/web/csp.ts, also in its <meta>) plus what only a
 * header can say: no framing. No 'unsafe-eval'; 'wasm-unsafe-eval' lets the
 * page compile its WebAssembly and nothing more.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const webRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  if (existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      // @fastify/static 10 passes the reply here (its types still say a raw response).
      setHeaders: (reply: unknown) => {
        ;(reply as FastifyReply)
          .header('Content-Security-Policy', WEB_CSP)
          .header('X-Content-Type-Options', 'nosniff')
      },
    })
    return
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PLACEHOLDER),
  )
}
