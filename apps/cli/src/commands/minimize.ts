// chainrule minimize <expr> --from x=…,y=…: gradient-based minimisation
// (gd, momentum, adam, lbfgs) with a progress line on a terminal, ending with
// the minimiser, the value, the iterations and how it stopped.

import { DEFAULT_LR, type MinimizeResult } from '@chainrule/core'
import { Command, Option } from 'commander'
import type { Context, Program, Session } from '../context.js'
import { UsageError } from '../errors.js'
import { num, short } from '../format/number.js'
import { WORDS } from '../messages.js'
import { examples, numberOption } from '../options.js'
import { pointObject, pointText, readPoint } from '../point.js'
import { valueTable } from '../results.js'

const METHODS = ['gd', 'momentum', 'adam', 'lbfgs'] as const

interface MinimizeOpts {
  from?: string
  method: (typeof METHODS)[number]
  lr?: number
  maxIter?: number
  tol?: number
}

const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v))

export function minimizeCommand(ctx: Context): Command {
  const cmd = withOptions(
    new Command('minimize')
      .description('minimise an expression from a starting point (gd, momentum, adam, lbfgs)')
      .argument('<expr>', 'the expression, or - to read it from stdin'),
  ).action(async (arg: string, opts: MinimizeOpts) => {
    // Up to --max-iter gradients of one tape: worth compiling (ExpressionNeeds.replays).
    const { s, text, program } = await ctx.expression(cmd, arg, { replays: true })
    const limit = s.api.DEFAULT_LIMITS.iterations
    if (opts.maxIter !== undefined && opts.maxIter > limit) {
      throw new UsageError(
        'too-many-iterations',
        `--max-iter ${opts.maxIter}: the limit is ${limit}`,
        undefined,
        `--max-iter ${opts.maxIter}: 한도는 ${limit}입니다`,
      )
    }
    s.refuseOverWork('minimize', program, { k: 1, iterations: opts.maxIter })
    const x0 = readPoint(s, program, opts.from, 'from')
    const result = run(s, program, x0, opts)
    const gradientNorm = norm(program.gradient(result.x).gradient)
    if (s.globals.json) printJson(s, text, program, x0, opts, result, gradientNorm)
    else printHuman(s, program, opts, result, gradientNorm)
    // Neither is a minimum: exit 1 with the reason, as for any result that is not trustworthy.
    if (result.status === 'diverged' || result.status === 'line-search-failed') {
      s.flag()
      const w = WORDS[s.globals.lang]
      if (!s.globals.json) {
        s.warn(result.status === 'diverged' ? w.diverged : w.lineSearchFailed)
        if (result.status === 'diverged') {
          const searched = opts.lr === undefined && (opts.method === 'gd' || opts.method === 'momentum')
          s.warn(searched ? w.unbounded : w.lowerLr(opts.lr ?? DEFAULT_LR[opts.method] ?? 1))
        }
      }
    }
    if (result.status === 'max-iterations' && !s.globals.json && (opts.maxIter ?? 1000) < limit)
      s.io.stderr.write(`${WORDS[s.globals.lang].raiseMaxIter(limit)}\n`)
  })
  return examples(cmd, [
    'chainrule minimize "(1-x)^2 + 100(y-x^2)^2" --from x=-1.2,y=1 --method lbfgs',
    'chainrule minimize "(1-x)^2 + 100(y-x^2)^2" --from x=-1.2,y=1 --method adam --lr 0.02 --max-iter 10000',
    'chainrule minimize "x^4 - 3x^2 + x" --from x=2 --json',
  ])
}

function withOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--from <point>', 'the starting point: name=value, comma-separated'))
    .addOption(new Option('--method <method>', 'the optimiser').choices(METHODS).default('lbfgs'))
    .addOption(
      new Option(
        '--lr <rate>',
        `step size (default: gd and momentum search theirs by backtracking line search; ${DEFAULT_LR.adam} for adam; ${DEFAULT_LR.lbfgs} for lbfgs)`,
      ).argParser(numberOption('--lr')),
    )
    .addOption(
      new Option('--max-iter <n>', 'iteration limit (default 1000)').argParser(
        numberOption('--max-iter', 'count'),
      ),
    )
    .addOption(
      new Option('--tol <norm>', 'stop when the gradient norm is at most this (default 1e-8)').argParser(
        numberOption('--tol'),
      ),
    )
}

/** Core's minimize, with a progress line per step (on a terminal). */
function run(s: Session, program: Program, x0: Float64Array, opts: MinimizeOpts): MinimizeResult {
  const progress = s.progress()
  const result = s.api.minimize(program, x0, {
    method: opts.method,
    lr: opts.lr,
    maxIter: opts.maxIter,
    tol: opts.tol,
    trajectory: false,
    onStep: (step) => {
      progress.update(
        () =>
          `${WORDS[s.globals.lang].iteration(step.iteration)}  f = ${short(step.value, 6)}  |∇f| = ${short(step.gradientNorm)}`,
      )
      return undefined
    },
  })
  progress.done()
  return result
}

function printJson(
  s: Session,
  text: string,
  program: Program,
  x0: Float64Array,
  opts: MinimizeOpts,
  result: MinimizeResult,
  gradientNorm: number,
): void {
  const vars = program.variables
  s.printJson({
    command: 'minimize',
    expression: text,
    backend: program.backend,
    variables: vars,
    from: pointObject(vars, x0),
    method: opts.method,
    x: pointObject(vars, result.x),
    value: result.value,
    gradientNorm,
    iterations: result.iterations,
    evaluations: result.evaluations,
    status: result.status,
    converged: result.converged,
  })
}

function printHuman(
  s: Session,
  program: Program,
  opts: MinimizeOpts,
  result: MinimizeResult,
  gradientNorm: number,
): void {
  const w = WORDS[s.globals.lang]
  s.print(
    valueTable(s, [
      [w.method, opts.method],
      // A diverged run's point is where it stopped, not a minimiser.
      [result.status === 'diverged' ? w.lastPoint : w.minimiser, pointText(program.variables, result.x)],
      ['f', num(result.value)],
      ['|∇f|', short(gradientNorm)],
      [w.iterations, `${result.iterations} (${result.evaluations} ${w.evaluations})`],
      [
        w.status,
        (result.status === 'converged' ? s.c.green : s.c.yellow)(w.statuses[result.status] ?? result.status),
      ],
    ]),
  )
}
