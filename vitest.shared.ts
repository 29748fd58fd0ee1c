// One vitest setup for every package: tests resolve workspace packages to their
// TypeScript source (the `@chainrule/source` export condition) and write a JSON
// report that scripts/test-summary.mjs totals for CI.
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

export function chainruleVitest(extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@chainrule/source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['@chainrule/source', ...defaultServerConditions] } },
    test: {
      reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
      ...extra,
    },
  })
}
