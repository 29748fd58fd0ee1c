// What every generator of the op table shares (core's gen-exports, core-wasm's
// gen-opcodes and gen-rules): loading ops.ts, and writing its output or, with
// `--check [file]`, exiting 1 when the committed file differs.
//
// ops.ts is TypeScript and imports nothing; Node 20 cannot import it, so it is
// transpiled in memory and loaded from a data: URL.
import { readFileSync, writeFileSync } from 'node:fs'
import ts from 'typescript'

export const opsPath = new URL('../src/ops.ts', import.meta.url)

/** The op table module as the JS backend runs it, and its transpiled source (for the rule generator). */
export async function loadTable(path = opsPath) {
  const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`)
  return { module, source: ts.createSourceFile('ops.js', outputText, ts.ScriptTarget.ES2022, true) }
}

/** Writes `text` to `outPath`, or with `--check [file]` compares it and exits 1 naming a stale file. */
export function writeOrCheck(outPath, text, regenerate) {
  const check = process.argv.indexOf('--check')
  if (check < 0) {
    writeFileSync(outPath, text)
    console.log(`wrote ${outPath.pathname}`)
    return
  }
  const file = process.argv[check + 1] ?? outPath.pathname
  let current = ''
  try {
    current = readFileSync(file, 'utf8')
  } catch {}
  if (current !== text) {
    console.error(`${file} is stale: run \`${regenerate}\``)
    process.exit(1)
  }
}
