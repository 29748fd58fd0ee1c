#!/usr/bin/env node
// The installed command: the CLI bundled into one file by the build. In a
// fresh clone that file does not exist yet; say what to run, not a stack.
// Only a missing build gets this message; any other failure keeps its own error.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = new URL('../dist/chainrule.mjs', import.meta.url)
if (!existsSync(fileURLToPath(bundle))) {
  console.error(
    'chainrule: the CLI is not built. Run `pnpm build` (or `pnpm turbo run build --filter=@chainrule/cli`) first.',
  )
  process.exit(2)
}
await import(bundle.href)
