// The ML workload: micrograd's demo network, 2 → 16 → 16 → 1 with tanh hidden
// layers, scored with micrograd's max-margin loss on the two-moons set:
//   loss = mean(relu(1 − yᵢ·score(xᵢ))) + α·Σ p²,  α = 10⁻⁴.
// Parameters are one flat vector, layer by layer and neuron by neuron, each
// neuron its weights then its bias (micrograd's order). This file holds the
// plain loss and the hand-written backpropagation (the floor).
import { rng, uniform } from '../rng.js'
import type { Dataset } from './moons.js'

export const LAYERS = [2, 16, 16, 1] as const
export const ALPHA = 1e-4

/** 2·16 + 16 + 16·16 + 16 + 16 + 1 = 337. */
export const PARAMS = LAYERS.slice(1).reduce((s, out, l) => s + out * (LAYERS[l] + 1), 0)

/** Weights uniform in (−1, 1) and biases 0, as micrograd initialises them. */
export function initialParams(seed = 7): Float64Array {
  const r = rng(seed)
  const p = new Float64Array(PARAMS)
  let o = 0
  for (let l = 1; l < LAYERS.length; l++) {
    for (let j = 0; j < LAYERS[l]; j++) {
      for (let i = 0; i < LAYERS[l - 1]; i++) p[o++] = uniform(r, -1, 1)
      p[o++] = 0
    }
  }
  return p
}

/** Activations of every layer for one point (a[0] is the input); the last layer is linear. */
function forward(p: ArrayLike<number>, x0: number, x1: number, a: Float64Array[]): void {
  a[0][0] = x0
  a[0][1] = x1
  let o = 0
  for (let l = 1; l < LAYERS.length; l++) {
    const nin = LAYERS[l - 1]
    for (let j = 0; j < LAYERS[l]; j++) {
      let z = p[o + nin]
      for (let i = 0; i < nin; i++) z += p[o + i] * a[l - 1][i]
      a[l][j] = l === LAYERS.length - 1 ? z : Math.tanh(z)
      o += nin + 1
    }
  }
}

const activations = () => LAYERS.map((n) => new Float64Array(n))

function regularisation(p: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < p.length; i++) s += p[i] * p[i]
  return ALPHA * s
}

export function mlpLoss(p: ArrayLike<number>, data: Dataset): number {
  const a = activations()
  let loss = 0
  for (let k = 0; k < data.n; k++) {
    forward(p, data.x[2 * k], data.x[2 * k + 1], a)
    loss += Math.max(0, 1 - data.y[k] * a[LAYERS.length - 1][0])
  }
  return loss / data.n + regularisation(p)
}

/** Backpropagation by hand; relu′(0) = 0, as chainrule pins it. Returns the loss, writes ∇ into g. */
export function mlpGradient(p: ArrayLike<number>, data: Dataset, g: Float64Array): number {
  const a = activations()
  const delta = activations()
  const last = LAYERS.length - 1
  for (let i = 0; i < p.length; i++) g[i] = 2 * ALPHA * p[i]
  let loss = 0
  for (let k = 0; k < data.n; k++) {
    forward(p, data.x[2 * k], data.x[2 * k + 1], a)
    const margin = 1 - data.y[k] * a[last][0]
    if (margin <= 0) continue
    loss += margin
    delta[last][0] = -data.y[k] / data.n
    // Walk the layers backwards; o is the offset of layer l's first neuron.
    let o = PARAMS
    for (let l = last; l >= 1; l--) {
      const nin = LAYERS[l - 1]
      o -= LAYERS[l] * (nin + 1)
      delta[l - 1].fill(0)
      for (let j = 0; j < LAYERS[l]; j++) {
        const q = o + j * (nin + 1)
        const d = delta[l][j]
        for (let i = 0; i < nin; i++) {
          g[q + i] += d * a[l - 1][i]
          delta[l - 1][i] += d * p[q + i]
        }
        g[q + nin] += d
      }
      if (l > 1) for (let i = 0; i < nin; i++) delta[l - 1][i] *= 1 - a[l - 1][i] * a[l - 1][i]
    }
  }
  return loss / data.n + regularisation(p)
}

/**
 * The floors: the loss at p0, and a training step (backpropagation by hand,
 * then SGD with rate lr) from its own copy of p0. Imported fresh by the MLP
 * workload (fresh.ts), so nothing else shares their code or its feedback.
 */
export function mlpFloors(p0: Float64Array, data: Dataset, lr: number) {
  const p = Float64Array.from(p0)
  const g = new Float64Array(PARAMS)
  return {
    primal: () => mlpLoss(p0, data),
    step: () => {
      const loss = mlpGradient(p, data, g)
      for (let i = 0; i < PARAMS; i++) p[i] -= lr * g[i]
      return loss
    },
  }
}
