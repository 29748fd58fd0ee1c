// Everything one run produced, as written to results.json.

import type { Budget } from '@chainrule/core/measure'
import type { Machine } from './machine.js'
import type { Row } from './measure.js'
import type { AdolcResult } from './workloads/adolc.js'
import type { AppsResult } from './workloads/apps.js'
import type { BatchResult } from './workloads/batch.js'
import type { CompilerResult } from './workloads/compiler.js'
import type { GradbenchResult } from './workloads/gradbench.js'
import type { LatencyResult } from './workloads/latency.js'
import type { MlpResult } from './workloads/mlp.js'
import type { RosenbrockResult } from './workloads/rosenbrock.js'
import type { TapeResult } from './workloads/tape.js'

export interface Target {
  /** The targets table the row belongs in: the first issues' (base) or the tape compiler's (compiled). */
  readonly block?: 'compiled'
  readonly name: string
  readonly goal: string
  /** What was measured, in words and numbers; "not measured" in --quick runs at other sizes. */
  readonly measured: string
  readonly met: boolean | null
  readonly where: string
}

export interface Results {
  readonly mode: 'full' | 'quick'
  readonly command: string
  readonly machine: Machine
  readonly tfjs: string
  readonly budget: Budget
  readonly seconds: number
  readonly loadAtEnd: number
  readonly latency: LatencyResult
  readonly apps: AppsResult
  readonly rosenbrock: RosenbrockResult
  readonly batch: BatchResult
  readonly mlp: MlpResult
  readonly tape: TapeResult
  readonly gradbench: GradbenchResult
  readonly compiler: CompilerResult
  /** ADOL-C beside chainrule, read from the committed gradbench:validate runs (not measured by this run). */
  readonly adolc: AdolcResult
  readonly targets: Target[]
}

export function row(rows: readonly Row[], id: string): Row | undefined {
  return rows.find((r) => r.id === id && Number.isFinite(r.seconds))
}

/** How many times faster `fast` is than `slow` (seconds ÷ seconds, same run). */
export function speedup(rows: readonly Row[], slow: string, fast: string): number {
  const a = row(rows, slow)
  const b = row(rows, fast)
  return a && b ? a.seconds / b.seconds : Number.NaN
}
