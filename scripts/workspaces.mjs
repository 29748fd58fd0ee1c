// The workspace folders, in dependency order.
export const workspaces = [
  'packages/core',
  'packages/core-wasm',
  'apps/cli',
  'apps/api',
  'apps/web',
  'bench',
  'tests/consumer',
  'tests/docs',
]
