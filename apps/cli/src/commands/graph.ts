// chainrule graph <expr> [--at …] --format dot|mermaid|json|text: the
// computational graph with each node's value and adjoint, labelled as
// `explain` labels it. dot pipes into Graphviz (`| dot -Tsvg`).
import { Command, Option } from 'commander'
import type { Context } from '../context.js'
import { WORDS } from '../messages.js'
import { atOption, examples } from '../options.js'
import { pointText, readPoint } from '../point.js'
import { allFinite, flagNonFinite, jsonHead, nodeTable } from '../results.js'

const FORMATS = ['dot', 'mermaid', 'json', 'text'] as const
type Format = (typeof FORMATS)[number]

export function graphCommand(ctx: Context): Command {
  const cmd = new Command('graph')
    .description('the computational graph with values and adjoints, as Graphviz DOT, Mermaid, JSON or text')
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .action(async (arg: string, opts: { at?: string; format: Format }) => {
      const { s, text, program } = await ctx.expression(cmd, arg)
      s.refuseOverWork('graph', program, { k: 1 })
      // Without --at the graph is drawn where the tape was recorded; say which point that is.
      const tape = program.tape
      const x =
        opts.at === undefined
          ? Float64Array.from(tape.inputs, (i) => tape.val[i])
          : readPoint(s, program, opts.at)
      const graph = s.api.toJSON(program, { at: x, lang: s.globals.lang })
      const rendered: unknown =
        opts.format === 'dot'
          ? s.api.toDot(program, { at: x, lang: s.globals.lang })
          : opts.format === 'mermaid'
            ? s.api.toMermaid(program, { at: x, lang: s.globals.lang })
            : opts.format === 'json'
              ? graph
              : `${s.c.dim(WORDS[s.globals.lang].at)}  ${pointText(program.variables, x)}\n\n${nodeTable(s, graph.nodes)}\n`
      if (s.globals.json) {
        s.printJson(
          {
            ...jsonHead('graph', text, program, x),
            format: opts.format,
            graph: rendered,
          },
          { program, x },
        )
      } else if (opts.format === 'json') {
        s.print(JSON.stringify(s.api.encodeResult({ ...graph }, { program, x }), null, 2))
      } else {
        s.io.stdout.write(rendered as string)
      }
      const numbers = graph.nodes.flatMap((n) => (n.adjoint === undefined ? [n.value] : [n.value, n.adjoint]))
      if (!allFinite(numbers)) flagNonFinite(s, program, x, 'f')
    })
  return examples(cmd, [
    'chainrule graph "x*x + x" --at x=2',
    'chainrule graph "x*x + x" --at x=2 --format dot | dot -Tsvg > graph.svg',
    'chainrule graph "sin(x*y)" --at x=1,y=2 --format mermaid',
  ])
}
