import { describe, expect, it } from 'vitest'
import { compile, straddledKink } from './index.js'
import { PIECEWISE } from './kinks.js'

describe('straddledKink', () => {
  it('reads the piecewise-linear ops off the table: a kink and no curvature', () => {
    expect([...PIECEWISE].sort()).toEqual([
      'abs',
      'ceil',
      'floor',
      'max',
      'min',
      'relu',
      'round',
      'sign',
      'step',
    ])
  })

  it('finds the op whose kink lies between two points, and nothing where both sit on one side', () => {
    expect(straddledKink(compile('abs(x) + x^2'), [-1e-6], [1e-6])).toMatchObject({ op: 'abs' })
    expect(straddledKink(compile('relu(x - 1)'), [0.99], [1.01])).toMatchObject({ op: 'relu' })
    expect(straddledKink(compile('floor(x)'), [0.9], [1.1])).toMatchObject({ op: 'floor' })
    expect(straddledKink(compile('max(x, y)'), [1, 2], [3, 2])).toMatchObject({ op: 'max' })
    expect(straddledKink(compile('abs(x) + sin(x)'), [0.5], [0.6])).toBeNull()
    expect(straddledKink(compile('floor(x)'), [0.2], [0.8])).toBeNull()
  })
})
