// The floors and peers must compute what they claim: every hand-written
// gradient against chainrule's, at random points (fast-check), and each
// TF.js form against the hand-written gradient within float32 accuracy.
import { trace } from '@chainrule/core'
import { property } from '@chainrule/core/spec/property'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { relativeError } from '../accuracy.js'
import { useBackend } from '../peers/tfjs.js'
import { initialParams, mlpGradient, mlpLoss, PARAMS } from './mlp.js'
import { mlpVars, TfMlp, ValueMlp } from './mlp-forms.js'
import { moons } from './moons.js'
import {
  rosenbrock,
  rosenbrockGradient,
  rosenbrockTf,
  rosenbrockValues,
  rosenbrockVars,
} from './rosenbrock.js'
import { squarePlusDerivative, squarePlusTf, squarePlusValue, squarePlusVar } from './square-plus.js'
import { TEN, tenVar, tenVarGradient, tenVarTf, tenVarVars } from './ten-var.js'

const point = (n: number) =>
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n })

describe('hand-written gradients agree with chainrule', () => {
  test('x² + x: 2x + 1, and the closure graph gives 5 at 2', () => {
    expect(squarePlusDerivative(2)).toBe(5)
    expect(squarePlusValue(2)).toBe(5)
    expect(trace(squarePlusVar, [2]).gradient([2]).gradient[0]).toBe(5)
  })

  test('Rosenbrock, n = 7', () => {
    const p = trace(rosenbrockVars, 7)
    fc.assert(
      fc.property(point(7), (x) => {
        const g = new Float64Array(7)
        const value = rosenbrockGradient(x, g)
        const ad = p.gradient(x)
        expect(ad.value).toBeCloseTo(rosenbrock(x), 9)
        expect(value).toBeCloseTo(rosenbrock(x), 9)
        expect(relativeError(ad.gradient, g)).toBeLessThan(1e-14)
        expect(relativeError(rosenbrockValues(x), g)).toBeLessThan(1e-14)
      }),
      property({ seed: 7, runs: 100 }),
    )
  })

  test('the 10-variable function', () => {
    const p = trace(tenVarVars, TEN)
    fc.assert(
      fc.property(point(TEN), (x) => {
        const g = new Float64Array(TEN)
        tenVarGradient(x, g)
        const ad = p.gradient(x)
        expect(ad.value).toBeCloseTo(tenVar(x), 12)
        expect(relativeError(ad.gradient, g)).toBeLessThan(1e-13)
      }),
      property({ seed: 10, runs: 100 }),
    )
  })

  test('the MLP: backpropagation by hand, chainrule and the closure graph give one gradient', () => {
    const data = moons(30)
    const p = initialParams(3)
    const g = new Float64Array(PARAMS)
    const loss = mlpGradient(p, data, g)
    expect(loss).toBeCloseTo(mlpLoss(p, data), 12)
    const ad = trace(mlpVars(data), p).gradient(p)
    expect(ad.value).toBeCloseTo(loss, 12)
    expect(relativeError(ad.gradient, g)).toBeLessThan(1e-13)
    expect(relativeError(new ValueMlp(p).lossAndGradient(data).gradient, g)).toBeLessThan(1e-13)
  })
})

describe('two moons', () => {
  test('is deterministic, half of each label', () => {
    const a = moons(100)
    expect(a.x).toEqual(moons(100).x)
    expect(a.y.filter((v) => v === 1)).toHaveLength(50)
    expect(a.y.filter((v) => v === -1)).toHaveLength(50)
  })
})

describe.each(['cpu', 'wasm'] as const)(
  'TensorFlow.js %s computes the same gradients in float32',
  (backend) => {
    test('x² + x, Rosenbrock, the 10-variable batch and the MLP', async () => {
      await useBackend(backend)
      expect(squarePlusTf()(2)).toBe(5)
      const x = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i) * 1.5)
      const g = new Float64Array(20)
      rosenbrockGradient(x, g)
      expect(relativeError(rosenbrockTf(20)(x), g)).toBeLessThan(1e-5)
      const k = 8
      const X = Float64Array.from({ length: k * TEN }, (_, i) => Math.cos(i))
      const G = new Float64Array(k * TEN)
      for (let p = 0; p < k; p++) tenVarGradient(X, G, p * TEN)
      expect(relativeError(tenVarTf(k)(X), G)).toBeLessThan(1e-5)
      const data = moons(30)
      const p = initialParams(3)
      const exact = new Float64Array(PARAMS)
      mlpGradient(p, data, exact)
      const net = new TfMlp(p, data, 0.1)
      expect(relativeError(net.gradient(), exact)).toBeLessThan(1e-5)
      expect(net.step()).toBeCloseTo(mlpLoss(p, data), 5)
      net.dispose()
    })
  },
)
