// chainrule jacobian "e1; e2" --at …: every output's value and the matrix of
// first partials, one reverse sweep per output.
import { Command } from 'commander'
import type { Context } from '../context.js'
import { WORDS } from '../messages.js'
import { atOption, examples } from '../options.js'
import { readPoint } from '../point.js'
import { allFinite, flagNonFinite, jsonHead, matrixTable, outputLabels, resultTable } from '../results.js'

export function jacobianCommand(ctx: Context): Command {
  const cmd = new Command('jacobian')
    .description('values and Jacobian of a list of expressions "e1; e2; …" at a point')
    .argument('<exprs>', 'expressions separated by ; or , — or - to read them from stdin')
    .addOption(atOption())
    .action(async (arg: string, opts: { at?: string }) => {
      const { s, text, program } = await ctx.expression(cmd, arg, { lists: true })
      s.refuseOverWork('jacobian', program, { k: 1 })
      const x = readPoint(s, program, opts.at)
      const { value, jacobian } = program.jacobian(x)
      const vars = program.variables
      const labels = outputLabels(program.outputs)
      if (s.globals.json) {
        s.printJson(
          {
            ...jsonHead('jacobian', text, program, x),
            value,
            jacobian,
          },
          { program, x },
        )
      } else {
        s.print(
          resultTable(
            s,
            vars,
            x,
            labels.map((label, i) => [label, value[i]] as const),
          ),
        )
        if (vars.length > 0) {
          s.print()
          s.print(
            matrixTable(
              s,
              WORDS[s.globals.lang].jacobian,
              vars,
              labels.map((l, i) => [l, jacobian[i]] as const),
            ),
          )
        }
      }
      if (!allFinite(value, ...jacobian)) flagNonFinite(s, program, x, 'Jacobian')
    })
  return examples(cmd, [
    'chainrule jacobian "x*y; x + sin(y)" --at x=1,y=2',
    'chainrule jacobian "r*cos(t), r*sin(t)" --at r=2,t=pi/3 --json',
  ])
}
