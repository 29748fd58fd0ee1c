// What every route plugin is given by the app: the configuration, where jobs
// run, and the stored tapes.

import type { Config } from '../config.js'
import type { Runner } from '../engine/runner.js'
import type { Tapes } from '../engine/tapes.js'
import type { Uploads } from '../uploads.js'

export interface Context {
  readonly config: Config
  readonly runner: Runner
  readonly tapes: Tapes
  readonly uploads: Uploads
}
