#!/usr/bin/env node
// The installed command: the CLI bundled into one file by `pnpm --filter @chainrule/cli build`.
import '../dist/chainrule.mjs'
