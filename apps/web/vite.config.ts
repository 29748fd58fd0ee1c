import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defaultClientConditions, defineConfig, type Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './csp.ts'

// The CSP goes into the built page only: the dev server injects CSS through
// inline <style> tags and hot-reloads through eval-free but inline code, which
// a strict policy would (rightly) block.
const csp = (): Plugin => ({
  name: 'chainrule-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
})

// Text-like files compress well; woff2 and png already are compressed.
const COMPRESSIBLE = /\.(html|js|css|svg|wasm|json|ttf|woff)$/

/**
 * Writes a .br and a .gz beside every compressible file of the build, at the
 * highest levels (done once, at build time), so the API's @fastify/static
 * (preCompressed) serves them without compressing per request.
 */
const precompress = (): Plugin => ({
  name: 'chainrule-precompress',
  apply: 'build',
  writeBundle(options) {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        return statSync(path).isDirectory() ? walk(path) : [path]
      })
    for (const file of walk(options.dir ?? 'dist')) {
      if (!COMPRESSIBLE.test(file)) continue
      const body = readFileSync(file)
      const br = brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
      const gz = gzipSync(body, { level: 9 })
      // Every compressible file gets both, even one too small to shrink: @fastify/static answers
      // a directory URL (/) that accepts br with index.html.br, and 404s when it is missing.
      writeFileSync(`${file}.br`, br)
      writeFileSync(`${file}.gz`, gz)
    }
  },
})

export default defineConfig({
  // Relative asset URLs, so the API can serve the demo at / or under a prefix.
  base: './',
  // Workspace packages resolve to their TypeScript source, in dev and in the build alike.
  resolve: { conditions: ['@chainrule/source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    // Never inline fonts or images as data: URLs; the CSP allows only files from 'self'.
    assetsInlineLimit: 0,
    // The page chunk (~280 kB, dagre and d3 most of it) and KaTeX's, loaded with the first formula (src/math.ts).
    chunkSizeWarningLimit: 700,
  },
  plugins: [csp(), precompress()],
})
