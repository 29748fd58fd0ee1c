// The `chainrule` command: global options and one subcommand per file, wired
// with addCommand. Every command throws instead of exiting (exitOverride),
// so the whole CLI runs in-process under test; only main.ts sets the exit code.

import { Command, Option } from 'commander'
import { BACKENDS } from './backends.js'
import { benchCommand } from './commands/bench.js'
import { compareCommand } from './commands/compare.js'
import { evalCommand } from './commands/eval.js'
import { explainCommand } from './commands/explain.js'
import { functionsCommand } from './commands/functions.js'
import { gradCommand } from './commands/grad.js'
import { graphCommand } from './commands/graph.js'
import { hessianCommand } from './commands/hessian.js'
import { jacobianCommand } from './commands/jacobian.js'
import { minimizeCommand } from './commands/minimize.js'
import type { Context } from './context.js'
import { constantsLine, functionNames } from './functions.js'
import { LANGS } from './messages.js'

export const VERSION = '0.1.0'

const COMMANDS = [
  evalCommand,
  gradCommand,
  hessianCommand,
  jacobianCommand,
  compareCommand,
  explainCommand,
  graphCommand,
  minimizeCommand,
  benchCommand,
  functionsCommand,
]

export function createProgram(ctx: Context): Command {
  const program = new Command('chainrule')
    .description(
      'Exact derivatives of formulas by reverse-mode automatic differentiation, and how they are found.',
    )
    .version(VERSION)
    .addOption(new Option('--backend <name>', 'where the sweeps run').choices(BACKENDS).default('wasm'))
    .option(
      '--json',
      'machine-readable output: one JSON object (JSON lines with --points); NaN, ±Infinity as strings',
    )
    .option(
      '--points <file>',
      'CSV with a header of variable names, a JSON array of points, or JSON Lines; streamed; - for stdin (eval, grad)',
    )
    .addOption(
      new Option('--lang <lang>', 'language of explanations and labels').choices(LANGS).default('en'),
    )
    .option('--unicode-headers', 'keep ∂ in CSV headers (∂f/∂x); the default is ASCII (df/dx)')
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // run.ts prints every error, made terminal-safe; commander's own copy would echo input raw.
      outputError: () => {},
    })
  program.addHelpText(
    'after',
    `
An expression is typed as in "x^2 + x" or "x*y + x^3 - log(y)"; "-" reads it from stdin.
Expression and --at values are checked by the same rules and limits as the HTTP API's.
Exit codes: 0 success, 1 a result is not finite (flagged), 2 a usage or expression error.

Functions (chainrule functions lists each with its derivative):
${wrap(functionNames(), 78, '  ')}
${constantsLine('en')}

Examples:
  $ chainrule grad "x^2 + x" --at x=2
  $ chainrule explain "x*x + x" --at x=2 --lang ko
  $ chainrule compare "exp(x)" --at x=1
  $ chainrule minimize "(1-x)^2 + 100(y-x^2)^2" --from x=-1.2,y=1
  $ chainrule grad "x*y" --points points.csv --json
`,
  )
  for (const make of COMMANDS) {
    // Output, help and exitOverride from the program; then let an expression
    // such as -x^2 through as the argument instead of an unknown option -x
    // (Session.start checks what is left over and names a real unknown option).
    const cmd = make(ctx).copyInheritedSettings(program).allowUnknownOption().allowExcessArguments()
    program.addCommand(cmd)
  }
  return program
}

/** `text` broken at spaces into lines of at most `width` columns, each indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(indent + line)
  return lines.join('\n')
}
