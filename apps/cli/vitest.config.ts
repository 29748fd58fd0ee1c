import { chainruleVitest } from '../../vitest.shared.ts'

// No test here depends on how fast the machine is (clocks are fakes, spawned
// binaries are judged by output and exit code); the timeout only stops a hang,
// and is generous because a test run shares two cores with other work.
export default chainruleVitest({ testTimeout: 30_000, hookTimeout: 60_000 })
