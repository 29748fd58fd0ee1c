// A small static server for the built demo: files from dist/ on 127.0.0.1 at
// a free port, no directory listings, nothing outside the folder. It answers
// as the API's @fastify/static (preCompressed) does: the .br or .gz beside a
// file when the browser accepts it, and hashed files under assets/ cached as
// immutable, everything else revalidated.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

export interface StaticServer {
  readonly url: string
  close(): Promise<void>
}

export async function serve(root: string): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end()
      return
    }
    try {
      const accepts = String(req.headers['accept-encoding'] ?? '')
      const headers: Record<string, string> = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': file.startsWith(join(root, 'assets') + sep)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        vary: 'accept-encoding',
      }
      let body: Buffer | null = null
      for (const [encoding, ext] of [
        ['br', '.br'],
        ['gzip', '.gz'],
      ]) {
        if (body || !accepts.includes(encoding)) continue
        body = await readFile(file + ext).catch(() => null)
        if (body) headers['content-encoding'] = encoding
      }
      body ??= await readFile(file)
      res.writeHead(200, headers).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}
