// The entry point, and the only place that touches the process's exit code.
import { nodeIo } from './node-io.js'
import { runCli } from './run.js'

process.exitCode = await runCli(process.argv.slice(2), nodeIo())
