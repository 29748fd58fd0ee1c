// GradBench's own eval side against the chainrule tool, without Docker:
// `GRADBENCH_DIR=/path/to/gradbench pnpm --filter @chainrule/bench gradbench:validate`.
// For each eval it starts GradBench's Python eval
// (python/gradbench/gradbench/evals/<eval>/run.py, run from the checkout so it
// finds its C++ reference in tools/manual/bin) once per tool, in turn — each
// chainrule backend (dist/gradbench/main.js), then GradBench's C++ `manual`
// and `adol-c` tools as peers (validate-peer.ts) — and relays the JSON lines
// between eval and tool, noting each evaluate message, its response (timings,
// tape nodes) and the eval's analysis of it (GradBench's own checker). The
// tools of one eval run back to back, so they share the machine's state of the
// moment. Peak resident memory is measured per evaluate (validate-peer.ts).
// The table goes to results/gradbench-evals.md (or --out).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median } from '@chainrule/core/measure'
import type { Backend } from './protocol.js'
import { BACKENDS, MODULES } from './protocol.js'
import { chainruleEndpoint, peerEndpoint, peerProblem, TIME, type Tool } from './validate-peer.js'
import { summary, table } from './validate-table.js'

/** GradBench's twelve evals; the tool answers those in MODULES. */
export const EVALS = [
  'hello',
  'lse',
  'llsq',
  'gmm',
  'kmeans',
  'det',
  'saddle',
  'particle',
  'ode',
  'lstm',
  'ht',
  'ba',
] as const

/** Evals whose checker runs GradBench's C++ `manual` tool. */
const NEEDS_MANUAL = new Set(['lse', 'llsq', 'gmm', 'kmeans', 'det', 'ode', 'lstm', 'ht', 'ba'])

/** GradBench's C++ tools run beside chainrule's, looked for in <GradBench>/tools/<name> unless --peer says where. */
export const PEERS = ['manual', 'adol-c'] as const

export interface Evaluated {
  readonly eval: string
  /** A chainrule backend (js, wasm) or a peer (manual, adol-c). */
  readonly tool: string
  readonly function: string
  readonly description: string
  /** GradBench's verdict: true or false from its analysis, or undefined when it sent none (the tool failed). */
  valid?: boolean
  error?: string
  seconds?: number
  runs?: number
  recordSeconds?: number
  nodes?: number
  /** The tool's word on what `nodes` counts (several tapes, one swept per data point) and what ran compiled. */
  toolNote?: string
  /** Peak resident set of the tool process during this evaluate, bytes. */
  peakBytes?: number
  wallSeconds?: number
}

export interface Options {
  readonly dir: string
  /** Extra arguments for an eval's run.py (its own size options, e.g. `-n 2500 5000`). */
  readonly evalArgs: Readonly<Record<string, string[]>>
  readonly minRuns?: number
  readonly minSeconds?: number
  /** Stop an eval (and record what is left as not run) after this many seconds. */
  readonly timeoutSeconds?: number
  readonly python: string
  /** The chainrule tool, dist/gradbench/main.js. */
  readonly script: string
  readonly log: (line: string) => void
}

interface Message {
  id: number
  kind: string
  function?: string
  description?: string
  input?: unknown
  of?: number
  valid?: boolean
  error?: string
}

interface ToolResponse {
  id: number
  success?: boolean
  error?: string
  timings?: { name: string; nanoseconds: number }[]
  chainrule?: { nodes?: number; note?: string }
}

function describe(m: Message): string {
  if (m.description) return m.description
  return typeof m.input === 'number' ? `x=${m.input}` : ''
}

/** Builds the C++ reference an eval checks against, when it is missing. */
export function ensureManual(dir: string, name: string): string | undefined {
  if (!NEEDS_MANUAL.has(name) || existsSync(join(dir, 'tools/manual/bin', name))) return undefined
  if (!existsSync(join(dir, 'cpp/json.hpp')))
    return `${dir}/cpp/json.hpp is missing: GradBench's reference needs nlohmann's json.hpp there (Debian: apt-get install nlohmann-json3-dev, then copy /usr/include/nlohmann/json.hpp to cpp/json.hpp)`
  const r = spawnSync('make', ['-C', join(dir, 'tools/manual'), `bin/${name}`, 'NATIVE=no'], {
    encoding: 'utf8',
  })
  return r.status === 0
    ? undefined
    : `building GradBench's reference for ${name} failed:\n${r.stdout}${r.stderr}`
}

/** One eval against one tool; resolves with every evaluate the eval sent. */
export function runEval(name: string, tool: Tool, o: Options): Promise<Evaluated[]> {
  const rows: Evaluated[] = []
  const byId = new Map<number, Evaluated>()
  const started = new Map<number, number>()
  const script = join(o.dir, 'python/gradbench/gradbench/evals', name, 'run.py')
  const args = [script, ...(o.evalArgs[name] ?? [])]
  if (o.minRuns !== undefined) args.push('--min-runs', String(o.minRuns))
  if (o.minSeconds !== undefined) args.push('--min-seconds', String(o.minSeconds))
  const pythonPath = [join(o.dir, 'python/gradbench'), process.env.PYTHONPATH].filter(Boolean).join(':')
  const evalProc = spawn(o.python, args, {
    cwd: o.dir,
    env: { ...process.env, PYTHONPATH: pythonPath },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const endpoint = tool.kind === 'chainrule' ? chainruleEndpoint(o.script, tool.name) : peerEndpoint(tool)
  let evalErr = ''
  evalProc.stderr.on('data', (b: Buffer) => {
    evalErr = (evalErr + b.toString()).slice(-4000)
  })
  // A closed pipe is reported through the eval's exit below.
  evalProc.stdin.on('error', () => {})

  createInterface({ input: evalProc.stdout }).on('line', (line) => {
    let m: Message
    try {
      m = JSON.parse(line)
    } catch {
      o.log(`  eval printed a line that is not JSON: ${line.slice(0, 200)}`)
      return
    }
    if (m.kind === 'evaluate') {
      const row: Evaluated = {
        eval: name,
        tool: tool.name,
        function: m.function ?? '?',
        description: describe(m),
      }
      rows.push(row)
      byId.set(m.id, row)
      endpoint.beforeEvaluate()
      started.set(m.id, performance.now())
    } else if (m.kind === 'analysis' && m.of !== undefined) {
      const row = byId.get(m.of)
      if (row) {
        row.valid = m.valid
        if (m.error) row.error = m.error.trim().split('\n').slice(-3).join(' ').slice(0, 300)
        o.log(`  ${row.function} ${row.description}: ${row.valid ? 'valid' : `INVALID ${row.error}`}`)
      }
    }
    if (m.kind === 'end') return
    endpoint.write(line)
  })

  endpoint.onLine((line, peakBytes) => {
    let r: ToolResponse
    try {
      r = JSON.parse(line)
    } catch {
      o.log(`  tool printed a line that is not JSON: ${line.slice(0, 200)}`)
      return
    }
    const row = byId.get(r.id)
    if (row) {
      row.wallSeconds = (performance.now() - (started.get(r.id) ?? 0)) / 1e3
      row.peakBytes = peakBytes
      const evals = (r.timings ?? []).filter((t) => t.name === 'evaluate').map((t) => t.nanoseconds / 1e9)
      if (evals.length) {
        row.seconds = median(evals)
        row.runs = evals.length
      }
      const rec = (r.timings ?? []).find((t) => t.name === 'record')
      if (rec) row.recordSeconds = rec.nanoseconds / 1e9
      if (r.chainrule?.nodes !== undefined) row.nodes = r.chainrule.nodes
      if (r.chainrule?.note) row.toolNote = r.chainrule.note
      if (!r.success) {
        row.valid = false
        row.error = `tool: ${r.error ?? 'failed'}`
        o.log(`  ${row.function} ${row.description}: tool failed: ${r.error}`)
      }
    }
    evalProc.stdin.write(`${line}\n`)
  })

  return new Promise((done) => {
    let finished = false
    const finish = (why?: string) => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      // An eval that dies (before its first evaluate, or between two) leaves a row saying so.
      if (why && rows.every((r) => r.valid !== undefined))
        rows.push({
          eval: name,
          tool: tool.name,
          function: '—',
          description: '(eval stopped)',
          valid: false,
          error: why,
        })
      for (const row of rows) {
        if (row.valid === undefined) {
          row.valid = false
          row.error ??= why ?? 'no analysis from the eval'
        }
      }
      if (evalProc.exitCode === null) evalProc.kill()
      endpoint.close().then(() => done(rows))
    }
    const timer =
      o.timeoutSeconds === undefined
        ? undefined
        : setTimeout(
            () => finish(`not finished within ${o.timeoutSeconds} s (--timeout)`),
            o.timeoutSeconds * 1e3,
          )
    evalProc.on('exit', (code) => {
      if (code !== 0 && code !== null) o.log(`  the eval exited with ${code}: ${evalErr.trim().slice(-1500)}`)
      finish(
        code
          ? `the eval exited with ${code}: ${evalErr.trim().split('\n').at(-1)?.slice(0, 300) ?? ''}`
          : undefined,
      )
    })
    endpoint.onExit((why) => {
      if (finished) return
      o.log(`  the tool exited ${why}`)
      finish(`the tool exited ${why}`)
    })
  })
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const opts: {
    dir?: string
    evals: string[]
    backends: Backend[]
    /** Peer name → directory, from --peer; a name mapped to '' is left out (--no-peer NAME, --no-peers). */
    peers: Record<string, string>
    evalArgs: Record<string, string[]>
    minRuns?: number
    minSeconds?: number
    timeoutSeconds?: number
    out?: string
    from: string[]
    notes: string[]
  } = { dir: env.GRADBENCH_DIR, evals: [], backends: [], peers: {}, evalArgs: {}, from: [], notes: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--gradbench') opts.dir = next()
    else if (a === '--eval') opts.evals.push(...next().split(','))
    else if (a === '--backend') {
      for (const b of next().split(',')) {
        if (!(BACKENDS as readonly string[]).includes(b))
          throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got ${b}`)
        opts.backends.push(b as Backend)
      }
    } else if (a === '--peer') {
      const v = next()
      const eq = v.indexOf('=')
      if (eq <= 0 || eq === v.length - 1)
        throw new Error(
          '--peer takes NAME=DIR, a GradBench C++ tool directory, e.g. --peer adol-c=/g/tools/adol-c',
        )
      opts.peers[v.slice(0, eq)] = v.slice(eq + 1)
    } else if (a === '--no-peer') opts.peers[next()] = ''
    else if (a === '--no-peers') for (const p of PEERS) opts.peers[p] = ''
    else if (a === '--args') {
      const [name, ...rest] = next().split(' ')
      const eq = name.indexOf('=')
      if (eq < 0) throw new Error('--args takes "EVAL=ARG ARG…", e.g. --args "lse=-n 2500 5000"')
      opts.evalArgs[name.slice(0, eq)] = [name.slice(eq + 1), ...rest].filter((s) => s !== '')
    } else if (a === '--min-runs') opts.minRuns = Number(next())
    else if (a === '--min-seconds') opts.minSeconds = Number(next())
    else if (a === '--timeout') opts.timeoutSeconds = Number(next())
    else if (a === '--out') opts.out = next()
    else if (a === '--from') opts.from.push(...next().split(','))
    else if (a === '--note') opts.notes.push(next())
    else if (a === '--') continue
    else throw new Error(`unknown option ${a}`)
  }
  return opts
}

/**
 * The tools of a run, in the order each eval runs them: the chainrule backends
 * asked for (all of them by default), then each peer — GradBench's own (manual,
 * adol-c) in <GradBench>/tools/<name> unless --peer gives a directory, and any
 * other --peer — unless left out.
 */
export function toolsOf(opts: Pick<ReturnType<typeof parseArgs>, 'backends' | 'peers'>, dir: string): Tool[] {
  const backends = opts.backends.length ? opts.backends : BACKENDS
  const names = [...new Set([...PEERS, ...Object.keys(opts.peers)])]
  return [
    ...backends.map((name) => ({ kind: 'chainrule' as const, name })),
    ...names
      .filter((name) => opts.peers[name] !== '')
      .map((name) => ({
        kind: 'peer' as const,
        name,
        dir: resolve(opts.peers[name] ?? join(dir, 'tools', name)),
      })),
  ]
}

async function main() {
  const here = dirname(fileURLToPath(import.meta.url))
  const opts = parseArgs(process.argv.slice(2), process.env)
  const running = !opts.from.length || opts.evals.length > 0
  const dir = resolve(opts.dir ?? '.')
  if (running && !opts.dir) {
    console.log(
      'gradbench:validate skipped: set GRADBENCH_DIR to a GradBench checkout (with python/ and evals/), or pass --gradbench DIR.',
    )
    return
  }
  if (running && !existsSync(join(dir, 'python/gradbench/gradbench/eval.py'))) {
    console.log(
      `gradbench:validate skipped: ${dir} has no python/gradbench/gradbench/eval.py (not a GradBench checkout).`,
    )
    return
  }
  const parts: Part[] = opts.from.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Part)
  if (running) parts.push(await runAll(opts, dir, here))
  const rows = merge(parts)
  const md = report(parts, rows, opts.notes)
  const out = opts.out ?? join(here, '../../results/gradbench-evals.md')
  writeFileSync(out, md)
  const last = parts.at(-1)
  if (last && running) writeFileSync(out.replace(/\.md$/, '.json'), `${JSON.stringify(last, null, 2)}\n`)
  console.log(`${validatedCounts(rows)} valid; wrote ${out}`)
}

/** One run of the validation, as saved beside its table (and merged by --from). */
export interface Part {
  readonly options: string
  readonly date: string
  readonly seconds: number
  readonly commit: string
  readonly gradbench: string
  readonly rows: Evaluated[]
}

/**
 * The rows of several runs: a later run's rows replace an earlier one's for
 * the same eval and tool, and the evals come in GradBench's order whichever
 * run they came from.
 */
export function merge(parts: readonly Part[]): Evaluated[] {
  // A later run's answer replaces the earlier one for the same eval, tool, function and size, in
  // the earlier one's place (a Map keeps a key where it was first set), so a run of a few sizes
  // again leaves the other sizes' rows as they were.
  const byKey = new Map<string, Evaluated>()
  for (const part of parts)
    for (const r of part.rows) byKey.set(`${r.eval} ${r.tool} ${r.function} ${r.description}`, r)
  const rows = [...byKey.values()]
  const rank = (e: string) => {
    const i = (EVALS as readonly string[]).indexOf(e)
    return i < 0 ? EVALS.length : i
  }
  return rows.sort((a, b) => rank(a.eval) - rank(b.eval))
}

/** How many answers each tool had validated, e.g. "js 230/232". */
export function validatedCounts(rows: readonly Evaluated[]): string {
  const by = new Map<string, [number, number]>()
  for (const r of rows) {
    if (r.function === '—' && r.description === '—') continue // skipped, not run
    const c = by.get(r.tool) ?? [0, 0]
    c[0] += r.valid ? 1 : 0
    c[1] += 1
    by.set(r.tool, c)
  }
  return [...by].map(([t, [v, n]]) => `${t} ${v}/${n}`).join(', ')
}

function report(parts: readonly Part[], rows: readonly Evaluated[], notes: readonly string[]): string {
  const runs = parts
    .map(
      (p) =>
        `- \`${p.options}\` — ${p.seconds.toFixed(0)} s, ${p.date}, chainrule ${p.commit}${p.gradbench ? `, GradBench ${p.gradbench}` : ''}`,
    )
    .join('\n')
  const ran = rows.filter((r) => !(r.function === '—' && r.description === '—'))
  const skipped = [
    ...new Set(rows.filter((r) => r.function === '—' && r.description === '—').map((r) => r.error)),
  ]
  return `# chainrule against GradBench's own evals

Produced by \`pnpm --filter @chainrule/bench gradbench:validate\` (bench/src/gradbench/validate.ts):
GradBench's Python eval side (its input generators and its checker, which compares against its C++ \`manual\`
tool) driving the chainrule tool over the JSON-lines protocol, no Docker — and, beside it, GradBench's C++
\`manual\` (hand-written derivatives) and \`adol-c\` (ADOL-C 2.7.2, taping operator overloading) tools, driven by
the same evals through GradBench's C++ command-line interface (bin/<eval> INPUT FUNCTION). Within a run the
tools are interleaved eval by eval: for each eval, chainrule's backends, then manual, then adol-c, each against
a fresh start of the eval, which sends it the eval's whole sweep of sizes. ${os.cpus().length} cores
(${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}. Runs (each row comes from the last run that
answered its eval, size, function and tool):

${runs}

${notes.map((n) => `- ${n}`).join('\n')}

**The machine was shared with other jobs (and the runs above with each other) while this was measured, so every
time here is noisy** (repeated runs can move them by a third or more); the validation does not depend on it.

- *validated*: GradBench's own analysis of each answer (\`yes\` / \`no\`); \`—\` where the eval has no such function.
- *primal*, *derivative*: median of the tool's \`evaluate\` timings (GradBench's repetition rule: each answer is
  computed at least \`--min-runs\` times and until the runs add up to \`--min-seconds\`). *record*: chainrule's
  one-off trace of the tape, outside those runs (ADOL-C likewise tapes in its untimed \`prepare\` step).
- *ratio*: derivative ÷ primal. *tape nodes*: the tape chainrule's derivative swept (\`—\` for the C++ tools).
- *peak RSS*: peak resident memory during the derivative's evaluate (during the primal's where there is no
  derivative) — for chainrule the tool process's VmHWM, reset before each evaluate (so it includes Node itself,
  about 50 MiB, and what the process holds from earlier answers); for a C++ tool the maximum resident set of the
  one process that answers that evaluate (GNU time's \`%M\`), JSON parsing of its input included.

${valid(ran)} of ${ran.length} answers validated (${validatedCounts(rows)}).${skipped.length ? `\n\nNot run: ${skipped.join('; ')}.` : ''}

## Derivative time against ADOL-C

${summary(rows)}

## Every answer

${table(rows)}
`
}

const valid = (rows: readonly Evaluated[]) => rows.filter((r) => r.valid).length

async function runAll(opts: ReturnType<typeof parseArgs>, dir: string, here: string): Promise<Part> {
  const evals = opts.evals.length ? opts.evals : EVALS.filter((e) => e in MODULES)
  const tools = toolsOf(opts, dir)
  const o: Options = {
    dir,
    evalArgs: opts.evalArgs,
    minRuns: opts.minRuns,
    minSeconds: opts.minSeconds,
    timeoutSeconds: opts.timeoutSeconds,
    python: process.env.PYTHON ?? 'python3',
    script: join(here, 'main.js'),
    log: (l) => console.log(l),
  }
  if (tools.some((t) => t.kind === 'peer') && !existsSync(TIME))
    console.log(`${TIME} (GNU time) is missing: the C++ tools' peak memory is not measured`)
  const rows: Evaluated[] = []
  const t0 = performance.now()
  for (const name of evals) {
    const problem = ensureManual(dir, name)
    for (const tool of tools) {
      console.log(`${name} on ${tool.name}`)
      const skip = problem ?? (tool.kind === 'peer' ? peerProblem(tool, name) : undefined)
      if (skip) {
        console.log(`  ${skip}`)
        rows.push({ eval: name, tool: tool.name, function: '—', description: '—', valid: false, error: skip })
        continue
      }
      const t = performance.now()
      const got = await runEval(name, tool, o)
      rows.push(...got)
      console.log(
        `  ${got.filter((r) => r.valid).length}/${got.length} valid in ${((performance.now() - t) / 1e3).toFixed(0)} s`,
      )
    }
  }
  const git = (...a: string[]) => spawnSync('git', a, { encoding: 'utf8' }).stdout?.trim() ?? ''
  return {
    options:
      process.argv
        .slice(2)
        .filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out')
        .join(' ') ||
      '(defaults: every eval the tool has, at every size the eval ships, every backend and the C++ peers)',
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    seconds: (performance.now() - t0) / 1e3,
    commit: git('rev-parse', '--short', 'HEAD'),
    gradbench: existsSync(join(dir, '.git')) ? git('-C', dir, 'rev-parse', '--short', 'HEAD') : '',
    rows,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error((e as Error).message)
    process.exitCode = 2
  })
}
