// The GradBench driver's own logic, without Python: its options, and the table
// pairing each derivative with the primal of the same eval, size and backend.
import { describe, expect, test } from 'vitest'
import { type Evaluated, parseArgs } from './validate.js'
import { table } from './validate-table.js'

describe('gradbench:validate', () => {
  test('options: evals, backends, an eval’s own size arguments, caps, merged runs', () => {
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
        '--from',
        'a.json',
      ],
      { GRADBENCH_DIR: '/g' },
    )
    expect(o).toMatchObject({
      dir: '/g',
      evals: ['lse', 'gmm'],
      backends: ['wasm'],
      evalArgs: { lse: ['-n', '2500', '5000'] },
      timeoutSeconds: 60,
      from: ['a.json'],
    })
    expect(() => parseArgs(['--backend', 'gpu'], {})).toThrow(/js, wasm, wasm-compiled, got gpu/)
    expect(() => parseArgs(['--args', '-n 5'], {})).toThrow(/EVAL=ARG/)
    expect(() => parseArgs(['--frobnicate'], {})).toThrow(/unknown option/)
  })

  test('table: one line per derivative, beside its primal, with the verdicts and the failure', () => {
    const rows: Evaluated[] = [
      { eval: 'lse', backend: 'js', function: 'primal', description: 'n=10', valid: true, seconds: 1e-3 },
      {
        eval: 'lse',
        backend: 'js',
        function: 'gradient',
        description: 'n=10',
        valid: false,
        error: 'tool: out of memory',
        seconds: 4e-3,
        nodes: 50,
        peakBytes: 2 ** 21,
      },
      { eval: 'saddle', backend: 'wasm', function: 'rr', description: 'w=0', valid: true, seconds: 2 },
      {
        eval: 'gmm',
        backend: 'wasm-compiled',
        function: 'jacobian',
        description: '2_5_1000',
        valid: true,
        nodes: 60,
        toolNote: 'tape nodes: one point, 50, + the rest, 10',
      },
    ]
    const lines = table(rows).split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[2]).toBe(
      '| lse | n=10 | js | gradient | yes / no | 1 ms | 4 ms | 4.0 | — | 50 | 2 MiB | tool: out of memory |',
    )
    expect(lines[3]).toBe('| saddle | w=0 | wasm | rr | — / yes | — | 2 s | — | — | — | — |  |')
    expect(lines[4]).toBe(
      '| gmm | 2_5_1000 | wasm-compiled | jacobian | — / yes | — | — | — | — | 60 | — | tape nodes: one point, 50, + the rest, 10 |',
    )
  })
})
