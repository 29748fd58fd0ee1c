// chainrule compare <expr> --at …: the AD derivative beside central, forward,
// backward and Richardson differences (value, error, time), then the error
// of each method over a range of steps, drawn so the V shows: truncation
// error falls with h, rounding error grows as h shrinks.
import { outputName, straddledKink } from '@chainrule/core'
import { Command, Option } from 'commander'
import type { Context, Program, Session } from '../context.js'
import { quoted, UsageError } from '../errors.js'
import { duration, num, short } from '../format/number.js'
import { table } from '../format/table.js'
import {
  allFinite,
  atOption,
  derivativeLabel,
  examples,
  flagNonFinite,
  jsonHead,
  pointText,
  readPoint,
} from '../kit.js'
import { WORDS } from '../messages.js'
import { parseNumber } from '../numbers.js'
import { timePerCall } from '../timing.js'

const METHODS = ['central', 'forward', 'backward', 'richardson'] as const

/** `--h 1e-1,1e-2,…`: positive finite steps. */
function parseSteps(text: string): number[] {
  let at = 0
  return text.split(',').map((part) => {
    const start = at + (part.length - part.trimStart().length)
    at += part.length + 1
    const h = parseNumber(part.trim())
    if (h === undefined || !(h > 0) || !Number.isFinite(h)) {
      throw new UsageError('invalid-step', `--h: ${quoted(part.trim())} is not a positive step`, {
        field: 'h',
        text,
        start,
        end: start + Math.max(1, part.trim().length),
      })
    }
    return h
  })
}

export function compareCommand(ctx: Context): Command {
  const cmd = new Command('compare')
    .description(
      'AD against central, forward, backward and Richardson differences: values, errors, times, error vs h',
    )
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .addOption(
      new Option('--h <steps>', 'steps for the error curve, comma-separated (default 1e-1,1e-2,…,1e-16)'),
    )
    .addOption(new Option('--wrt <name>', 'the variable to differentiate along (default the first)'))
    .action(async (arg: string, opts: { at?: string; h?: string; wrt?: string }) => {
      const s = await ctx.session(cmd)
      s.refusePoints('compare')
      const text = await s.expressionText(arg)
      const program = s.compile(text)
      const vars = program.variables
      if (program.outputs !== 1)
        throw new UsageError('usage', `compare needs one expression; this list has ${program.outputs}`)
      if (vars.length === 0) throw new UsageError('usage', 'compare needs an expression with a variable')
      const index = opts.wrt === undefined ? 0 : vars.indexOf(opts.wrt)
      if (index < 0)
        throw new UsageError(
          'usage',
          `--wrt: ${quoted(opts.wrt ?? '')} is not a variable of the expression (${vars.join(', ')})`,
        )
      const hs = opts.h === undefined ? s.api.numeric.defaultHs : parseSteps(opts.h)
      s.refuseOverWork('compare', program, { k: 1, hs: hs.length })
      const x = readPoint(s, program, opts.at)
      const r = compare(s, program, x, index, hs)

      if (s.globals.json) {
        s.printJson(
          {
            ...jsonHead('compare', text, program, x),
            wrt: vars[index],
            ...r,
          },
          { program, x },
        )
      } else {
        await printHuman(s, vars, x, index, r)
      }
      if (!allFinite([r.value, r.ad.value]))
        flagNonFinite(s, program, x, Number.isFinite(r.value) ? derivativeLabel(vars, index) : 'f')
    })
  return examples(cmd, [
    'chainrule compare "exp(x)" --at x=1',
    'chainrule compare "sin(x) + cos(x)" --at x=0.5 --h 1e-2,1e-4,1e-6,1e-8,1e-10',
    'chainrule compare "x*y + x^3 - log(y)" --at x=3,y=4 --wrt y --json',
  ])
}

type Method = (typeof METHODS)[number]

interface MethodResult {
  /** The method's default step (Richardson: the first step of the tableau it kept). */
  h: number
  value: number
  absError: number
  relError: number
  evaluations: number
  errorEstimate?: number
  timeMs: number
}

type Comparison = ReturnType<typeof compare>

/** |d − AD| and |d − AD| / |AD|, as core's errorSweep defines them (0 when both are 0, ∞ when only AD is). */
function errors(d: number, ad: number): { absError: number; relError: number } {
  const absError = Math.abs(d - ad)
  const relError = ad !== 0 ? absError / Math.abs(ad) : absError === 0 ? 0 : Number.POSITIVE_INFINITY
  return { absError, relError }
}

function compare(s: Session, program: Program, x: Float64Array, index: number, hs: readonly number[]) {
  const now = () => s.io.now()
  const { numeric } = s.api
  const { value, gradient } = program.gradient(x)
  const atKink = program.status.kind === 'kink'
  // AD's time is the whole gradient (one forward and one reverse sweep), whatever n is.
  const ad = { value: gradient[index], timeMs: timePerCall(() => program.gradient(x), now) }
  // f along the axis of one variable, as the finite differences see it.
  const probe = Float64Array.from(x)
  const along = (t: number) => {
    probe[index] = t
    return program.evaluate(probe)[0]
  }
  const methods = {} as Record<Method, MethodResult>
  for (const method of METHODS) {
    const d = numeric.derivative(along, x[index], { method })
    const timeMs = timePerCall(() => numeric.derivative(along, x[index], { method }), now)
    const { h, evaluations, errorEstimate } = d
    methods[method] = { h, value: d.value, ...errors(d.value, ad.value), evaluations, errorEstimate, timeMs }
  }
  // At a kink the differences straddle it and measure neither side: say so, or their error reads as AD's.
  const kinks = atKink
    ? s.api.explain(program, x, { lang: s.globals.lang }).notes.filter((n) => n.kind === 'kink')
    : []
  // Near a kink, the central difference's two points may lie on both sides of it.
  if (!atKink) {
    const h = methods.central.h
    const [below, above] = [-h, h].map((d) => {
      const p = Float64Array.from(x)
      p[index] += d
      return p
    })
    const k = straddledKink(program, below, above)
    if (k) {
      const w = WORDS[s.globals.lang]
      kinks.push({ kind: 'kink', label: '', node: k.node, op: k.op, text: w.straddle(k.op, short(h)) })
    }
  }
  const sweep = numeric.errorSweep(program, x, { hs, index })
  return {
    value,
    ad,
    methods,
    sweep: { hs: [...hs], rows: sweep.rows, best: sweep.best },
    ...(kinks.length > 0
      ? { notes: kinks.map(({ kind, label, op, text }) => ({ kind, label, op, text })) }
      : {}),
  }
}

async function printHuman(
  s: Session,
  vars: readonly string[],
  x: Float64Array,
  index: number,
  r: Comparison,
): Promise<void> {
  const w = WORDS[s.globals.lang]
  s.print(`${s.c.dim(w.at)}  ${pointText(vars, x)}`)
  s.print(`${s.c.dim(outputName(vars))}   ${num(r.value)}`)
  s.print()
  const rows = [
    [w.method, w.step, derivativeLabel(vars, index), w.absError, w.relError, w.time],
    ['AD', '', num(r.ad.value), '', '', duration(r.ad.timeMs)],
    ...METHODS.map((m) => {
      const d = r.methods[m]
      return [
        w.methods[m] ?? m,
        short(d.h),
        num(d.value),
        short(d.absError),
        short(d.relError),
        duration(d.timeMs),
      ]
    }),
  ]
  const lines = table(rows, {
    header: true,
    align: ['left', 'left', 'number', 'right', 'right', 'right'],
    style: (cell, row, col) => (row === 0 ? s.c.dim(cell) : col === 0 && row === 1 ? s.c.bold(cell) : cell),
  })
  s.print(lines.join('\n'))
  s.print()
  s.print(s.c.dim(w.errorPlot))
  // asciichart is loaded only when a plot is drawn.
  const { errorPlot } = await import('../plot.js')
  const series = METHODS.map((m) => ({ name: m, errors: r.sweep.rows.map((row) => row[m].absError) }))
  s.print(errorPlot(r.sweep.hs, series, { color: s.c.isColorSupported }))
  const best = METHODS.flatMap((m) => {
    const b = r.sweep.best[m]
    return b ? [`${m} ${short(b.absError)} (h = ${short(b.h)})`] : []
  })
  s.print(`${s.c.dim(`${w.best}:`)} ${best.join(', ')}`)
  if (r.sweep.rows.some((row) => METHODS.some((m) => row[m].absError === 0)))
    s.print(s.c.dim(`(${w.zeroAtBottom})`))
  for (const note of r.notes ?? []) s.print(`${s.c.yellow(`${w.note}:`)} ${note.text}`)
}
