// The one file that listens. Configuration comes from the environment (see
// README); SIGTERM and SIGINT close the server gracefully: stop accepting,
// let in-flight requests finish, close the worker pool, then exit.

import { buildApp } from './app.js'
import { configFromEnv } from './config.js'

const config = configFromEnv()
const app = await buildApp(config)

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // A stuck close must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), config.handlerTimeoutMs + 5000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error while closing')
        process.exit(1)
      },
    )
  })
}

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  app.log.error({ err }, 'could not start')
  process.exit(1)
}
