// chainrule eval <expr> --at x=2: the value (one forward sweep).
import { Command } from 'commander'
import type { Context } from '../context.js'
import { atOption, examples } from '../options.js'
import { readPoint } from '../point.js'
import { replayPoints } from '../points/replay.js'
import { allFinite, flagNonFinite, jsonHead, noteEuler, outputLabels, resultTable } from '../results.js'

export function evalCommand(ctx: Context): Command {
  const cmd = new Command('eval')
    .description('evaluate an expression (or a list "e1; e2") at a point')
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .action(async (arg: string, opts: { at?: string }) => {
      const { s, text, program } = await ctx.expression(cmd, arg, { replaysPoints: true, lists: true })
      if (s.globals.points !== undefined) return replayPoints(s, program, 'eval')
      s.refuseOverWork('evaluate', program, { k: 1 })
      const x = readPoint(s, program, opts.at)
      const values = program.evaluate(x)
      const labels = outputLabels(program.outputs)
      if (s.globals.json) {
        const value = program.outputs === 1 ? values[0] : Array.from(values)
        s.printJson(
          {
            ...jsonHead('eval', text, program, x),
            value,
          },
          { program, x },
        )
      } else {
        s.print(
          resultTable(
            s,
            program.variables,
            x,
            labels.map((label, i) => [label, values[i]] as const),
          ),
        )
      }
      noteEuler(s, program)
      if (!allFinite(values)) flagNonFinite(s, program, x, labels.length === 1 ? 'f' : labels.join(', '))
    })
  return examples(cmd, [
    'chainrule eval "x^2 + x" --at x=2',
    'chainrule eval "x*y + x^3 - log(y)" --at x=3,y=4',
    'chainrule eval "sin(x); cos(x)" --at x=pi/6',
    'chainrule eval "x^2 + y" --points points.csv > values.csv',
  ])
}
