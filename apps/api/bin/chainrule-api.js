#!/usr/bin/env node
// The installed server: `npx chainrule-api` (PORT, HOST, … as in the README).
// The tarball carries the built web demo in web/ (copied at pack time by
// scripts/pack-web.mjs); in the repository, dist/config.js finds apps/web/dist
// itself, so WEB_ROOT is only set when the packed copy is there.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const web = fileURLToPath(new URL('../web', import.meta.url))
if (!process.env.WEB_ROOT && existsSync(web)) process.env.WEB_ROOT = web
try {
  await import('../dist/server.js')
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/server.js')) {
    console.error(
      'chainrule-api: the server is not built. Run `pnpm turbo run build --filter=@chainrule/api` first.',
    )
    process.exit(2)
  }
  throw err
}
