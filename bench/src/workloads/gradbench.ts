// Workload 6: GradBench's lse, gmm and llsq evals, driven through the
// chainrule GradBench tool once per backend, at the sizes where the issue
// names the ratio (gradient ÷ plain-JS primal) that GradBench's ADOL-C tool
// reaches. The tool records each tape outside its timed runs and reports the
// recording separately. In a full run the tool is a child process, as in
// GradBench's own harness; run from source (tests), it is a session in-process.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Context } from '../context.js'
import { type Case, type CaseResult, gmmCase, llsqCase, lseCase, runCases } from '../gradbench/driver.js'
import { BACKENDS, type Backend } from '../gradbench/protocol.js'
import { processTransport, sessionTransport, type Transport } from '../gradbench/transport.js'

export interface GradbenchResult {
  readonly runs: { readonly min_runs: number; readonly min_seconds: number }
  readonly rounds: number
  readonly transport: 'process' | 'session'
  readonly backends: { readonly backend: Backend; readonly cases: CaseResult[] }[]
}

export function cases(quick: boolean): Case[] {
  if (quick) return [lseCase(100), gmmCase(2, 3, 20), gmmCase(3, 2, 10), llsqCase(64, 8)]
  return [
    lseCase(10_000, 5),
    gmmCase(2, 5, 1000, 7.5),
    gmmCase(10, 25, 1000, 15.6),
    llsqCase(16_392, 128, 21),
  ]
}

/** The tape compiler's targets (issue 14) for the wasm-compiled tool, gradient ÷ primal, by case name. */
export const COMPILED_TARGETS: Readonly<Record<string, number>> = {
  'lse n = 10000': 3,
  'gmm d = 2, K = 5, n = 1000': 2.2,
  'gmm d = 10, K = 25, n = 1000': 2.5,
  'llsq n = 16392, m = 128': 5,
}

function withCompiledTarget(c: CaseResult): CaseResult {
  const target = COMPILED_TARGETS[c.name]
  const { target: _, ...rest } = c
  return target === undefined ? rest : { ...rest, target }
}

const TOOL = fileURLToPath(new URL('../gradbench/main.js', import.meta.url))

export async function gradbench(ctx: Context): Promise<GradbenchResult> {
  // Three rounds of (primal, gradient), each at least 3 runs and 0.3 s: ≥ 9 runs and ≥ 0.9 s per function, interleaved.
  const runs = ctx.quick ? { min_runs: 2, min_seconds: 0 } : { min_runs: 3, min_seconds: 0.3 }
  const rounds = ctx.quick ? 1 : 3
  const useProcess = existsSync(TOOL)
  const backends = []
  for (const backend of BACKENDS) {
    ctx.log(`gradbench: ${backend} tool`)
    const tool: Transport = useProcess ? processTransport(TOOL, backend) : sessionTransport(backend)
    try {
      const results = await runCases(tool, cases(ctx.quick), runs, rounds)
      // The compiled tool is held to the tape compiler's targets (the report's "Compiled tapes" block).
      const compiled = backend === 'wasm-compiled'
      backends.push({ backend, cases: compiled ? results.map(withCompiledTarget) : results })
    } finally {
      await tool.close()
    }
  }
  return { runs, rounds, transport: useProcess ? 'process' : 'session', backends }
}
