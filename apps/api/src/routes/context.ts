// What every route plugin is given by the app: the configuration, where jobs
// run, and the tape store (in memory or in Redis).

import type { Config } from '../config.js'
import type { ExpressionStore } from '../engine/expression-store.js'
import type { Runner } from '../engine/runner.js'
import type { Uploads } from '../uploads.js'

export interface Context {
  readonly config: Config
  readonly runner: Runner
  readonly tapes: ExpressionStore
  readonly uploads: Uploads
}
