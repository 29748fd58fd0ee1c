// chainrule hessian <expr> --at …: value, gradient and the matrix of second
// partials, one forward-over-reverse (hvp) sweep per variable.
import { Command } from 'commander'
import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import { WORDS } from '../messages.js'
import { atOption, examples } from '../options.js'
import { readPoint } from '../point.js'
import { allFinite, flagNonFinite, gradientTable, jsonHead, matrixTable } from '../results.js'

export function hessianCommand(ctx: Context): Command {
  const cmd = new Command('hessian')
    .description('value, gradient and Hessian of an expression at a point')
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .action(async (arg: string, opts: { at?: string }) => {
      const { s, text, program } = await ctx.expression(cmd, arg)
      const tooLarge = s.api.hessianProblem(program.variables.length, s.api.DEFAULT_LIMITS)
      if (tooLarge) {
        const ko = s.api.hessianProblem(program.variables.length, s.api.DEFAULT_LIMITS, 'ko')?.message
        throw new UsageError(tooLarge.code, tooLarge.message, undefined, ko)
      }
      s.refuseOverWork('hessian', program, { k: 1 })
      const x = readPoint(s, program, opts.at)
      const { value, gradient, hessian } = program.hessian(x)
      const vars = program.variables
      if (s.globals.json) {
        s.printJson(
          {
            ...jsonHead('hessian', text, program, x),
            value,
            gradient,
            hessian,
          },
          { program, x },
        )
      } else {
        s.print(gradientTable(s, vars, x, value, gradient))
        if (vars.length > 0) {
          s.print()
          s.print(
            matrixTable(
              s,
              WORDS[s.globals.lang].hessian,
              vars,
              vars.map((v, i) => [v, hessian[i]] as const),
            ),
          )
        }
      }
      if (!allFinite([value], gradient, ...hessian)) flagNonFinite(s, program, x, 'Hessian')
    })
  return examples(cmd, [
    'chainrule hessian "x*y + x^3 - log(y)" --at x=3,y=4',
    'chainrule hessian "(1-x)^2 + 100(y-x^2)^2" --at x=1,y=1 --json',
  ])
}
