// A bound on request bodies being received at once. Each may buffer up to
// the body limit, so without a bound a crowd of slow uploads holds
// (connections × bodyLimit) bytes until the request timeout cuts them off;
// with it, at most maxUploads × bodyLimit. One more gets 503 busy at once and
// its connection is closed, before a byte of its body is read.

import type { FastifyInstance, FastifyRequest } from 'fastify'

export class Uploads {
  /** Bodies being received now. */
  inFlight = 0

  constructor(private readonly max: number) {}

  register(app: FastifyInstance): void {
    const releases = new WeakMap<FastifyRequest, () => void>()
    app.addHook('onRequest', (req, reply, done) => {
      if (!hasBody(req)) return done()
      if (this.inFlight >= this.max) {
        reply
          .status(503)
          .header('retry-after', '1')
          .header('connection', 'close')
          .send({ error: { code: 'busy', message: 'too many uploads in progress; retry shortly' } })
        return
      }
      this.inFlight++
      let released = false
      const release = () => {
        if (released) return
        released = true
        this.inFlight--
      }
      releases.set(req, release)
      // 'end' when the whole body has been read; 'close' if the client or a
      // timeout ends it first; a response sent without reading the body (415,
      // 413) ends it too.
      req.raw.once('end', release)
      req.raw.once('close', release)
      done()
    })
    const finish = (req: FastifyRequest) => releases.get(req)?.()
    app.addHook('onResponse', async (req) => finish(req))
    app.addHook('onRequestAbort', async (req) => finish(req))
  }
}

function hasBody(req: FastifyRequest): boolean {
  const { headers } = req
  if (headers['transfer-encoding'] !== undefined) return true
  const length = headers['content-length']
  return length !== undefined && length !== '0'
}
