// The GradBench protocol, tool side: every message answered with its id,
// define and evaluate with success and errors as CONTRIBUTING.md specifies,
// min_runs honoured with one "evaluate" timing per run, and the stdin/stdout
// loop answering line by line.
import { PassThrough } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { parseBackend, serve } from './main.js'
import { BACKENDS, Session } from './protocol.js'
import { EVALS } from './validate.js'

describe.each(BACKENDS)('Session (%s)', (backend) => {
  const s = new Session(backend)

  test('start names the tool; analysis and unknown kinds get just the id', () => {
    expect(s.handle({ id: 0, kind: 'start', eval: 'hello' })).toMatchObject({
      id: 0,
      tool: `chainrule-${backend}`,
    })
    expect(s.handle({ id: 5, kind: 'analysis', of: 2, valid: true })).toEqual({ id: 5 })
    expect(s.handle({ id: 6, kind: 'something-new' })).toEqual({ id: 6 })
  })

  test("define: all twelve of GradBench's evals exist, others do not", () => {
    expect(EVALS).toHaveLength(12)
    for (const module of EVALS) {
      expect(s.handle({ id: 1, kind: 'define', module })).toEqual({ id: 1, success: true })
    }
    const r = s.handle({ id: 2, kind: 'define', module: 'nope' })
    expect(r).toMatchObject({ id: 2, success: false })
    expect(r.error).toMatch(/no module named "nope"/)
  })

  test('hello: square, then double is its derivative, each with one evaluate timing', () => {
    const sq = s.handle({ id: 3, kind: 'evaluate', module: 'hello', function: 'square', input: 3 })
    expect(sq).toMatchObject({ id: 3, success: true, output: 9 })
    const db = s.handle({ id: 4, kind: 'evaluate', module: 'hello', function: 'double', input: 9 })
    expect(db).toMatchObject({ id: 4, success: true, output: 18 })
    expect(db.timings).toHaveLength(1)
    expect(db.timings?.[0].name).toBe('evaluate')
    expect(db.timings?.[0].nanoseconds).toBeGreaterThan(0)
  })

  test('min_runs: that many evaluate timings; a gradient adds one record timing before them', () => {
    const input = { x: [1, 2, 3], min_runs: 4, min_seconds: 0 }
    const p = s.handle({ id: 7, kind: 'evaluate', module: 'lse', function: 'primal', input })
    expect(p.timings?.map((t) => t.name)).toEqual(['evaluate', 'evaluate', 'evaluate', 'evaluate'])
    const g = s.handle({ id: 8, kind: 'evaluate', module: 'lse', function: 'gradient', input })
    expect(g.timings?.map((t) => t.name)).toEqual(['record', 'evaluate', 'evaluate', 'evaluate', 'evaluate'])
  })

  test('min_seconds: runs continue until their times add up to it', () => {
    const r = s.handle({
      id: 9,
      kind: 'evaluate',
      module: 'lse',
      function: 'primal',
      input: { x: [1, 2], min_runs: 1, min_seconds: 0.02 },
    })
    const total = (r.timings ?? []).reduce((sum, t) => sum + t.nanoseconds, 0)
    expect(total).toBeGreaterThanOrEqual(0.02e9)
  })

  test('errors are answers with success: false, never exceptions', () => {
    const unknownFn = s.handle({
      id: 10,
      kind: 'evaluate',
      module: 'lse',
      function: 'hessian',
      input: { x: [1] },
    })
    expect(unknownFn).toMatchObject({ id: 10, success: false })
    expect(unknownFn.error).toMatch(/no function "hessian"/)
    const badInput = s.handle({
      id: 11,
      kind: 'evaluate',
      module: 'gmm',
      function: 'objective',
      input: { d: 2 },
    })
    expect(badInput).toMatchObject({ id: 11, success: false, error: 'input.k is missing' })
    const proto = s.handle({ id: 12, kind: 'evaluate', module: '__proto__', function: 'x', input: {} })
    expect(proto).toMatchObject({ id: 12, success: false })
    expect(() => s.handle({ kind: 'start' })).toThrow(/numeric id/)
  })
})

describe('the stdin/stdout loop', () => {
  test('answers each line in order, skips blank lines, reports garbage on stderr', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    const errors = new PassThrough()
    const chunks: string[] = []
    const errs: string[] = []
    output.on('data', (c) => chunks.push(String(c)))
    errors.on('data', (c) => errs.push(String(c)))
    const done = serve(input, output, new Session('js'), errors)
    input.write('{"id":0,"kind":"start"}\n\n')
    input.write('not json\n')
    input.write(
      '{"id":1,"kind":"define","module":"hello"}\n{"id":2,"kind":"evaluate","module":"hello","function":"double","input":2.5}\n',
    )
    input.end()
    await done
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2])
    expect(lines[2]).toMatchObject({ success: true, output: 5 })
    expect(errs.join('')).toMatch(/not a message/)
  })

  test('--backend chooses js, wasm or wasm-compiled, wasm by default', () => {
    expect(parseBackend([])).toBe('wasm')
    expect(parseBackend(['--backend', 'js'])).toBe('js')
    expect(parseBackend(['--backend', 'wasm-compiled'])).toBe('wasm-compiled')
    expect(() => parseBackend(['--backend', 'gpu'])).toThrow(/js, wasm, wasm-compiled, got gpu/)
    expect(() => new Session('gpu' as never)).toThrow(/unknown backend gpu/)
  })

  test('wasm-compiled compiles every traced tape and says so; the other backends say nothing of it', () => {
    const input = { x: [1, 2, 3], ...{ min_runs: 1, min_seconds: 0 } }
    const ask = (backend: (typeof BACKENDS)[number]) =>
      new Session(backend).handle({ id: 1, kind: 'evaluate', module: 'lse', function: 'gradient', input })
    const compiled = ask('wasm-compiled')
    expect(compiled.chainrule?.compiled).toEqual([{ nodes: compiled.chainrule?.nodes, compiled: true }])
    expect(compiled.chainrule?.note).toBe(`1 of 1 traced tapes compiled (${compiled.chainrule?.nodes} nodes)`)
    expect(compiled.output).toEqual(ask('wasm').output)
    for (const backend of ['js', 'wasm'] as const)
      expect(ask(backend).chainrule).toEqual({ nodes: compiled.chainrule?.nodes })
  })
})
