// The worker pool for heavy jobs (piscina). The time limit is hard: when it
// passes (or the client hangs up), a job still queued is dropped and a job
// already running has its thread terminated, so no expression can hold a
// core past the limit. (Fastify's request.signal cannot serve here: on a
// real socket it aborts as soon as the request body has been read.) A full queue answers 503 at once instead of queueing forever;
// the pool counts its jobs itself, because piscina does not apply `maxQueue`
// to tasks that carry an abort signal (measured with piscina 5.3).

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Limits } from '@chainrule/core'
import { Piscina } from 'piscina'
import type { TestHooks } from '../config.js'
import { ApiError } from '../errors.js'
import type { Job, Outcome } from './job.js'
import type { CacheBounds } from './programs.js'

export interface PoolOptions {
  workers: number
  /** Hard limit on a job's time in the pool, waiting included. */
  timeoutMs: number
  queue: number
  cache: CacheBounds
  limits: Limits
  hooks?: TestHooks
}

/**
 * The compiled worker. Running from dist/ it sits beside this file; running
 * from src/ under vitest (no TypeScript loader in worker threads on Node 20)
 * the build's copy in dist/ is used, which the tests' global setup keeps fresh.
 */
export function workerFile(): string {
  const here = new URL('../worker.js', import.meta.url)
  const path = fileURLToPath(here)
  if (!import.meta.url.endsWith('.ts')) return path
  const built = fileURLToPath(new URL('../../dist/worker.js', import.meta.url))
  if (!existsSync(built)) throw new Error(`the worker is not built: run the api build (missing ${built})`)
  return built
}

export class Pool {
  private readonly piscina: Piscina
  /** Jobs running or waiting; at most workers + queue. */
  private pending = 0
  private readonly capacity: number
  private readonly timeoutMs: number
  private readonly workers: number
  /** Threads started, the first ones included: past `workers`, each is a replacement. */
  private created = 0

  constructor(options: PoolOptions) {
    this.capacity = options.workers + options.queue
    this.timeoutMs = options.timeoutMs
    this.workers = options.workers
    this.piscina = new Piscina({
      filename: workerFile(),
      minThreads: options.workers,
      maxThreads: options.workers,
      // Threads stay up: starting one costs tens of milliseconds and a fresh WebAssembly instance.
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { cache: options.cache, limits: options.limits, hold: options.hooks?.hold },
      // Not the parent's flags: under vitest they resolve workspace packages to TypeScript source.
      execArgv: [],
    })
    // Piscina emits the first threads' events in a microtask, so this sees them too.
    const onCreate = options.hooks?.onWorkerCreate
    this.piscina.on('workerCreate', () => {
      this.created++
      onCreate?.()
    })
  }

  /** Runs `job` in a worker; `gone` aborts it when the client has hung up. */
  async run(job: Job, gone: AbortSignal): Promise<Outcome> {
    if (this.pending >= this.capacity) {
      throw new ApiError(503, 'busy', 'the server is busy with heavy requests; retry shortly')
    }
    this.pending++
    const timeout = AbortSignal.timeout(this.timeoutMs)
    try {
      return (await this.piscina.run(job, { signal: AbortSignal.any([timeout, gone]) })) as Outcome
    } catch (e) {
      if (timeout.aborted || gone.aborted) {
        throw new ApiError(503, 'timeout', 'the request took longer than the time limit; try less work')
      }
      throw e
    } finally {
      this.pending--
    }
  }

  get stats() {
    return {
      threads: this.piscina.threads.length,
      pending: this.pending,
      completed: this.piscina.completed,
      restarts: Math.max(0, this.created - this.workers),
    }
  }

  close(): Promise<void> {
    return this.piscina.close()
  }
}
