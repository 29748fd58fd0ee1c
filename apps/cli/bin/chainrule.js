#!/usr/bin/env node
// The installed command: runs the compiled CLI (build with `pnpm --filter @chainrule/cli build`).
import '../dist/main.js'
