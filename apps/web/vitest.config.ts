import { chainruleVitest } from '../../vitest.shared.ts'

// The tests drive real Chromium against the production build (dist/), so they
// run one file at a time and give the browser room on a busy two-core machine.
export default chainruleVitest({
  include: ['test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  fileParallelism: false,
})
