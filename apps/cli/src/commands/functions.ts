// chainrule functions: every function the expression language accepts, with
// its derivative by the op table's rule and whether it has a kink, generated
// from core's table so the list cannot go stale.
import { Command } from 'commander'
import type { Context } from '../context.js'
import { table } from '../format/table.js'
import { constantsLine, functionRows } from '../functions.js'
import { WORDS } from '../messages.js'
import { examples } from '../options.js'

export function functionsCommand(ctx: Context): Command {
  const cmd = new Command('functions')
    .description('every function the expression language accepts, with its derivative')
    .action(async () => {
      const s = await ctx.session(cmd)
      const w = WORDS[s.globals.lang]
      // --json keeps core's English usage strings; people get them in their language.
      if (s.globals.json) {
        s.printJson({ command: 'functions', functions: functionRows() })
        return
      }
      const rows = functionRows(s.globals.lang)
      const cells = [
        [w.function, w.derivative, w.kink],
        ...rows.map((r) => [r.usage, r.derivative, r.kink ? w.yes : '']),
      ]
      s.print(table(cells, { header: true, style: (cell, r) => (r === 0 ? s.c.dim(cell) : cell) }).join('\n'))
      s.print()
      s.print(constantsLine(s.globals.lang))
      s.print(w.kinkNote)
    })
  return examples(cmd, ['chainrule functions', 'chainrule functions --lang ko', 'chainrule functions --json'])
}
