// The tools an eval talks to during `gradbench:validate`: the chainrule tool
// (a Node child speaking the JSON-lines protocol) and, beside it, GradBench's
// C++ tools (`manual`, `adol-c`) as peers. A C++ tool is a directory with one
// executable per eval, `bin/<eval> INPUT.json FUNCTION`, which prints its
// output on the first line and one timing per line after it (GradBench's
// C++ command-line interface). The driver answers the protocol for it here,
// as GradBench's own wrapper does, and reads the child's peak resident memory
// from GNU time (its maximum resident set, `%M`), one process per evaluate.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Backend } from './protocol.js'

/** One tool of a run: a chainrule backend, or a GradBench C++ tool in a directory. */
export type Tool =
  | { readonly kind: 'chainrule'; readonly name: Backend }
  | { readonly kind: 'peer'; readonly name: string; readonly dir: string }

/** What the relay needs of a tool: lines in, lines out (with the peak memory of that answer), an end. */
export interface Endpoint {
  /** Sends one protocol line to the tool. */
  write(line: string): void
  /** Called before an evaluate is sent, so the peak read with its answer is that evaluate's. */
  beforeEvaluate(): void
  onLine(listener: (line: string, peakBytes?: number) => void): void
  /** The tool stopped by itself: exit code or signal, and the end of what it printed on stderr. */
  onExit(listener: (why: string) => void): void
  /** Stops the tool (closes its input; kills it if it does not stop). Resolves once it is gone. */
  close(): Promise<void>
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

/** The chainrule tool (dist/gradbench/main.js) on one backend; its peak is VmHWM, reset before each evaluate. */
export function chainruleEndpoint(script: string, backend: Backend): Endpoint {
  const child = spawn(process.execPath, ['--expose-gc', script, '--backend', backend], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000)
  })
  // A closed pipe is reported through the exit below.
  child.stdin.on('error', () => {})
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  let closing = false
  return {
    write: (line) => child.stdin.write(`${line}\n`),
    beforeEvaluate: () => {
      if (child.pid) resetPeak(child.pid)
    },
    onLine: (listener) => {
      createInterface({ input: child.stdout }).on('line', (line) =>
        listener(line, child.pid ? peakRss(child.pid) : undefined),
      )
    },
    onExit: (listener) =>
      child.on('exit', (code, signal) => {
        if (!closing)
          listener(`(${signal ?? code}) ${err.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`)
      }),
    close: async () => {
      closing = true
      if (child.exitCode !== null || child.signalCode !== null) return
      child.stdin.end()
      const stop = setTimeout(() => child.kill(), 5000)
      await exited
      clearTimeout(stop)
    },
  }
}

/** GNU time, which reports a child's maximum resident set; without it a peer's peak is not measured. */
export const TIME = '/usr/bin/time'

/** Why a peer cannot answer this eval, or undefined when it can (its executable exists or its source does). */
export function peerProblem(tool: { name: string; dir: string }, evalName: string): string | undefined {
  if (!existsSync(tool.dir))
    return `${tool.name} skipped: ${tool.dir} does not exist (build GradBench's tools/${tool.name} there, or pass --peer ${tool.name}=DIR)`
  if (existsSync(join(tool.dir, 'bin', evalName))) return undefined
  if (existsSync(join(tool.dir, `${evalName}.cpp`))) return undefined
  return `${tool.name} has no ${evalName} (no ${evalName}.cpp in ${tool.dir})`
}

interface Line {
  id: number
  kind: string
  module?: string
  function?: string
  input?: unknown
}

/**
 * A GradBench C++ tool behind the protocol. Messages are answered one at a
 * time, in order: `define` builds `bin/<module>` with the tool's Makefile when
 * it is missing, `evaluate` writes the input to a file and runs the executable
 * on it under GNU time.
 */
export function peerEndpoint(tool: { name: string; dir: string }, time = TIME): Endpoint {
  const scratch = mkdtempSync(join(os.tmpdir(), `gradbench-${tool.name}-`))
  const listeners: ((line: string, peakBytes?: number) => void)[] = []
  let running: ReturnType<typeof spawn> | undefined
  let closed = false
  let queue = Promise.resolve()

  const run = (command: string, args: string[], cwd?: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      // Its own process group, so that stopping it stops what GNU time started too.
      const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      running = child
      const out: Buffer[] = []
      let stderr = ''
      child.stdout.on('data', (b: Buffer) => out.push(b))
      child.stderr.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-4000)
      })
      child.on('error', (e) => done({ code: -1, stdout: '', stderr: e.message }))
      child.on('close', (code) => {
        running = undefined
        done({ code, stdout: Buffer.concat(out).toString(), stderr })
      })
    })

  const answer = async (m: Line): Promise<{ response: Record<string, unknown>; peakBytes?: number }> => {
    if (m.kind === 'start') return { response: { id: m.id, tool: tool.name } }
    if (m.kind === 'define') {
      if (existsSync(join(tool.dir, 'bin', String(m.module))))
        return { response: { id: m.id, success: true } }
      const r = await run('make', ['-C', tool.dir, `bin/${m.module}`])
      return r.code === 0
        ? { response: { id: m.id, success: true } }
        : { response: { id: m.id, success: false, error: `make bin/${m.module}: ${r.stdout}${r.stderr}` } }
    }
    if (m.kind !== 'evaluate') return { response: { id: m.id } }
    const input = join(scratch, 'input.json')
    const rss = join(scratch, 'rss')
    writeFileSync(input, JSON.stringify(m.input))
    rmSync(rss, { force: true })
    const exe = join(tool.dir, 'bin', String(m.module))
    const timed = existsSync(time)
    // In the scratch directory: ADOL-C writes its tapes to files in the working directory when they outgrow memory.
    const r = timed
      ? await run(time, ['-f', '%M', '-o', rss, exe, input, String(m.function)], scratch)
      : await run(exe, [input, String(m.function)], scratch)
    let peakBytes: number | undefined
    // GNU time's report: the peak in KiB last, after its word on how the command ended if it failed.
    const report = timed && existsSync(rss) ? readFileSync(rss, 'utf8').trim().split('\n') : []
    const kb = Number(report.at(-1))
    if (report.length && Number.isFinite(kb)) peakBytes = kb * 1024
    if (r.code !== 0)
      return {
        response: {
          id: m.id,
          success: false,
          error: `${tool.name} bin/${m.module} ${m.function} exited with ${r.code}${report.length > 1 ? ` (${report.slice(0, -1).join(' ')})` : ''}: ${r.stderr.trim().slice(-300)}`,
        },
        peakBytes,
      }
    const [first, ...rest] = r.stdout.trim().split('\n')
    try {
      return {
        response: {
          id: m.id,
          success: true,
          output: JSON.parse(first),
          timings: rest.map((l) => JSON.parse(l)),
        },
        peakBytes,
      }
    } catch {
      return {
        response: {
          id: m.id,
          success: false,
          error: `${tool.name} printed what is not JSON: ${first.slice(0, 200)}`,
        },
        peakBytes,
      }
    }
  }

  return {
    write: (line) => {
      let m: Line
      try {
        m = JSON.parse(line)
      } catch {
        return
      }
      queue = queue.then(async () => {
        if (closed) return
        const { response, peakBytes } = await answer(m)
        if (closed) return
        const text = JSON.stringify(response)
        for (const l of listeners) l(text, peakBytes)
      })
    },
    beforeEvaluate: () => {},
    onLine: (listener) => listeners.push(listener),
    onExit: () => {},
    close: async () => {
      closed = true
      if (running?.pid && running.exitCode === null)
        try {
          process.kill(-running.pid, 'SIGKILL')
        } catch {
          // Already gone.
        }
      await queue
      rmSync(scratch, { recursive: true, force: true })
    },
  }
}
