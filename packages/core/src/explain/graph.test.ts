// DOT and Mermaid export. The DOT is checked by real Graphviz (compiled to
// WebAssembly in @viz-js/viz): it must parse, and its layout must have the
// nodes and edges we meant.
import { instance } from '@viz-js/viz'
import { describe, expect, it } from 'vitest'
import { add, compile, mul, toDot, toMermaid, trace } from '../index.js'
import type { Var } from '../var.js'

const f = (x: Var) => add(mul(x, x), x)

describe('graph export', () => {
  it('toDot of x² + x is valid DOT with five nodes, four edges, values and adjoints', async () => {
    const dot = toDot(f, { at: [2] })
    const viz = await instance()
    const result = viz.render(dot, { format: 'json' })
    expect(result.status).toBe('success')
    const layout = JSON.parse(result.output ?? '{}') as { objects: { label: string }[]; edges: unknown[] }
    expect(layout.objects).toHaveLength(5)
    expect(layout.edges).toHaveLength(4)
    expect(layout.objects.map((o) => o.label)).toEqual([
      'A = x\\nvalue 2\\nadjoint 2',
      'B = x\\nvalue 2\\nadjoint 2',
      'C = A · B\\nvalue 4\\nadjoint 1',
      'D = x\\nvalue 2\\nadjoint 1',
      'E = C + D\\nvalue 6\\nadjoint 1',
    ])
  })

  it('without a point, a program is drawn at the point it was recorded', () => {
    const p = trace(f, [3])
    expect(toDot(p)).toContain('E = C + D\\nvalue 12\\nadjoint 1')
  })

  it('toMermaid draws the same graph', () => {
    const m = toMermaid(f, { at: [2] })
    expect(m.split('\n')[0]).toBe('flowchart BT')
    expect(m).toContain('n2["C = A · B<br/>value 4<br/>adjoint 1"]')
    expect(m).toContain('n0(["A = x<br/>value 2<br/>adjoint 2"])')
    expect(m.match(/-->/g)).toHaveLength(4)
  })

  it('a function without a point is a clear error', () => {
    expect(() => toDot(f)).toThrow(/needs a point/)
  })

  it('a constant has no adjoint line in DOT or Mermaid, and (x-3)^2 at 1 shows no NaN', () => {
    const p = compile('(x-3)^2')
    for (const text of [toDot(p, { at: [1] }), toMermaid(p, { at: [1] })]) {
      expect(text).not.toContain('NaN')
      expect(text).toContain('D = 2')
      expect(text.match(/adjoint/g)).toHaveLength(3)
    }
  })
})
