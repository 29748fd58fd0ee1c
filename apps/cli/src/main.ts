// The entry point, and the only place that touches the process's exit code.
import { nodeIo } from './node-io.js'
import { runCli } from './run.js'

// A reader that stops early (`chainrule explain … | head`) closes the pipe:
// that ends the output, quietly, as it does for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    process.exit(process.exitCode ?? 0)
  })
}

process.exitCode = await runCli(process.argv.slice(2), nodeIo())
