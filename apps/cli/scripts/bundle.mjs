// Bundles the compiled CLI (dist/main.js) with everything it imports —
// commander, picocolors, asciichart, @chainrule/core and core-wasm — into one
// file, dist/chainrule.mjs, which bin/chainrule.js runs. Node spends most of
// a cold start resolving and compiling modules one by one (about 80 here);
// one file roughly halves the time to the first answer. Uses the workspace
// root's vite (rolldown), which builds the web demo too.
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  // The published dist/ of each workspace package, not its TypeScript source.
  resolve: { conditions: ['node', 'import', 'default'] },
  ssr: { noExternal: true, resolve: { conditions: ['node', 'import', 'default'], externalConditions: [] } },
  build: {
    ssr: 'dist/main.js',
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', codeSplitting: false, entryFileNames: 'chainrule.mjs' },
    },
  },
})
