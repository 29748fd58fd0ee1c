// The GradBench driver's own logic, without Python or GradBench: its options,
// the tools of a run, a C++ peer behind the protocol (a stand-in executable),
// and the table pairing each derivative with its primal, tools side by side.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { type Evaluated, merge, type Part, parseArgs, toolsOf, validatedCounts } from './validate.js'
import { peerEndpoint, peerProblem } from './validate-peer.js'
import { summary, table } from './validate-table.js'

const scratch = mkdtempSync(join(os.tmpdir(), 'validate-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('gradbench:validate', () => {
  test('options: evals, backends, peers, an eval’s own size arguments, caps, merged runs', () => {
    const o = parseArgs(
      [
        '--eval',
        'lse,gmm',
        '--backend',
        'wasm',
        '--args',
        'lse=-n 2500 5000',
        '--timeout',
        '60',
        '--peer',
        'adol-c=/opt/adol-c',
        '--no-peer',
        'manual',
        '--from',
        'a.json',
      ],
      { GRADBENCH_DIR: '/g' },
    )
    expect(o).toMatchObject({
      dir: '/g',
      evals: ['lse', 'gmm'],
      backends: ['wasm'],
      peers: { 'adol-c': '/opt/adol-c', manual: '' },
      evalArgs: { lse: ['-n', '2500', '5000'] },
      timeoutSeconds: 60,
      from: ['a.json'],
    })
    expect(() => parseArgs(['--backend', 'gpu'], {})).toThrow(/one of js, wasm, wasm-compiled, got gpu/)
    expect(() => parseArgs(['--args', '-n 5'], {})).toThrow(/EVAL=ARG/)
    expect(() => parseArgs(['--peer', 'adol-c'], {})).toThrow(/NAME=DIR/)
    expect(() => parseArgs(['--frobnicate'], {})).toThrow(/unknown option/)
  })

  test('tools: every backend, then the C++ peers under the checkout unless told otherwise', () => {
    expect(toolsOf(parseArgs([], {}), '/g')).toEqual([
      { kind: 'chainrule', name: 'js' },
      { kind: 'chainrule', name: 'wasm' },
      { kind: 'chainrule', name: 'wasm-compiled' },
      { kind: 'peer', name: 'manual', dir: '/g/tools/manual' },
      { kind: 'peer', name: 'adol-c', dir: '/g/tools/adol-c' },
    ])
    expect(toolsOf(parseArgs(['--backend', 'js', '--no-peers', '--peer', 'mine=/m'], {}), '/g')).toEqual([
      { kind: 'chainrule', name: 'js' },
      { kind: 'peer', name: 'mine', dir: '/m' },
    ])
  })

  test('a peer that is not built, or lacks the eval, is skipped with a message saying why', () => {
    expect(peerProblem({ name: 'adol-c', dir: join(scratch, 'absent') }, 'lse')).toMatch(
      /adol-c skipped: .*absent does not exist .*--peer adol-c=DIR/,
    )
    const dir = join(scratch, 'tool-src')
    mkdirSync(dir)
    writeFileSync(join(dir, 'lse.cpp'), '')
    expect(peerProblem({ name: 'adol-c', dir }, 'lse')).toBeUndefined()
    expect(peerProblem({ name: 'adol-c', dir }, 'saddle')).toBe(
      `adol-c has no saddle (no saddle.cpp in ${dir})`,
    )
  })

  test('a peer answers the protocol through its executable: output, timings, peak memory, failures', async () => {
    const dir = join(scratch, 'tool')
    mkdirSync(join(dir, 'bin'), { recursive: true })
    // GradBench's C++ interface: bin/<eval> INPUT FUNCTION, the output then one timing per line.
    writeFileSync(
      join(dir, 'bin/lse'),
      `#!/bin/sh
[ "$2" = broken ] && { echo "no such function" >&2; exit 3; }
[ "$2" = crash ] && kill -SEGV $$
echo "[$(cat "$1")]"
echo '{"name": "prepare", "nanoseconds": 5}'
echo '{"name": "evaluate", "nanoseconds": 1000}'
echo '{"name": "evaluate", "nanoseconds": 3000}'
`,
    )
    chmodSync(join(dir, 'bin/lse'), 0o755)
    const peer = peerEndpoint({ name: 'stand-in', dir })
    const got: [unknown, number | undefined][] = []
    peer.onLine((line, peak) => got.push([JSON.parse(line), peak]))
    for (const m of [
      { id: 0, kind: 'start', eval: 'lse' },
      { id: 1, kind: 'define', module: 'lse' },
      { id: 2, kind: 'evaluate', module: 'lse', function: 'primal', input: 7 },
      { id: 3, kind: 'analysis', of: 2, valid: true },
      { id: 4, kind: 'evaluate', module: 'lse', function: 'broken', input: 7 },
      { id: 5, kind: 'evaluate', module: 'lse', function: 'crash', input: 7 },
    ])
      peer.write(JSON.stringify(m))
    peer.write('not json')
    await vi.waitFor(() => expect(got).toHaveLength(6))
    await peer.close()
    expect(got.map(([r]) => r)).toEqual([
      { id: 0, tool: 'stand-in' },
      { id: 1, success: true },
      {
        id: 2,
        success: true,
        output: [7],
        timings: [
          { name: 'prepare', nanoseconds: 5 },
          { name: 'evaluate', nanoseconds: 1000 },
          { name: 'evaluate', nanoseconds: 3000 },
        ],
      },
      { id: 3 },
      {
        id: 4,
        success: false,
        error: expect.stringMatching(/bin\/lse broken exited with 3.*: no such function/),
      },
      { id: 5, success: false, error: expect.stringMatching(/bin\/lse crash exited with/) },
    ])
    // GNU time, where there is one, says how a crashed executable ended.
    if (got[5][1] !== undefined) expect((got[5][0] as { error: string }).error).toMatch(/signal 11/)
    // GNU time, where the machine has it, gives the answering process's maximum resident set.
    const peak = got[2][1]
    if (peak !== undefined) expect(peak).toBeGreaterThan(0)
    // Without it the answers are the same, and the peak is unmeasured.
    const bare = peerEndpoint({ name: 'stand-in', dir }, join(scratch, 'no-time'))
    const plain: [unknown, number | undefined][] = []
    bare.onLine((line, p) => plain.push([JSON.parse(line), p]))
    bare.write(JSON.stringify({ id: 0, kind: 'evaluate', module: 'lse', function: 'primal', input: 1 }))
    await vi.waitFor(() => expect(plain).toHaveLength(1))
    await bare.close()
    expect(plain).toEqual([[expect.objectContaining({ success: true, output: [1] }), undefined]])
  })

  test('closing a peer (an eval past its --timeout) stops the executable it is running', async () => {
    const dir = join(scratch, 'slow')
    mkdirSync(join(dir, 'bin'), { recursive: true })
    writeFileSync(join(dir, 'bin/lse'), '#!/bin/sh\nexec sleep 600\n')
    chmodSync(join(dir, 'bin/lse'), 0o755)
    const peer = peerEndpoint({ name: 'slow', dir })
    const got: string[] = []
    peer.onLine((line) => got.push(line))
    peer.write(JSON.stringify({ id: 0, kind: 'evaluate', module: 'lse', function: 'primal', input: 1 }))
    await new Promise((r) => setTimeout(r, 200))
    await peer.close()
    expect(got).toEqual([])
  })

  const rows: Evaluated[] = [
    { eval: 'lse', tool: 'js', function: 'primal', description: 'n=10', valid: true, seconds: 1e-3 },
    {
      eval: 'lse',
      tool: 'js',
      function: 'gradient',
      description: 'n=10',
      valid: false,
      error: 'tool: out of memory',
      seconds: 4e-3,
      nodes: 50,
      peakBytes: 2 ** 21,
    },
    { eval: 'lse', tool: 'adol-c', function: 'primal', description: 'n=10', valid: true, seconds: 1e-3 },
    { eval: 'lse', tool: 'adol-c', function: 'gradient', description: 'n=10', valid: true, seconds: 2e-3 },
    { eval: 'lse', tool: 'js', function: 'primal', description: 'n=20', valid: true, seconds: 2e-3 },
    { eval: 'lse', tool: 'js', function: 'gradient', description: 'n=20', valid: true, seconds: 6e-3 },
    { eval: 'lse', tool: 'wasm', function: 'gradient', description: 'n=20', valid: true, seconds: 3e-3 },
    { eval: 'lse', tool: 'adol-c', function: 'gradient', description: 'n=20', valid: true, seconds: 2e-3 },
    { eval: 'lse', tool: 'wasm', function: 'gradient', description: 'n=10', valid: true, seconds: 1e-3 },
    {
      eval: 'saddle',
      tool: 'wasm',
      function: 'rr',
      description: 'w=0',
      valid: true,
      seconds: 2,
      toolNote: 'two tapes',
    },
    {
      eval: 'saddle',
      tool: 'adol-c',
      function: '—',
      description: '—',
      valid: false,
      error: 'adol-c has no saddle',
    },
  ]

  test('table: one line per derivative beside its primal, the tools of one size together', () => {
    const lines = table(rows).split('\n')
    expect(lines.slice(2).map((l) => l.split(' | ').slice(0, 4).join(' '))).toEqual([
      '| lse n=10 gradient js',
      '| lse n=10 gradient wasm',
      '| lse n=10 gradient adol-c',
      '| lse n=20 gradient js',
      '| lse n=20 gradient wasm',
      '| lse n=20 gradient adol-c',
      '| saddle w=0 rr wasm',
    ])
    expect(lines[2]).toBe(
      '| lse | n=10 | gradient | js | yes / no | 1 ms | 4 ms | 4.0 | — | 50 | 2 MiB | tool: out of memory |',
    )
    expect(lines[4]).toBe('| lse | n=10 | gradient | adol-c | yes / yes | 1 ms | 2 ms | 2.0 | — | — | — |  |')
    expect(lines[8]).toBe('| saddle | w=0 | rr | wasm | — / yes | — | 2 s | — | — | — | — | two tapes |')
  })

  test('summary: median derivative ÷ ADOL-C over the sizes where both validated', () => {
    const s = summary(rows).split('\n').slice(-4)
    expect(s).toEqual([
      '| eval | js ÷ adol-c | wasm ÷ adol-c |',
      '| --- | ---: | ---: |',
      // js: only n=20 validated (3.00); wasm: 0.5 and 1.5.
      '| lse | 3.00 (3.00–3.00, 1) | 1.00 (0.50–1.50, 2) |',
      '| saddle | no adol-c | no adol-c |',
    ])
  })

  test('runs merge with the later replacing the earlier for an eval, tool, function and size, in its place, evals in GradBench’s order; counts per tool leave out skips', () => {
    const part = (rs: Evaluated[]): Part => ({
      options: '',
      date: '',
      seconds: 0,
      commit: '',
      gradbench: '',
      rows: rs,
    })
    const later = { eval: 'lse', tool: 'js', function: 'primal', description: 'n=10', valid: false }
    const hello = { eval: 'hello', tool: 'js', function: 'double', description: 'x=1', valid: true }
    const merged = merge([part(rows), part([later]), part([hello])])
    // The later primal at n=10 replaces the earlier one where it stood; the other answers stay.
    const earlierJs = rows.filter((r) => r.eval === 'lse' && r.tool === 'js')
    expect(merged.filter((r) => r.eval === 'lse' && r.tool === 'js')).toEqual([later, ...earlierJs.slice(1)])
    expect(earlierJs[0]).not.toEqual(later)
    // GradBench's order of evals, not the order of the runs.
    expect([...new Set(merged.map((r) => r.eval))]).toEqual(['hello', 'lse', 'saddle'])
    expect(validatedCounts(rows)).toBe('js 3/4, adol-c 3/3, wasm 3/3')
  })
})
