import { chainruleVitest } from '../vitest.shared.ts'

// The --quick suite run takes seconds, not the default 5; nothing here times anything.
export default chainruleVitest({ testTimeout: 120_000, hookTimeout: 120_000 })
