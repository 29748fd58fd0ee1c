// chainrule bench <expr> --at …: this expression's gradient on the JS and the
// WebAssembly backend, one point at a time and batched, against central
// differences; medians of batches interleaved across the methods in one
// process (core's harness, the one `pnpm bench` uses), so the ratios compare
// like with like and mean what the bench report's mean. --backend does not apply: both always run.
import { timeAll } from '@chainrule/core/measure'
import { Command, Option } from 'commander'
import { type BackendName, loadBackend } from '../backends.js'
import type { Context, Program, Session } from '../context.js'
import { UsageError } from '../errors.js'
import { duration, short } from '../format/number.js'
import { table } from '../format/table.js'
import { WORDS } from '../messages.js'
import { atOption, examples, numberOption } from '../options.js'
import { pointObject, pointText, readPoint } from '../point.js'
import { budgetOf } from '../timing.js'

/**
 * --runs is a count of timed batches per method (each at least a millisecond,
 * see timing.ts), so 1000 already means seconds of work per method; --batch is a
 * batched replay, bounded like every other batch by core's points limit.
 */
export const MAX_RUNS = 1000

interface BenchOpts {
  at?: string
  runs: number
  batch: number
}

interface Row {
  name: string
  backend: BackendName
  kind: 'gradient' | 'gradientBatch' | 'numeric'
  /** Median milliseconds per point. */
  timeMs: number
  pointsPerSecond: number
  /** Largest |difference| from the JS backend's AD gradient. */
  maxError: number
  /** Interquartile range of the batch times over the median: how noisy the machine was. */
  spread: number
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]))
  return d
}

export function benchCommand(ctx: Context): Command {
  const cmd = new Command('bench')
    .description('time this gradient: JS vs WebAssembly backend, single and batched, vs numeric differences')
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .addOption(
      new Option('--runs <n>', 'timed batches per method; the median is reported')
        .default(9)
        .argParser(numberOption('--runs', 'count', { min: 1, max: MAX_RUNS })),
    )
    .addOption(
      new Option('--batch <k>', `points per batched replay (at most core's points limit)`)
        .default(1024)
        .argParser(numberOption('--batch', 'count', { min: 1 })),
    )
    .action(async (arg: string, opts: BenchOpts) => {
      const { s, text, program: reference } = await ctx.expression(cmd, arg)
      const most = s.api.DEFAULT_LIMITS.points
      if (opts.batch > most) {
        throw new UsageError(
          'invalid-option',
          `--batch: at most ${most} points (core's points limit), got ${opts.batch}`,
          undefined,
          `--batch: 점은 최대 ${most}개(코어의 점 한도)인데 ${opts.batch}개입니다`,
        )
      }
      const x = readPoint(s, reference, opts.at)
      const rows = await bench(s, text, x, opts)
      const fastest = Math.min(...rows.map((r) => r.timeMs))
      const vars = reference.variables
      if (s.globals.json) {
        s.printJson({
          command: 'bench',
          expression: text,
          variables: vars,
          at: pointObject(vars, x),
          runs: opts.runs,
          batch: opts.batch,
          results: rows.map((r) => ({ ...r, relative: r.timeMs / fastest })),
        })
        return
      }
      const w = WORDS[s.globals.lang]
      s.print(`${s.c.dim(w.at)}  ${pointText(vars, x)}`)
      s.print()
      const cells = [
        [
          w.method,
          w.bench.timePerPoint,
          w.bench.spread,
          w.bench.pointsPerSecond,
          w.bench.timesFastest,
          w.bench.maxError,
        ],
        ...rows.map((r) => [
          r.name,
          duration(r.timeMs),
          // Half the interquartile range, as the bench report prints it.
          `±${((r.spread * 100) / 2).toFixed(0)}%`,
          short(r.pointsPerSecond),
          (r.timeMs / fastest).toFixed(2),
          short(r.maxError),
        ]),
      ]
      s.print(
        table(cells, {
          header: true,
          align: ['left', 'right', 'right', 'right', 'number', 'right'],
          style: (cell, r) => (r === 0 ? s.c.dim(cell) : cell),
        }).join('\n'),
      )
      s.print(s.c.dim(w.bench.note(opts.runs, opts.batch)))
    })
  return examples(cmd, [
    'chainrule bench "x^2 + x" --at x=2',
    'chainrule bench "(1-x)^2 + 100(y-x^2)^2" --at x=-1.2,y=1 --batch 4096 --json',
  ])
}

/**
 * Every method is prepared (and its answer checked) first, then all five are
 * timed by core's harness *interleaved*, batch by batch, as `pnpm bench` times
 * them: a change in the machine's load weighs on all alike, so "× fastest"
 * means what the bench report's ratios mean.
 */
/** An error check, and its first value (before any timing). */
const checked = (error: () => number) => ({ error, maxError: error() })

async function bench(s: Session, text: string, x: Float64Array, opts: BenchOpts): Promise<Row[]> {
  const progress = s.progress()
  const w = WORDS[s.globals.lang]
  const k = opts.batch
  const n = x.length
  const X = new Float64Array(k * n)
  for (let i = 0; i < k; i++) X.set(x, i * n)
  interface Method {
    name: string
    backend: BackendName
    kind: Row['kind']
    /** Points one call computes. */
    points: number
    run: () => unknown
    /** Largest difference from the reference, taken before the timing and again after it (compiled by then). */
    error: () => number
    maxError: number
  }
  const methods: Method[] = []
  let reference: Float64Array | undefined
  let js: Program | undefined
  for (const backend of ['js', 'wasm'] as const) {
    const api = await loadBackend(backend)
    // Timed over many replays, so the WASM program tiers up to compiled code as it would in
    // any hot loop ('auto', docs/ARCHITECTURE.md §6); its error is checked again after the timing.
    const program = api.compile(text, { compile: 'auto' })
    reference ??= program.gradient(x).gradient
    const ref = reference
    if (backend === 'js') js = program
    methods.push({
      name: `${backend} gradient`,
      backend,
      kind: 'gradient',
      points: 1,
      run: () => program.gradient(x),
      ...checked(() => maxDiff(program.gradient(x).gradient, ref)),
    })
    methods.push({
      name: `${backend} gradientBatch`,
      backend,
      kind: 'gradientBatch',
      points: k,
      run: () => program.gradientBatch(X, k),
      ...checked(() =>
        maxDiff(
          program.gradientBatch(X, k).gradient,
          X.map((_, i) => ref[i % n]),
        ),
      ),
    })
  }
  const numeric = s.api.numeric
  const jsProgram = js!
  methods.push({
    name: 'numeric central (js)',
    backend: 'js',
    kind: 'numeric',
    points: 1,
    run: () => numeric.gradient(jsProgram, x),
    ...checked(() => maxDiff(numeric.gradient(jsProgram, x).gradient, reference!)),
  })
  const timings = timeAll(
    Object.fromEntries(methods.map((m) => [m.name, m.run])),
    budgetOf({ repeats: opts.runs }),
    {
      now: () => s.io.now(),
      onCalibrate: (name) => progress.update(() => w.calibrating(name), true),
      onRound: (round, rounds) => progress.update(() => w.timingRound(round, rounds), round === 1),
    },
  )
  progress.done()
  return methods.map((m) => {
    const t = timings[m.name]
    const timeMs = (t.median * 1000) / m.points
    return {
      name: m.name,
      backend: m.backend,
      kind: m.kind,
      timeMs,
      pointsPerSecond: 1000 / timeMs,
      maxError: Math.max(m.maxError, m.error()),
      spread: t.spread,
    }
  })
}
