import { chainruleVitest } from '../../vitest.shared.ts'

export default chainruleVitest({ globalSetup: ['test/global-setup.ts'] })
