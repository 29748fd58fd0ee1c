// What the numbers were measured on: printed beside every result, because a
// timing without its machine, runtime and commit is not evidence.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os'

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly v8: string
  readonly commit: string
  /** Workspace folders with uncommitted changes to tracked files when the run started (the results themselves excepted). */
  readonly dirty: string[]
  readonly date: string
  /** 1-minute load average at the start of the run (other work on the machine). */
  readonly loadAtStart: number
  readonly versions: Readonly<Record<string, string>>
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

/** packages/core, apps/cli, bench, … : the folders whose code differs from the commit named. */
function dirtyFolders(): string[] {
  const paths = git(['diff', '--name-only', 'HEAD'])
    .split('\n')
    .filter((p) => p !== '' && !p.startsWith('bench/results/'))
  return [
    ...new Set(
      paths.map((p) =>
        p
          .split('/')
          .slice(0, p.startsWith('bench') ? 1 : 2)
          .join('/'),
      ),
    ),
  ].sort()
}

const require = createRequire(import.meta.url)

function versionOf(pkg: string): string {
  try {
    // The package's own manifest, found next to its resolved entry point.
    let dir = require.resolve(pkg)
    for (;;) {
      const up = dir.slice(0, dir.lastIndexOf('/'))
      if (up === dir || up === '') return 'unknown'
      dir = up
      try {
        const json = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'))
        if (json.name === pkg) return json.version
      } catch {}
    }
  } catch {
    return 'not installed'
  }
}

export function machine(): Machine {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    commit: git(['rev-parse', '--short=12', 'HEAD']) || 'unknown',
    dirty: dirtyFolders(),
    date: new Date().toISOString(),
    loadAtStart: loadavg()[0],
    versions: {
      '@chainrule/core': versionOf('@chainrule/core'),
      '@chainrule/core-wasm': versionOf('@chainrule/core-wasm'),
      '@tensorflow/tfjs': versionOf('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': versionOf('@tensorflow/tfjs-backend-wasm'),
    },
  }
}

export function describeMachine(m: Machine): string {
  return [
    `${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `Node ${m.node} (V8 ${m.v8}); commit ${m.commit}${m.dirty.length ? ` (uncommitted changes in ${m.dirty.join(', ')})` : ''}; ${m.date}`,
    `load average at start ${m.loadAtStart.toFixed(2)}`,
    Object.entries(m.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  ].join('\n')
}
