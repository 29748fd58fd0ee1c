import { chainruleVitest } from '../../vitest.shared.ts'

export default chainruleVitest()
