// prepack: the API serves the web demo at /, so its tarball carries the built
// demo (apps/web/dist) as web/. Packing without a built demo fails rather than
// publishing a server whose / only says how to build it.
import { cpSync, existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const from = fileURLToPath(new URL('../../web/dist', import.meta.url))
const to = fileURLToPath(new URL('../web', import.meta.url))
if (!existsSync(`${from}/index.html`)) {
  console.error(`pack-web: ${from} is not built; run \`pnpm turbo run build --filter=@chainrule/web\` first`)
  process.exit(1)
}
rmSync(to, { recursive: true, force: true })
cpSync(from, to, { recursive: true })
