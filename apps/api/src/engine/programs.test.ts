// Compiling tapes in the API (docs/ARCHITECTURE.md §6 and docs/ARCHITECTURE.md §13): only cached
// programs in a worker compile, and only tapes whose compiling fits in the
// work budget (core's compileNodes). These run the worker's own code (a
// Programs cache with compile allowed, and runJob) in this thread, where a
// program's tier can be looked at.

import { COMPILE, compileNodes, DEFAULT_LIMITS, type Limits } from '@chainrule/core'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pooled, post } from '../../test/helpers.js'
import { type Job, runJob } from './job.js'
import { Programs } from './programs.js'

const bounds = { entries: 16, bytes: 8 << 20 }
/** Past the WASM backend's 'auto' threshold (2000 replays, docs/ARCHITECTURE.md §6). */
const replays = 2010

function gradient(expression: string): Job {
  return { route: 'gradient', backend: 'wasm', expression, at: { x: 0.5 } }
}

function replay(programs: Programs, limits: Limits, job: Job, times: number): string[] {
  const bodies = new Set<string>()
  for (let i = 0; i < times; i++) {
    const out = runJob(job, programs, limits)
    if (!('body' in out)) throw new Error(JSON.stringify(out))
    bodies.add(out.body)
  }
  return [...bodies]
}

describe('compiling in the API', () => {
  it('charges compiling per node in core, so the budget pays for tapes of compileNodes(work) nodes', () => {
    expect(compileNodes(DEFAULT_LIMITS.work) * COMPILE).toBeLessThanOrEqual(DEFAULT_LIMITS.work)
    expect(compileNodes(DEFAULT_LIMITS.work)).toBe(20_000)
  })

  it('a cached program in a worker compiles after enough replays, with the same answers', () => {
    const programs = new Programs(bounds, DEFAULT_LIMITS, { compile: true })
    const job = gradient('x^2 + sin(x) * x')
    const bodies = replay(programs, DEFAULT_LIMITS, job, replays)
    expect(bodies).toHaveLength(1)
    expect(programs.get('wasm', job.expression).program.compiled).toBe(true)
  })

  it('a minimize of many iterations on a cached program compiles within its one request', () => {
    const programs = new Programs(bounds, DEFAULT_LIMITS, { compile: true })
    const job: Job = {
      route: 'minimize',
      backend: 'wasm',
      expression: '(x - 3)^2 + (y + 1)^2',
      at: { x: 0, y: 0 },
      options: { method: 'gd', maxIter: replays, lr: 1e-6 },
    }
    const out = runJob(job, programs, DEFAULT_LIMITS)
    expect('body' in out).toBe(true)
    expect(programs.get('wasm', job.expression).program.compiled).toBe(true)
  })

  it('a tape larger than the budget pays to compile stays interpreted however often it is replayed', () => {
    const limits = { ...DEFAULT_LIMITS, work: 200 * COMPILE }
    const programs = new Programs(bounds, limits, { compile: true })
    const terms = Array.from({ length: 100 }, (_, i) => `sin(x + ${i})`).join(' + ')
    const job = gradient(terms)
    const { program, cost } = programs.get('wasm', terms)
    expect(cost.size).toBeGreaterThan(compileNodes(limits.work))
    replay(programs, limits, job, replays)
    expect(program.compiled).toBe(false)
  })

  it('a program too large for the cache serves one job and never compiles', () => {
    const programs = new Programs({ entries: 16, bytes: 64 }, DEFAULT_LIMITS, { compile: true })
    const job: Job = {
      route: 'minimize',
      backend: 'wasm',
      expression: '(x - 3)^2',
      at: { x: 0 },
      options: { method: 'gd', maxIter: replays, lr: 1e-6 },
    }
    const c = programs.get('wasm', job.expression)
    expect(programs.size).toBe(0)
    expect('body' in runJob(job, programs, DEFAULT_LIMITS, c)).toBe(true)
    expect(c.program.compiled).toBe(false)
  })

  it('the event loop never compiles: its jobs are under inlineWork', () => {
    const programs = new Programs(bounds, DEFAULT_LIMITS)
    const job = gradient('x^2 + x')
    replay(programs, DEFAULT_LIMITS, job, replays)
    expect(programs.get('wasm', job.expression).program.compiled).toBe(false)
  })
})

describe('compiling in the pool, on a real server', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await pooled({ workers: 1 })
  })
  afterAll(() => app.close())

  it('a minimize past the threshold answers exactly as the JS reference does', async () => {
    const body = (backend: string) => ({
      expression: '(x - 3)^2 + sin(y)^2',
      at: { x: 0, y: 1 },
      backend,
      options: { method: 'gd', lr: 1e-4, maxIter: replays },
    })
    // Twice on WASM: the worker's cached program compiles during the first and serves the second compiled.
    const answers = []
    for (const backend of ['wasm', 'wasm', 'js']) {
      const r = await post(app, '/v1/minimize', body(backend))
      expect(r.statusCode).toBe(200)
      answers.push(r.body)
    }
    expect(JSON.parse(answers[0]).iterations).toBe(replays)
    expect(new Set(answers).size).toBe(1)
  })

  it('a long expression cannot buy the replays that would compile it beyond the budget', async () => {
    // ~2000 nodes at the length limit: 10 000 iterations of it are 4·10⁷ node visits, over 2·10⁷.
    const long = Array.from({ length: 1000 }, () => 'x*y').join('*')
    const r = await post(app, '/v1/minimize', {
      expression: long,
      at: { x: 1, y: 1 },
      options: { method: 'gd', lr: 1e-9, maxIter: 10_000 },
    })
    expect(r.statusCode).toBe(422)
    expect(r.json().error.code).toBe('work-budget')
  })
})
