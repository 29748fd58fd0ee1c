// Where a job runs. Small work runs right here on the event loop — a hop to
// a worker costs more than a small sweep — and everything else goes to the
// pool, so a heavy request never holds up /healthz or a small gradient:
// - text longer than `inlineCompileLength` is compiled in a worker (unless
//   it is already cached here, or too long to parse at all);
// - a job over `inlineWork` node visits or with a large result runs there
//   too, and so does every explain and graph;
// - a job over the budget is refused here, before it costs anything.

import { resultsOf, workOf } from '@chainrule/core'
import type { Config } from '../config.js'
import { failure, type Job, type Outcome, runJob, shapeOf } from './job.js'
import { Pool } from './pool.js'
import { type Compiled, Programs } from './programs.js'

const cacheBounds = (c: Config) => ({ entries: c.cacheSize, bytes: c.cacheBytes })

/**
 * explain and graph unfold the graph into text per node, at a cost the
 * estimate only approximates: they always run in the pool, so even a small
 * text that unfolds badly cannot hold up /healthz.
 */
const UNFOLDS: ReadonlySet<string> = new Set(['explain', 'graph'])

/** Results up to this many numbers are serialised on the event loop. */
const INLINE_RESULTS = 8192

export class Runner {
  readonly programs: Programs
  private pool: Pool | undefined

  constructor(private readonly config: Config) {
    this.programs = new Programs(cacheBounds(config), config.limits)
  }

  /** Threads start on the first heavy job, so an app that never needs one never starts one. */
  private get workers(): Pool {
    this.pool ??= new Pool({
      workers: this.config.workers,
      timeoutMs: this.config.handlerTimeoutMs,
      queue: this.config.queue,
      cache: cacheBounds(this.config),
      limits: this.config.limits,
      hooks: this.config.testHooks,
    })
    return this.pool
  }

  /** `gone()` makes a signal that aborts when the client hangs up, so the pool can drop the job. */
  async run(job: Job, gone: () => AbortSignal): Promise<Outcome> {
    return this.here(job) ?? (await this.workers.run(job, gone()))
  }

  /** The outcome, when the job is small enough to run on the event loop; undefined otherwise. */
  private here(job: Job): Outcome | undefined {
    const { limits, inlineCompileLength, inlineWork } = this.config
    const length = job.expression.length
    let compiled: Compiled | undefined = this.programs.peek(job.backend, job.expression, job.variables)
    if (compiled === undefined) {
      // Text over the length limit is refused by the parser's first check, at no cost.
      if (length > inlineCompileLength && length <= limits.length) return undefined
      try {
        compiled = this.programs.get(job.backend, job.expression, job.variables)
      } catch (e) {
        return failure(e)
      }
    }
    if (job.route !== 'tape') {
      const shape = shapeOf(job)
      const work = workOf(job.route, compiled.program, compiled.cost, shape)
      const results = resultsOf(job.route, compiled.program, compiled.cost, shape)
      const refused = work > limits.work || results > limits.results
      const heavy = work > inlineWork || results > INLINE_RESULTS || UNFOLDS.has(job.route)
      if (!refused && heavy) return undefined
    }
    return runJob(job, this.programs, limits, compiled)
  }

  get stats() {
    return { programs: this.programs.size, programBytes: this.programs.bytes, pool: this.pool?.stats ?? null }
  }

  async close(): Promise<void> {
    await this.pool?.close()
    this.programs.clear()
  }
}
