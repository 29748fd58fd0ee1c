#!/usr/bin/env node
// The installed command: the CLI bundled into one file by the build. In a
// fresh clone that file does not exist yet; say what to run, not a stack.
try {
  await import('../dist/chainrule.mjs')
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('chainrule.mjs')) {
    console.error(
      'chainrule: the CLI is not built. Run `pnpm build` (or `pnpm turbo run build --filter=@chainrule/cli`) first.',
    )
    process.exit(2)
  }
  throw err
}
