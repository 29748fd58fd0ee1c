// What every workload gets: the mode, the timing budget, a log line printer,
// and where the repository is (for the CLI and API workloads).
import { fileURLToPath } from 'node:url'
import { type Budget, FULL, QUICK } from '@chainrule/core/measure'

export interface Context {
  /** --quick: small sizes and a token budget, to prove every benchmark still runs; its times mean nothing. */
  readonly quick: boolean
  readonly budget: Budget
  readonly root: string
  log(line: string): void
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export function context(quick: boolean, log: (line: string) => void = console.log): Context {
  return { quick, budget: quick ? QUICK : FULL, root: REPO_ROOT, log }
}
