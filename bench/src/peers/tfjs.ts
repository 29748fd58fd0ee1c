// TensorFlow.js as the peer: the real library, its pure-JS `cpu` backend and
// its WebAssembly backend, switched within one process so ratios come from
// one run. In Node the WASM backend is single-threaded (TF.js disables its
// threads there) and uses SIMD when the runtime has it; its .wasm files are
// read from the installed package, never fetched.
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'

export type TfBackend = 'cpu' | 'wasm'
export const TF_BACKENDS: readonly TfBackend[] = ['cpu', 'wasm']
export { tf }

let prepared = false

function prepare(): void {
  if (prepared) return
  prepared = true
  const require = createRequire(import.meta.url)
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`)
  // Production mode, as a deployed TF.js program runs: no debug checks per op.
  tf.enableProdMode()
}

/** Makes `name` the active backend (TF.js has one at a time). */
export async function useBackend(name: TfBackend): Promise<void> {
  prepare()
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js backend ${name} failed to initialise`)
  await tf.ready()
}

/** What the WASM backend runs with, for the report. */
export async function tfDescription(): Promise<string> {
  prepare()
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
  return `TensorFlow.js ${tf.version.tfjs}: cpu backend (float32, pure JS); wasm backend (float32, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}); production mode`
}

/** Reads a tensor back as float64, the way a caller gets numbers out. */
export function read(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync())
}

/** Runs fn in a tidy scope and reads its result back, freeing every tensor it made. */
export function compute(fn: () => tf.Tensor): Float64Array {
  const t = tf.tidy(fn)
  try {
    return read(t)
  } finally {
    t.dispose()
  }
}

/** TF.js computes in float32: a float64 point is converted on the way in, as a caller must. */
export const f32 = (x: ArrayLike<number>) => Float32Array.from(x)
