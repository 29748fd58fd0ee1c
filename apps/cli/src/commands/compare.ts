// chainrule compare <expr> --at …: the AD derivative beside central, forward,
// backward and Richardson differences (value, error, time), then the error
// of each method over a range of steps, drawn so the V shows: truncation
// error falls with h, rounding error grows as h shrinks.

import type { Comparison } from '@chainrule/core'
import { outputName } from '@chainrule/core'
import { Command, Option } from 'commander'
import type { Context, Session } from '../context.js'
import { quoted, UsageError } from '../errors.js'
import { duration, num, short } from '../format/number.js'
import { table } from '../format/table.js'
import { WORDS } from '../messages.js'
import { parseNumber } from '../numbers.js'
import { atOption, examples } from '../options.js'
import { pointText, readPoint } from '../point.js'
import { allFinite, derivativeLabel, flagNonFinite, jsonHead } from '../results.js'
import { timePerCall } from '../timing.js'

/** `--h 1e-1,1e-2,…`: positive finite steps. */
function parseSteps(text: string): number[] {
  let at = 0
  return text.split(',').map((part) => {
    const start = at + (part.length - part.trimStart().length)
    at += part.length + 1
    const h = parseNumber(part.trim())
    if (h === undefined || !(h > 0) || !Number.isFinite(h)) {
      const got = quoted(part.trim())
      throw new UsageError(
        'invalid-step',
        `--h: ${got} is not a positive step`,
        { field: 'h', text, start, end: start + Math.max(1, part.trim().length) },
        `--h: ${got}은(는) 양의 간격이 아닙니다`,
      )
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
    .addOption(new Option('--variable <name>', 'the variable to differentiate along (default the first)'))
    // The flag's name before the API's `variable` became the one name.
    .addOption(new Option('--wrt <name>').hideHelp())
    .action(async (arg: string, opts: { at?: string; h?: string; variable?: string; wrt?: string }) => {
      const { s, text, program } = await ctx.expression(cmd, arg)
      const flag = opts.variable === undefined && opts.wrt !== undefined ? '--wrt' : '--variable'
      const variable = opts.variable ?? opts.wrt
      const problem = s.api.compareProblem(program.variables, variable)
      if (problem) {
        const ko = s.api.compareProblem(program.variables, variable, 'ko')?.message ?? problem.message
        const prefix = problem.code === 'unknown-variable' ? `${flag}: ` : ''
        throw new UsageError(problem.code, prefix + problem.message, undefined, prefix + ko)
      }
      const hs = opts.h === undefined ? s.api.numeric.defaultHs : parseSteps(opts.h)
      s.refuseOverWork('compare', program, { k: 1, hs: hs.length })
      const x = readPoint(s, program, opts.at)
      const r = s.api.numeric.compare(program, x, {
        variable,
        hs,
        lang: s.globals.lang,
        time: (run) => timePerCall(run, () => s.io.now()),
      })
      if (s.globals.json) s.printJson({ ...jsonHead('compare', text, program, x), ...r }, { program, x })
      else await printHuman(s, program.variables, x, r)
      if (!allFinite([r.value, r.ad])) {
        const index = program.variables.indexOf(r.variable)
        flagNonFinite(
          s,
          program,
          x,
          Number.isFinite(r.value) ? derivativeLabel(program.variables, index) : 'f',
        )
      }
    })
  return examples(cmd, [
    'chainrule compare "exp(x)" --at x=1',
    'chainrule compare "sin(x) + cos(x)" --at x=0.5 --h 1e-2,1e-4,1e-6,1e-8,1e-10',
    'chainrule compare "x*y + x^3 - log(y)" --at x=3,y=4 --variable y --json',
  ])
}

async function printHuman(
  s: Session,
  vars: readonly string[],
  x: Float64Array,
  r: Comparison,
): Promise<void> {
  const METHODS = s.api.numeric.methods
  const index = vars.indexOf(r.variable)
  const w = WORDS[s.globals.lang]
  s.print(`${s.c.dim(w.at)}  ${pointText(vars, x)}`)
  s.print(`${s.c.dim(outputName(vars))}   ${num(r.value)}`)
  s.print()
  const rows = [
    [w.method, w.step, derivativeLabel(vars, index), w.absError, w.relError, w.time],
    ['AD', '', num(r.ad), '', '', duration(r.timeMs?.ad ?? Number.NaN)],
    ...METHODS.map((m) => {
      const d = r.methods[m]
      return [
        w.methods[m] ?? m,
        short(d.h),
        num(d.value),
        short(d.absError),
        short(d.relError),
        duration(r.timeMs?.[m] ?? Number.NaN),
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
  const series = METHODS.map((m) => ({
    name: m,
    label: w.methods[m] ?? m,
    errors: r.sweep.rows.map((row) => row[m].absError),
  }))
  if (series.some((c) => c.errors.some(Number.isFinite))) {
    // asciichart is loaded only when a plot is drawn.
    const { errorPlot } = await import('../plot.js')
    s.print(errorPlot(r.sweep.hs, series, { color: s.c.isColorSupported }))
  } else {
    s.print(`  (${w.noCurve})`)
  }
  const best = METHODS.flatMap((m) => {
    const b = r.sweep.best[m]
    return b ? [`${w.methods[m] ?? m} ${short(b.absError)} (h = ${short(b.h)})`] : []
  })
  if (best.length > 0) s.print(`${s.c.dim(`${w.best}:`)} ${best.join(', ')}`)
  if (r.sweep.rows.some((row) => METHODS.some((m) => row[m].absError === 0)))
    s.print(s.c.dim(`(${w.zeroAtBottom})`))
  for (const note of r.notes ?? []) s.print(`${s.c.yellow(`${w.note}:`)} ${note.text}`)
}
