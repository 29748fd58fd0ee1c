// What the registry would get: each installed package.json is the packed one
// (pnpm pack rewrote workspace:* and applied publishConfig), checked for what
// a published package needs, and every file its entry points name is shipped.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

const { dir } = inject('scratch')
const NAMES = ['core', 'core-wasm', 'cli', 'api']

type Exports = Record<string, string | Record<string, string>>

describe.each(NAMES)('@chainrule/%s as packed', (name) => {
  const root = join(dir, 'node_modules/@chainrule', name)
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

  it('is public, MIT, with repository, engines, and a LICENSE, README and CHANGELOG in the tarball', () => {
    expect(pkg.private).toBeUndefined()
    expect(pkg.license).toBe('MIT')
    expect(pkg.repository.directory).toMatch(/^(packages|apps)\//)
    expect(pkg.engines).toEqual({ node: '>=20.19' })
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
    expect(existsSync(join(root, 'README.md'))).toBe(true)
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# ${pkg.name}\n`))
  })

  it('depends on nothing but registry versions', () => {
    for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      expect(range, dep).toMatch(/^[\^~]?\d/)
    }
  })

  it('ships every file its types, exports and bin name, with types first', () => {
    const targets: string[] = []
    if (pkg.types) targets.push(pkg.types)
    for (const entry of Object.values((pkg.exports ?? {}) as Exports)) {
      if (typeof entry === 'string') targets.push(entry)
      else {
        expect(Object.keys(entry)[0]).toBe('types')
        expect(Object.keys(entry)).not.toContain('@chainrule/source')
        targets.push(...Object.values(entry))
      }
    }
    targets.push(...Object.values((pkg.bin ?? {}) as Record<string, string>))
    expect(targets.length).toBeGreaterThan(0)
    for (const file of targets) expect(existsSync(join(root, file)), file).toBe(true)
  })

  it('names no source map it does not ship', () => {
    const shipped = readdirSync(root, { recursive: true, encoding: 'utf8' })
    const dangling = shipped
      .filter((f) => /\.(m?js|d\.ts)$/.test(f))
      .flatMap((f) => {
        const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, f), 'utf8'))?.[1]
        return map && !map.startsWith('data:') && !existsSync(join(root, f, '..', map))
          ? [`${f} → ${map}`]
          : []
      })
    expect(dangling).toEqual([])
  })
})

describe('libraries', () => {
  it.each(['core', 'core-wasm'])('@chainrule/%s declares sideEffects false and top-level types', (name) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/@chainrule', name, 'package.json'), 'utf8'))
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.types).toBe('./dist/index.d.ts')
  })
})
