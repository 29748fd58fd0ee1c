#!/usr/bin/env node
// The installed server: `npx @chainrule/api` (PORT, HOST, … as in the README).
// The tarball carries the built web demo in web/ (copied at pack time by
// scripts/pack-web.mjs); in the repository, dist/config.js finds apps/web/dist
// itself, so WEB_ROOT is only set when the packed copy is there.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const server = new URL('../dist/server.js', import.meta.url)
// Only a missing build gets this message; any other failure (a dependency
// missing from a broken install, say) keeps its own error.
if (!existsSync(fileURLToPath(server))) {
  console.error(
    'chainrule-api: the server is not built. Run `pnpm turbo run build --filter=@chainrule/api` first.',
  )
  process.exit(2)
}
const web = fileURLToPath(new URL('../web', import.meta.url))
if (!process.env.WEB_ROOT && existsSync(web)) process.env.WEB_ROOT = web
await import(server.href)
