// GradBench's own eval side against the chainrule tool, without Docker:
// `GRADBENCH_DIR=/path/to/gradbench pnpm --filter @chainrule/bench gradbench:validate`.
// For each eval and backend it starts GradBench's Python eval
// (python/gradbench/gradbench/evals/<eval>/run.py, run from the checkout so it
// finds its C++ reference in tools/manual/bin) and the tool
// (dist/gradbench/main.js), and relays the JSON lines between them, noting each
// evaluate message, its response (timings, tape nodes) and the eval's analysis
// of it (GradBench's own checker). The tool's peak resident memory is read per
// evaluate from /proc (VmHWM, reset before each message). The table goes to
// results/gradbench-evals.md (or --out).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median } from '@chainrule/core/measure'
import type { Backend } from './protocol.js'
import { BACKENDS, MODULES } from './protocol.js'
import { table } from './validate-table.js'

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

export interface Evaluated {
  readonly eval: string
  readonly backend: Backend
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
  readonly evals: readonly string[]
  readonly backends: readonly Backend[]
  /** Extra arguments for an eval's run.py (its own size options, e.g. `-n 2500 5000`). */
  readonly evalArgs: Readonly<Record<string, string[]>>
  readonly minRuns?: number
  readonly minSeconds?: number
  /** Stop an eval (and record what is left as not run) after this many seconds. */
  readonly timeoutSeconds?: number
  readonly python: string
  readonly tool: string
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

function peakRss(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}

function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // Not Linux, or not allowed: VmHWM then stays the peak since the tool started.
  }
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

/** One eval against one backend; resolves with every evaluate the eval sent. */
export function runEval(name: string, backend: Backend, o: Options): Promise<Evaluated[]> {
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
  const tool = spawn(process.execPath, ['--expose-gc', o.tool, '--backend', backend], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let evalErr = ''
  let toolErr = ''
  evalProc.stderr.on('data', (b: Buffer) => {
    evalErr = (evalErr + b.toString()).slice(-4000)
  })
  tool.stderr.on('data', (b: Buffer) => {
    toolErr = (toolErr + b.toString()).slice(-4000)
  })
  // A closed pipe on either side is reported through the exits below.
  for (const s of [evalProc.stdin, tool.stdin]) s.on('error', () => {})

  createInterface({ input: evalProc.stdout }).on('line', (line) => {
    let m: Message
    try {
      m = JSON.parse(line)
    } catch {
      o.log(`  eval printed a line that is not JSON: ${line.slice(0, 200)}`)
      return
    }
    if (m.kind === 'evaluate') {
      const row: Evaluated = { eval: name, backend, function: m.function ?? '?', description: describe(m) }
      rows.push(row)
      byId.set(m.id, row)
      if (tool.pid) resetPeak(tool.pid)
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
    tool.stdin.write(`${line}\n`)
  })

  createInterface({ input: tool.stdout }).on('line', (line) => {
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
      if (tool.pid) row.peakBytes = peakRss(tool.pid)
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
          backend,
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
      tool.stdin.end()
      const stop = setTimeout(() => tool.kill(), 5000)
      if (tool.exitCode !== null) {
        clearTimeout(stop)
        done(rows)
      } else
        tool.on('exit', () => {
          clearTimeout(stop)
          done(rows)
        })
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
    tool.on('exit', (code, signal) => {
      if (finished) return
      const why = `the tool exited (${signal ?? code}) ${toolErr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`
      o.log(`  ${why}`)
      finish(why)
    })
  })
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const opts: {
    dir?: string
    evals: string[]
    backends: Backend[]
    evalArgs: Record<string, string[]>
    minRuns?: number
    minSeconds?: number
    timeoutSeconds?: number
    out?: string
    from: string[]
    notes: string[]
  } = { dir: env.GRADBENCH_DIR, evals: [], backends: [], evalArgs: {}, from: [], notes: [] }
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
        if (!BACKENDS.includes(b as Backend))
          throw new Error(`--backend must be ${BACKENDS.join(', ')}, got ${b}`)
        opts.backends.push(b as Backend)
      }
    } else if (a === '--args') {
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
  // A later part's rows replace an earlier one's for the same eval and backend.
  const rows: Evaluated[] = []
  parts.forEach((part, i) => {
    const later = parts.slice(i + 1).flatMap((p) => p.rows.map((r) => `${r.eval} ${r.backend}`))
    rows.push(...part.rows.filter((r) => !later.includes(`${r.eval} ${r.backend}`)))
  })
  const valid = rows.filter((r) => r.valid).length
  const runs = parts
    .map(
      (p) =>
        `- \`${p.options}\` — ${p.seconds.toFixed(0)} s, ${p.date}, chainrule ${p.commit}${p.gradbench ? `, GradBench ${p.gradbench}` : ''}`,
    )
    .join('\n')
  const md = `# chainrule against GradBench's own evals

Produced by \`pnpm --filter @chainrule/bench gradbench:validate\` (bench/src/gradbench/validate.ts):
GradBench's Python eval side (its input generators and its checker, which compares against its C++ \`manual\`
tool) driving the chainrule tool over the JSON-lines protocol, no Docker. ${os.cpus().length} cores
(${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}. Runs (each row comes from the last run that
covered its eval and backend):

${runs}

${opts.notes.map((n) => `- ${n}`).join('\n')}

**The machine was shared with other jobs (and the runs above with each other) while this was measured, so every
time here is noisy** (repeated runs can move them by a third or more); the validation does not depend on it.

- *validated*: GradBench's own analysis of each answer (\`yes\` / \`no\`); \`—\` where the eval has no such function.
- *primal*, *derivative*: median of the tool's \`evaluate\` timings (GradBench's repetition rule; the number of runs
  follows \`--min-runs\` / \`--min-seconds\`). *record*: the one-off trace of the tape, outside those runs.
- *ratio*: derivative ÷ primal. *tape nodes*: the tape the derivative swept. *peak RSS*: the tool process's
  peak resident memory during the derivative's evaluate (during the primal's where there is no derivative).

${valid} of ${rows.length} answers validated.

${table(rows)}
`
  const out = opts.out ?? join(here, '../../results/gradbench-evals.md')
  writeFileSync(out, md)
  const last = parts.at(-1)
  if (last && running) writeFileSync(out.replace(/\.md$/, '.json'), `${JSON.stringify(last, null, 2)}\n`)
  console.log(`${valid}/${rows.length} valid; wrote ${out}`)
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

async function runAll(opts: ReturnType<typeof parseArgs>, dir: string, here: string): Promise<Part> {
  const evals = opts.evals.length ? opts.evals : EVALS.filter((e) => e in MODULES)
  const backends: Backend[] = opts.backends.length ? opts.backends : ['js', 'wasm']
  const o: Options = {
    dir,
    evals,
    backends,
    evalArgs: opts.evalArgs,
    minRuns: opts.minRuns,
    minSeconds: opts.minSeconds,
    timeoutSeconds: opts.timeoutSeconds,
    python: process.env.PYTHON ?? 'python3',
    tool: join(here, 'main.js'),
    log: (l) => console.log(l),
  }
  const rows: Evaluated[] = []
  const t0 = performance.now()
  for (const name of evals) {
    const problem = ensureManual(dir, name)
    for (const backend of backends) {
      console.log(`${name} on ${backend}`)
      if (problem) {
        console.log(`  ${problem}`)
        rows.push({ eval: name, backend, function: '—', description: '—', valid: false, error: problem })
        continue
      }
      const t = performance.now()
      const got = await runEval(name, backend, o)
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
        .join(' ') || '(defaults: every eval the tool has, at every size the eval ships, both backends)',
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
