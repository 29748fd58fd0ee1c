import { chainruleVitest } from '../../vitest.shared.ts'

// The tarballs are packed and installed once (src/setup.ts) for every file.
// One file at a time: each runs tsc, Vite builds, Chromium or a server, and two
// at once on a two-core machine only makes both slower.
export default chainruleVitest({ globalSetup: ['src/setup.ts'], fileParallelism: false })
