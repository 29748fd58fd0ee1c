import { describe, expect, it } from 'vitest'
import { errorPlot } from './plot.js'

const HS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]

describe('errorPlot', () => {
  it('one row per decade; a V-shaped series bottoms out in the middle; labels never touch', () => {
    const plot = errorPlot(HS, [{ name: 'central', errors: [1e-2, 1e-4, 1e-6, 1e-4, 1e-2] }], {
      color: false,
      spread: 2,
    })
    expect(plot).toBe(
      [
        ' 1e0 ┤',
        '1e-1 ┤',
        '1e-2 ┤cc      c',
        '1e-3 ┤ cc    cc',
        '1e-4 ┤  cc  cc',
        '1e-5 ┤   cccc',
        '1e-6 ┤    cc',
        '      1e-1  1e-4',
        '      c central',
      ].join('\n'),
    )
  })

  it('without colour each method is its own letter; an exact zero has a row of its own, labelled 0', () => {
    const plot = errorPlot(
      HS.slice(0, 2),
      [
        { name: 'central', errors: [1e-3, 0] },
        { name: 'forward', errors: [1e-1, 1e-1] },
      ],
      { color: false, spread: 1 },
    )
    expect(plot.split('\n')).toEqual([
      ' 1e0 ┤',
      '1e-1 ┤ff',
      '1e-2 ┤',
      '1e-3 ┤cc',
      '   0 ┤ c',
      '      1e-1',
      '      c central   f forward',
    ])
  })

  it('in colour the lines are coloured and the legend says which is which', () => {
    const plot = errorPlot(HS, [{ name: 'central', errors: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6] }], { color: true })
    expect(plot).toContain('\x1b[34m')
    expect(plot.split('\n').at(-1)).toBe('      \x1b[34m───\x1b[0m central')
  })
})
