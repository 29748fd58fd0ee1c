// Measuring a set of methods on one workload: each method's answer is checked
// against the exact one first (accuracy beside time), then all are timed
// interleaved with an anchor method, so every ratio comes from medians taken
// side by side. TensorFlow.js has one active backend at a time, so each of its
// backends is timed in a group of its own, again beside the anchor.

import { type Timing, timeAll } from '@chainrule/core/measure'
import { relativeError } from './accuracy.js'
import type { Context } from './context.js'
import { type TfBackend, useBackend } from './peers/tfjs.js'

export interface Instance {
  /** One timed call. */
  run(): unknown
  /** The method's answer (derivative or gradient), for its error. Defaults to run(). */
  result?(): number | ArrayLike<number>
  dispose?(): void
}

export interface Method {
  readonly id: string
  readonly label: string
  /** Runs only with this TensorFlow.js backend active. */
  readonly tf?: TfBackend
  /** Computes no derivative (the primal): timed, but has no error. */
  readonly valueOnly?: boolean
  /** Set when the method is not run at this size, saying why. */
  readonly skip?: string
  /** Called with the right backend active; setup here is not timed. */
  make(): Instance
}

export interface Row {
  readonly id: string
  readonly label: string
  /** Median seconds per unit (per call, or per point when `per` was given). */
  readonly seconds: number
  readonly timing?: Timing
  /** Normwise relative error against the exact answer. */
  readonly error?: number
  /** seconds ÷ the anchor's seconds, both medians of the same interleaved group. */
  readonly ratio?: number
  readonly skip?: string
}

/** Thrown by a method's make() when what it measures cannot run (not built, refused): its row says why instead of a time. */
export class NotRun extends Error {}

const asArray = (r: number | ArrayLike<number>): ArrayLike<number> => (typeof r === 'number' ? [r] : r)

function prepare(m: Method, exact: ArrayLike<number>): { instance: Instance; error?: number } {
  const instance = m.make()
  if (m.valueOnly) return { instance }
  const answer = instance.result ? instance.result() : (instance.run() as number | ArrayLike<number>)
  return { instance, error: relativeError(asArray(answer), exact) }
}

export async function measure(
  ctx: Context,
  methods: readonly Method[],
  anchorId: string,
  exact: ArrayLike<number>,
  per = 1,
): Promise<Row[]> {
  const anchorMethod = methods.find((m) => m.id === anchorId)
  if (!anchorMethod || anchorMethod.tf)
    throw new Error(`measure: anchor ${anchorId} must be a chainrule method`)
  const rows = new Map<string, Row>()
  const groups: (TfBackend | undefined)[] = [undefined, 'cpu', 'wasm']
  for (const backend of groups) {
    const members = methods.filter((m) => m.tf === backend && !m.skip)
    if (members.length === 0) continue
    if (backend) await useBackend(backend)
    const anchor = backend ? prepare(anchorMethod, exact) : undefined
    const prepared = []
    for (const m of members) {
      try {
        prepared.push({ m, ...prepare(m, exact) })
      } catch (e) {
        if (!(e instanceof NotRun)) throw e
        rows.set(m.id, { id: m.id, label: m.label, seconds: Number.NaN, skip: e.message })
      }
    }
    const fns: Record<string, () => unknown> = {}
    for (const p of prepared) fns[p.m.id] = () => p.instance.run()
    if (anchor) fns[anchorId] = () => anchor.instance.run()
    const timings = timeAll(fns, ctx.budget)
    for (const p of prepared) {
      const t = timings[p.m.id]
      rows.set(p.m.id, {
        id: p.m.id,
        label: p.m.label,
        seconds: t.median / per,
        timing: t,
        ...(p.error === undefined ? {} : { error: p.error }),
        ratio: t.median / timings[anchorId].median,
      })
      p.instance.dispose?.()
    }
    anchor?.instance.dispose?.()
  }
  return methods.map(
    (m) => rows.get(m.id) ?? { id: m.id, label: m.label, seconds: Number.NaN, skip: m.skip ?? 'not run' },
  )
}
