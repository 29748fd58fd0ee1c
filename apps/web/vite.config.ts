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

export default defineConfig({
  // Relative asset URLs, so the API can serve the demo at / or under a prefix.
  base: './',
  // Workspace packages resolve to their TypeScript source, in dev and in the build alike.
  resolve: { conditions: ['@chainrule/source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    // Never inline fonts or images as data: URLs; the CSP allows only files from 'self'.
    assetsInlineLimit: 0,
    // One chunk of ~520 kB (KaTeX and dagre are most of it): the page needs all of it to draw.
    chunkSizeWarningLimit: 700,
  },
  plugins: [csp()],
})
