// Global setup: pack and install once for every test file; removed afterwards.
import { rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createScratch, type Scratch } from './scratch.js'

declare module 'vitest' {
  export interface ProvidedContext {
    scratch: Scratch
  }
}

export default async function setup(project: TestProject) {
  const started = performance.now()
  const scratch = await createScratch()
  console.log(`consumer: packed and installed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  for (const [name, file] of Object.entries(scratch.tarballs))
    console.log(`consumer: ${name} tarball ${statSync(join(scratch.packs, file)).size} bytes`)
  project.provide('scratch', scratch)
  return () => rmSync(dirname(scratch.dir), { recursive: true, force: true })
}
