// The API in this process on a loopback port, standing in for localhost:3000.
import { buildApp } from '../../../apps/api/src/app.js'

export async function startApi() {
  const app = await buildApp({ logLevel: 'silent' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const bound = app.server.address()
  if (typeof bound !== 'object' || bound === null) throw new Error('the API did not bind a port')
  return { address: `127.0.0.1:${bound.port}`, close: () => app.close() }
}
