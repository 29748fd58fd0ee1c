import { chainruleVitest } from '../../vitest.shared.ts'

// The tarballs are packed and installed once (src/setup.ts) for every file.
export default chainruleVitest({ globalSetup: ['src/setup.ts'] })
