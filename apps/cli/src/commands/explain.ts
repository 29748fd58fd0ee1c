// chainrule explain <expr> --at …: the reverse sweep as the origin text walks
// it — the graph with each use of a variable as its own leaf, then one step
// per adjoint, then each variable's leaves summed into its derivative.
import { outputName } from '@chainrule/core'
import { Command, Option } from 'commander'
import type { Context, Program, Session } from '../context.js'
import { WORDS } from '../messages.js'
import { atOption, examples } from '../options.js'
import { pointObject, pointText, readPoint } from '../point.js'
import { allFinite, derivativeLabel, flagNonFinite, nodeTable } from '../results.js'

type Explanation = ReturnType<Session['api']['explain']>

export function explainCommand(ctx: Context): Command {
  const cmd = new Command('explain')
    .description(
      'the chain rule step by step: the graph, the reverse sweep, the summed derivative (--lang en|ko)',
    )
    .argument('<expr>', 'the expression, or - to read it from stdin')
    .addOption(atOption())
    .addOption(
      new Option('--mode <mode>', 'reverse: the backward sweep; forward: one tangent sweep per input')
        .choices(['reverse', 'forward'])
        .default('reverse'),
    )
    .action(async (arg: string, opts: { at?: string; mode: 'reverse' | 'forward' }) => {
      const { s, text, program } = await ctx.expression(cmd, arg)
      s.refuseOverWork('explain', program, { k: 1 })
      const x = readPoint(s, program, opts.at)
      const e = s.api.explain(program, x, { lang: s.globals.lang, mode: opts.mode })
      const vars = program.variables
      if (s.globals.json) {
        s.printJson(
          {
            command: 'explain',
            expression: text,
            backend: program.backend,
            lang: s.globals.lang,
            mode: e.mode,
            variables: vars,
            at: pointObject(vars, x),
            value: e.value,
            nodes: e.nodes.map((n) => ({
              label: n.label,
              formula: n.formula,
              value: n.value,
              ...(n.adjoint === undefined ? {} : { adjoint: n.adjoint }),
            })),
            steps: e.steps.map(({ node, label, local, adjoint, terms, text: t, latex, notes }) => ({
              node,
              label,
              local,
              adjoint,
              terms,
              text: t,
              latex,
              ...(notes ? { notes } : {}),
            })),
            derivatives: e.derivatives,
            notes: e.notes,
            sweeps: e.sweeps,
            ...(e.forward ? { forward: e.forward } : {}),
          },
          { program, x },
        )
      } else {
        printHuman(s, program, x, e)
      }
      // A constant has no adjoint, so its partial (NaN in (x-3)^2's exponent) can never flag the run.
      const adjoints = e.nodes.flatMap((n) => (n.adjoint === undefined ? [] : [n.adjoint]))
      if (
        !allFinite(
          [e.value],
          adjoints,
          e.derivatives.map((d) => d.value),
        )
      )
        flagNonFinite(s, program, x, notFiniteName(program.variables, e))
    })
  return examples(cmd, [
    'chainrule explain "x*x + x" --at x=2',
    'chainrule explain "x*x + x" --at x=2 --lang ko',
    'chainrule explain "x*x + x" --at x=2 --mode forward',
    'chainrule explain "x*y + x^3 - log(y)" --at x=3,y=4 --json',
  ])
}

/** What is not finite, as grad names it: f, else the partials that are not ("∂f/∂y"), else ∇f. */
function notFiniteName(variables: readonly string[], e: Explanation): string {
  if (!Number.isFinite(e.value)) return outputName(variables)
  const partials = e.derivatives.flatMap((d, j) =>
    Number.isFinite(d.value) ? [] : [derivativeLabel(variables, j)],
  )
  return partials.length > 0 ? partials.join(', ') : '∇f'
}

function printHuman(s: Session, program: Program, x: Float64Array, e: Explanation): void {
  const w = WORDS[s.globals.lang]
  s.print(`${s.c.dim(w.at)}  ${pointText(program.variables, x)}`)
  s.print()
  s.print(s.c.bold(w.graph))
  // Forward mode carries tangents, not adjoints: a column per sweep, each node's by its label.
  const tangents = e.forward?.map((sweep) => {
    const of = new Map(sweep.steps.map((step) => [step.label, step.tangent]))
    return {
      heading: w.tangent(e.forward && e.forward.length > 1 ? sweep.variable : undefined),
      values: e.nodes.map((n) => of.get(n.label) ?? 0),
    }
  })
  s.print(nodeTable(s, e.nodes, '  ', tangents))
  s.print()
  const numbered = (texts: readonly string[]) => {
    const width = String(texts.length).length
    texts.forEach((text, i) => {
      s.print(`  ${s.c.dim(`${String(i + 1).padStart(width)}.`)} ${text}`)
    })
  }
  if (e.forward) {
    // Forward mode: one tangent sweep per input, then why reverse needs one for the whole gradient.
    for (const sweep of e.forward) {
      s.print(s.c.bold(w.forwardSweep(sweep.variable)))
      s.print(`  ${sweep.seed}`)
      numbered(sweep.steps.map((step) => step.text))
      s.print(`  ${sweep.text}`)
      s.print()
    }
    s.print(s.c.bold(w.sweepCount))
    s.print(`  ${e.sweeps.text}`)
  } else {
    s.print(s.c.bold(w.reverseSweep))
    numbered(e.steps.map((step) => step.text))
    s.print()
    s.print(s.c.bold(w.derivatives))
    for (const d of e.derivatives) s.print(`  ${d.text}`)
  }
  // How names were read (e, xy); kinks and domains are said in the steps they concern.
  const names = e.notes.filter((n) => n.kind === 'name')
  if (names.length > 0) {
    s.print()
    s.print(s.c.bold(w.notes))
    for (const n of names) s.print(`  ${n.text}`)
  }
}
