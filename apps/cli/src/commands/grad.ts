// chainrule grad <expr> --at x=2 (alias diff): the value and the gradient,
// one forward and one reverse sweep.
import { Command } from 'commander'
import type { Context } from '../context.js'
import { atOption, examples } from '../options.js'
import { readPoint } from '../point.js'
import { replayPoints } from '../points/replay.js'
import { allFinite, flagNonFinite, gradientTable, jsonHead, noteEuler } from '../results.js'

export function gradCommand(ctx: Context): Command {
  const cmd = new Command('grad')
    .alias('diff')
    .description('value and gradient of an expression at a point (reverse mode)')
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .action(async (arg: string, opts: { at?: string }) => {
      const { s, text, program } = await ctx.expression(cmd, arg, {
        replaysPoints: true,
        listHint: ['use jacobian', 'jacobian을 쓰세요'],
      })
      if (s.globals.points !== undefined) return replayPoints(s, program, 'grad')
      s.refuseOverWork('gradient', program, { k: 1 })
      const x = readPoint(s, program, opts.at)
      const { value, gradient } = program.gradient(x)
      const vars = program.variables
      if (s.globals.json) {
        s.printJson(
          {
            ...jsonHead('grad', text, program, x),
            value,
            gradient,
          },
          { program, x },
        )
      } else {
        s.print(gradientTable(s, vars, x, value, gradient))
      }
      noteEuler(s, program)
      if (!allFinite([value], gradient)) flagNonFinite(s, program, x, Number.isFinite(value) ? '∇f' : 'f')
    })
  return examples(cmd, [
    'chainrule grad "x^2 + x" --at x=2',
    'chainrule grad "x*y + x^3 - log(y)" --at x=3,y=4 --json',
    'echo "sin(x) + cos(x)" | chainrule grad - --at x=0.5',
    'chainrule grad "x^2 + y" --points points.csv --backend js',
  ])
}
