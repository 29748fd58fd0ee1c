// How the eval side reaches a tool: a child process speaking the protocol on
// its stdin and stdout (exactly what GradBench's harness does), or, where no
// built tool exists (tests run from source), a Session in this process behind
// the same JSON round trip.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { type Backend, type Response, Session } from './protocol.js'

export interface Transport {
  request(message: { id: number; kind: string } & Record<string, unknown>): Promise<Response>
  close(): Promise<void>
}

export function sessionTransport(backend: Backend): Transport {
  const session = new Session(backend)
  return {
    request: async (message) =>
      JSON.parse(JSON.stringify(session.handle(JSON.parse(JSON.stringify(message))))),
    close: async () => {},
  }
}

export function processTransport(script: string, backend: Backend): Transport {
  const child = spawn(process.execPath, ['--expose-gc', script, '--backend', backend], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const waiting = new Map<number, (r: Response) => void>()
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  createInterface({ input: child.stdout }).on('line', (line) => {
    const response = JSON.parse(line) as Response
    waiting.get(response.id)?.(response)
    waiting.delete(response.id)
  })
  return {
    request: (message) =>
      new Promise((resolve, reject) => {
        waiting.set(message.id, resolve)
        exited.then((code) =>
          reject(new Error(`the tool exited (code ${code}) before answering message ${message.id}`)),
        )
        child.stdin.write(`${JSON.stringify(message)}\n`)
      }),
    close: async () => {
      child.stdin.end()
      await exited
    },
  }
}
