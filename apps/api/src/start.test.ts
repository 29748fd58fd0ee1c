// The documented start commands, for real: started as a user would, serving,
// then SIGTERM to the process the user started. Nothing may be left behind:
// no server still listening, no `node dist/server.js` still running (pnpm
// runs a script through `sh -c`, and a shell that does not pass the signal on
// once left the server orphaned and serving).

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'

const root = new URL('../../..', import.meta.url).pathname
const api = new URL('..', import.meta.url).pathname

let started: ChildProcess | undefined
let serverPid: number | undefined
afterEach(() => {
  // Clean up after a failure only: the test itself must have stopped both.
  for (const pid of [started?.pid, serverPid]) {
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL')
  }
  started = serverPid = undefined
})

/** Running: it exists and, where /proc says, is not a zombie waiting to be reaped (its exit is done). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; Z is a process that has exited.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return !existsSync('/proc/self/stat')
  }
}

/** Starts `cmd …args` in `cwd` on an ephemeral port; resolves with the URL and the server's pid from its log. */
async function start(cwd: string, [cmd, ...args]: string[]): Promise<{ base: string; pid: number }> {
  started = spawn(cmd, args, {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CHAINRULE_BACKEND: 'js' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // A 'data' listener, not for-await: leaving a for-await loop destroys the
  // stream, and the server would then write its log into a closed pipe.
  started.stdout!.setEncoding('utf8')
  let out = ''
  const found = await new Promise<RegExpMatchArray | null>((resolve) => {
    started!.stdout!.on('data', (chunk: string) => {
      out += chunk
      const m = out.match(/"pid":(\d+)[^\n]*listening at (http:\/\/127\.0\.0\.1:\d+)/)
      if (m) resolve(m)
    })
    started!.once('exit', () => resolve(null))
  })
  if (found) {
    serverPid = Number(found[1])
    return { base: found[2], pid: serverPid }
  }
  throw new Error(`the server did not start:\n${out.slice(-2000)}`)
}

// The root `pnpm start` is `pnpm install … && turbo run build && exec pnpm --filter @chainrule/api start`.
// Run for real here it would reinstall and rebuild the workspace while other packages' tests read
// their dist/, so its shell chain runs with the install and build steps replaced by `true`: the
// same `sh -c` and the same last step, which is where a signal was once lost.
const rootStart: string = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts.start
const steps = rootStart.split(' && ')

describe.each([
  [
    'pnpm start at the root (its shell chain, install and build skipped)',
    root,
    ['sh', '-c', [...steps.slice(0, -1).map(() => 'true'), steps.at(-1)].join(' && ')],
  ],
  ['pnpm --filter @chainrule/api start', root, ['pnpm', '--filter', '@chainrule/api', 'start']],
  ['pnpm start in apps/api', api, ['pnpm', 'start']],
])('%s', (_name, cwd, args) => {
  test('SIGTERM to it stops the server: nothing listens, no server process is left', async () => {
    const { base, pid } = await start(cwd, args)
    expect(pid).not.toBe(started!.pid)
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
    const exited = once(started!, 'exit')
    started!.kill('SIGTERM')
    await exited
    // The server exits on its own, by the signal passed on; a survivor would keep this waiting until the timeout.
    while (alive(pid)) await new Promise((resolve) => setImmediate(resolve))
    await expect(fetch(`${base}/healthz`)).rejects.toThrow()
  }, 120_000)
})
