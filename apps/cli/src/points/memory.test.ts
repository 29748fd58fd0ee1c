// --points streams: the real binary, its heap capped at 32 MB, replays a
// 42 MB CSV file and a 60 MB JSON array (more than that heap could hold if
// either were read whole) and writes a correct row for every point. Only outputs and the exit
// code are asserted, never a time; the timeout is generous for a loaded machine.
import { spawn } from 'node:child_process'
import { createReadStream, openSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN } from '../test/bin.js'

const ROWS = 1_000_000
const HEAP_MB = 32
let dir = ''

/** Row i's cells: a fixed formula, so the file needs no storing to be checked. */
const cells = (i: number): [string, string] => [
  (((i * 7919) % 4001) / 1000 - 2).toFixed(15),
  (((i * 104_729) % 3001) / 1000 + 0.1).toFixed(15),
]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chainrule-points-'))
  const parts = ['x,y\n']
  for (let i = 0; i < ROWS; i++) {
    const [x, y] = cells(i)
    // Padded to ~42 bytes a row, so the file outweighs the heap.
    parts.push(`${x},${y}      \n`)
  }
  await writeFile(join(dir, 'points.csv'), parts.join(''))
  const json = ['[\n']
  for (let i = 0; i < ROWS; i++) {
    const [x, y] = cells(i)
    json.push(`${i ? ',' : ''}{"x": ${x}, "y": ${y}}\n`)
  }
  json.push(']\n')
  await writeFile(join(dir, 'points.json'), json.join(''))
}, 60_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('--points in bounded memory', () => {
  it.each(['csv', 'json'])(
    `grad over ${ROWS} points of a %s file with a ${HEAP_MB} MB heap: exit 0, every row's gradient right`,
    async (kind) => {
      const file = join(dir, `points.${kind}`)
      const outFile = join(dir, `out-${kind}.csv`)
      const out = openSync(outFile, 'w')
      const child = spawn(
        process.execPath,
        [
          `--max-old-space-size=${HEAP_MB}`,
          BIN,
          'grad',
          'x*y + x^3 - log(y)',
          '--points',
          file,
          '--backend',
          'js',
        ],
        { stdio: ['ignore', out, 'pipe'] },
      )
      let stderr = ''
      child.stderr?.setEncoding('utf8').on('data', (d) => {
        stderr += d
      })
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(stderr.slice(0, 2000)).toBe('')
      expect(code).toBe(0)

      const lines = createInterface({ input: createReadStream(outFile), crlfDelay: Infinity })
      let i = -1
      let worst = 0
      for await (const line of lines) {
        if (i < 0) expect(line).toBe('x,y,f,df/dx,df/dy')
        else {
          const [x, y, f, dx, dy] = line.split(',').map(Number)
          const [px, py] = cells(i).map(Number)
          if (x !== px || y !== py) expect(`row ${i}: ${line}`).toBe(`row ${i}: ${px},${py},…`)
          // f = xy + x³ − ln y, ∂f/∂x = y + 3x², ∂f/∂y = x − 1/y.
          const want = [x * y + x ** 3 - Math.log(y), y + 3 * x * x, x - 1 / y]
          ;[f, dx, dy].forEach((v, j) => {
            worst = Math.max(worst, Math.abs(v - want[j]) / (1 + Math.abs(want[j])))
          })
        }
        i++
      }
      expect(i).toBe(ROWS)
      expect(worst).toBeLessThan(1e-12)
    },
    120_000,
  )
})
