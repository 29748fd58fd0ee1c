// One vitest setup for every package: tests resolve workspace packages to their
// TypeScript source (the `@chainrule/source` export condition) and write a JSON
// report that scripts/test-summary.mjs totals for CI. A test's time limit is a
// hang detector, not a speed check: on a shared two-core machine running two
// packages' suites at once a test can take many times its idle time, so the
// limits are a minute (a package may raise them for its own heavy tests).
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

export function chainruleVitest(extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@chainrule/source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['@chainrule/source', ...defaultServerConditions] } },
    test: {
      reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      ...extra,
    },
  })
}
