// The web demo at /: the built files of apps/web when they exist, otherwise
// a page that says how to build them — never a bare 404 at the root.

import { existsSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
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
 * The demo's Content-Security-Policy is its own (apps/web/csp.ts, written into
 * the built index.html as a <meta>); the header repeats it and adds what only
 * a header can say: no framing. A page without one gets nothing but its own files.
 */
export function webPolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml)
  const own = meta
    ? meta[1]
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
    : "default-src 'self'"
  return `${own}; frame-ancestors 'none'`
}

const IMMUTABLE = 'public, max-age=31536000, immutable'

export const webRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  const index = join(root, 'index.html')
  if (existsSync(index)) {
    const policy = webPolicy(readFileSync(index, 'utf8'))
    const assets = join(root, 'assets') + sep
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // An array: with preCompressed, @fastify/static looks a directory's index up only in a list
      // (a string makes / a 404 for every browser, since they all accept br or gzip).
      index: ['index.html'],
      // The build writes a .br and a .gz beside each text file (apps/web/vite.config.ts):
      // sent when the browser accepts one, with Vary: Accept-Encoding.
      preCompressed: true,
      // @fastify/static 10 passes the reply here (its types still say a raw response).
      setHeaders: (reply: unknown, path: string) => {
        ;(reply as FastifyReply)
          .header('Content-Security-Policy', policy)
          .header('X-Content-Type-Options', 'nosniff')
          // Files under assets/ carry their content's hash in their name: a new build is a new
          // name, so they never change and are cached for a year. The page itself revalidates.
          .header('Cache-Control', path.startsWith(assets) ? IMMUTABLE : 'no-cache')
      },
    })
    return
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PLACEHOLDER),
  )
}
