import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule graph', () => {
  it('--format dot is Graphviz input with values and adjoints (golden)', async () => {
    const r = await cli(['graph', 'x*x + x', '--at', 'x=2', '--format', 'dot'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`digraph chainrule {
  rankdir=BT;
  node [shape=box, style=rounded, fontname="Helvetica"];
  n0 [label="A = x\\nvalue 2\\nadjoint 2", shape=ellipse];
  n1 [label="B = x\\nvalue 2\\nadjoint 2", shape=ellipse];
  n2 [label="C = A · B\\nvalue 4\\nadjoint 1"];
  n3 [label="D = x\\nvalue 2\\nadjoint 1", shape=ellipse];
  n4 [label="E = C + D\\nvalue 6\\nadjoint 1"];
  n0 -> n2;
  n1 -> n2;
  n2 -> n4;
  n3 -> n4;
}
`)
  })

  it('--format mermaid', async () => {
    const r = await cli(['graph', 'x*x + x', '--at', 'x=2', '--format', 'mermaid'])
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'flowchart BT',
      '  n0(["A = x<br/>value 2<br/>adjoint 2"])',
      '  n1(["B = x<br/>value 2<br/>adjoint 2"])',
      '  n2["C = A · B<br/>value 4<br/>adjoint 1"]',
    ])
  })

  it('text (the default) is the node table; without --at it says which point it drew', async () => {
    expect((await cli(['graph', 'x*x + x', '--at', 'x=2'])).stdout).toBe(
      'at  x = 2\n\n           value  adjoint\nA = x          2        2\nB = x          2        2\nC = A · B      4        1\nD = x          2        1\nE = C + D      6        1\n',
    )
    expect((await cli(['graph', 'x*x + x'])).stdout.split('\n')[0]).toBe('at  x = 1')
  })

  it('--format json: nodes with spans into the expression, edges with local partials', async () => {
    const g = json(await cli(['graph', 'x*x + x', '--at', 'x=2', '--format', 'json']))
    expect(g).toMatchObject({ output: 'E', value: 6 })
    expect((g.nodes as { label: string; span?: number[] }[]).map((n) => [n.label, n.span])).toEqual([
      ['A', undefined],
      ['B', undefined],
      ['C', [0, 3]],
      ['D', undefined],
      ['E', [0, 7]],
    ])
    expect(g.edges).toEqual([
      { from: 0, to: 2, slot: 0, local: 2 },
      { from: 1, to: 2, slot: 1, local: 2 },
      { from: 2, to: 4, slot: 0, local: 1 },
      { from: 3, to: 4, slot: 1, local: 1 },
    ])
  })

  it('--json wraps any format: the DOT text as a string', async () => {
    const r = json(await cli(['graph', 'x*x + x', '--at', 'x=2', '--format', 'dot', '--json']))
    expect(r).toMatchObject({ command: 'graph', format: 'dot', at: { x: 2 } })
    expect(r.graph).toMatch(/^digraph chainrule \{\n/)
  })

  it('an unknown format is a usage error', async () => {
    const r = await cli(['graph', 'x', '--format', 'svg'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("argument 'svg' is invalid. Allowed choices are dot, mermaid, json, text.")
  })
})
