// What the commands of one invocation share: the Io, the global options, the
// loaded backend, and the exit code the run ends with. A command's action
// asks for a Session; the Session reads the expression, compiles it on the
// chosen backend and writes human or JSON output.

import { type CompileMode, closestName, type Shape, type WorkRoute } from '@chainrule/core'
import type { Command } from 'commander'
import { type BackendName, type Chainrule, loadBackend } from './backends.js'
import { type Colors, colorsFor } from './colors.js'
import { UsageError } from './errors.js'
import { type Io, readAtMost } from './io.js'
import type { Lang } from './messages.js'
import { Progress } from './progress.js'

export interface Globals {
  readonly backend: BackendName
  readonly json: boolean
  readonly points?: string
  readonly lang: Lang
  /** Keep ∂ in CSV headers (default ASCII: df/dx). */
  readonly unicodeHeaders?: boolean
}

export type Program = ReturnType<Chainrule['compile']>

/** What a command's expression argument may be. */
export interface ExpressionNeeds {
  /** The command replays a `--points` stream (eval, grad); any other refuses --points. */
  readonly replaysPoints?: boolean
  /** The command replays the tape many times whatever its options (minimize, bench). */
  readonly replays?: boolean
  /** A list "e1; e2" is accepted (eval, jacobian); otherwise one expression is needed. */
  readonly lists?: boolean
  /** Said after "this list has N" when a list is refused: where to go instead (English, Korean). */
  readonly listHint?: readonly [string, string]
}

/** A command's session with its expression read and compiled. */
export interface Opened {
  readonly s: Session
  readonly text: string
  readonly program: Program
}

export class Context {
  /** 0, or 1 once a command flagged a result that is not finite. */
  exitCode = 0

  constructor(readonly io: Io) {}

  /** The session of a command's action; first refuses arguments left over from parsing. */
  async session(cmd: Command): Promise<Session> {
    checkArguments(cmd.args, cmd)
    const globals = cmd.optsWithGlobals() as Globals
    return new Session(this, globals, await loadBackend(globals.backend))
  }

  /**
   * What every command's action starts with: its session, --points refused
   * unless the command replays it, the expression read (from stdin for -) and
   * compiled, and a list refused unless the command takes one.
   */
  async expression(cmd: Command, arg: string, needs: ExpressionNeeds = {}): Promise<Opened> {
    const s = await this.session(cmd)
    if (!needs.replaysPoints) s.refusePoints(cmd.name())
    const text = await s.expressionText(arg)
    // Compiling the tape to WebAssembly (docs/ARCHITECTURE.md §6) pays only over many
    // replays: a command that replays it many times lets the backend tier up ('auto');
    // one that sweeps it a few times keeps the interpreter ('never').
    const many = needs.replays === true || (needs.replaysPoints === true && s.globals.points !== undefined)
    const program = s.compile(text, many ? 'auto' : 'never')
    if (!needs.lists && program.outputs !== 1) {
      const [hint, hintKo] = needs.listHint ?? []
      throw new UsageError(
        'usage',
        `${cmd.name()} needs one expression; this list has ${program.outputs}${hint ? ` (${hint})` : ''}`,
        undefined,
        `${cmd.name()}에는 식이 하나 필요한데 이 목록에는 ${program.outputs}개가 있습니다${hintKo ? ` (${hintKo})` : ''}`,
      )
    }
    return { s, text, program }
  }
}

/** Options look like --name or -n; an expression such as -x^2 or -2x does not. */
const OPTION = /^(--[A-Za-z][\w-]*(=.*)?|-[A-Za-z])$/

/**
 * Commands take their one expression with unknown options allowed (so that
 * -x^2 is an expression, not an option); whatever else is left is named here.
 */
function checkArguments(args: readonly string[], cmd: Command): void {
  const option = args.find((a, i) => OPTION.test(a) && (i > 0 || args.length > 1 || a.startsWith('--')))
  if (option !== undefined) {
    const name = option.replace(/=.*/, '')
    const near = nearOption(name, cmd)
    const hint = near === undefined ? '' : `; did you mean ${near}?`
    const ko = near === undefined ? '' : ` ${near}을(를) 쓰려던 것인가요?`
    throw new UsageError(
      'usage',
      `unknown option '${name}'${hint}`,
      undefined,
      `알 수 없는 옵션 '${name}'입니다.${ko}`,
    )
  }
  if (args.length > 1) {
    throw new UsageError(
      'usage',
      `expected one expression, got ${args.length} arguments (quote it: "x + y")`,
      undefined,
      `식은 하나여야 하는데 인수가 ${args.length}개입니다 (따옴표로 묶으세요: "x + y")`,
    )
  }
}

// Options one command has and another spells differently: minimize starts --from a point, the rest are --at one.
const SYNONYMS: Readonly<Record<string, string>> = { '--at': '--from', '--from': '--at' }

/** The option of this command (or a global one) that `name` is probably a typo or a synonym of. */
function nearOption(name: string, cmd: Command): string | undefined {
  const own = [...cmd.options, ...(cmd.parent?.options ?? [])].flatMap((o) => (o.long ? [o.long] : []))
  const synonym = SYNONYMS[name]
  if (synonym !== undefined && own.includes(synonym)) return synonym
  return closestName(name, own)
}

export class Session {
  /** Colours for stdout; `e` for stderr (one may be a terminal, the other a pipe). */
  readonly c: Colors
  readonly e: Colors
  readonly io: Io

  constructor(
    private readonly ctx: Context,
    readonly globals: Globals,
    readonly api: Chainrule,
  ) {
    this.io = ctx.io
    this.c = colorsFor(ctx.io.stdout, ctx.io.env)
    this.e = colorsFor(ctx.io.stderr, ctx.io.env)
  }

  /** The expression argument, or stdin for `-` (a trailing newline is not part of it). */
  async expressionText(arg: string): Promise<string> {
    if (arg !== '-') return arg
    if (this.globals.points === '-') {
      throw new UsageError(
        'usage',
        'stdin cannot hold both the expression and the points (--points -)',
        undefined,
        '표준 입력에 식과 점(--points -)을 함께 담을 수 없습니다',
      )
    }
    // Reading stops just past the length limit (and its line ending): an
    // endless stdin (`cat /dev/zero | chainrule eval -`) is refused, not buffered.
    const limit = this.api.DEFAULT_LIMITS.length
    const text = await readAtMost(this.io.stdin(), limit + 2)
    const expression = text?.replace(/\r?\n$/, '')
    if (expression === undefined || expression.length > limit) {
      throw new UsageError(
        'too-long',
        `the expression on stdin is longer than ${limit} characters (the length limit); reading stopped there`,
        undefined,
        `표준 입력의 식이 길이 한도인 ${limit}자보다 깁니다. 거기서 읽기를 멈췄습니다`,
      )
    }
    return expression
  }

  /** Compiles on the chosen backend; an ExpressionError becomes a UsageError with its caret. */
  compile(text: string, compile: CompileMode = 'never'): Program {
    try {
      return this.api.compile(text, { compile })
    } catch (e) {
      if (e instanceof this.api.ExpressionError) {
        throw new UsageError(
          e.code,
          e.message,
          { field: 'expression', text, start: e.start, end: e.end },
          this.api.expressionErrorMessage('ko', e.code, e.message, e.about),
        )
      }
      throw e
    }
  }

  /**
   * The API's work budget, with the same estimate and limit (core's
   * workProblem): work the API would refuse, the CLI refuses too, before any
   * sweep runs. A `--points` stream is checked per batch (k = the batch's
   * points): the file as a whole has no limit, as it is the user's own.
   */
  refuseOverWork(route: WorkRoute, program: Program, shape: Shape): void {
    const { api } = this
    const problem = api.workProblem(route, program, api.costOf(program), shape, api.DEFAULT_LIMITS)
    if (problem) {
      const ko = api.workProblem(route, program, api.costOf(program), shape, api.DEFAULT_LIMITS, 'ko')
      throw new UsageError(problem.code, problem.message, undefined, ko?.message)
    }
  }

  /** Text to stdout, with a final newline. */
  print(text = ''): void {
    this.io.stdout.write(`${text}\n`)
  }

  /** A result object as the documented JSON: docs/ARCHITECTURE.md §11 number encoding, `nonFinite` paths and origin. */
  printJson(result: Record<string, unknown>, provenance?: { program: Program; x: ArrayLike<number> }): void {
    this.print(JSON.stringify(this.api.encodeResult(result, provenance), null, 2))
  }

  warn(text: string): void {
    const label = this.globals.lang === 'ko' ? '경고:' : 'warning:'
    this.io.stderr.write(`${this.e.yellow(label)} ${this.api.terminalSafe(text)}\n`)
  }

  /** The run ends with exit code 1: a result is not finite. */
  flag(): void {
    this.ctx.exitCode = 1
  }

  progress(): Progress {
    return new Progress(this.io.stderr, () => this.io.now())
  }

  /** Refuses a global option this command cannot honour, instead of silently ignoring it. */
  refusePoints(command: string): void {
    if (this.globals.points !== undefined) {
      throw new UsageError(
        'usage',
        `--points works with eval and grad, not with ${command}`,
        undefined,
        `--points는 eval과 grad에만 쓸 수 있고 ${command}에는 쓸 수 없습니다`,
      )
    }
  }
}
