// The built page evaluates no text as code: no eval, no Function constructor,
// no string timers in any shipped script, so it runs under a policy without
// 'unsafe-eval', and its policy meta tag says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../csp.ts'

const dist = new URL('../dist/', import.meta.url).pathname

describe('the production bundle', () => {
  it('exists (the test task depends on the build)', () => {
    expect(existsSync(`${dist}index.html`)).toBe(true)
  })

  it('contains no eval( and no new Function', () => {
    const scripts = readdirSync(`${dist}assets`).filter((f) => f.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(0)
    for (const file of scripts) {
      const code = readFileSync(`${dist}assets/${file}`, 'utf8')
      expect(code, file).not.toMatch(/\beval\s*\(/)
      expect(code, file).not.toMatch(/new\s+Function\b/)
      expect(code, file).not.toMatch(/\bFunction\s*\(\s*["'`]/)
      expect(code, file).not.toMatch(/set(Timeout|Interval)\s*\(\s*["'`]/)
    }
  })

  it('ships the Content-Security-Policy in index.html, without unsafe-eval or inline code', () => {
    const html = readFileSync(`${dist}index.html`, 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)
    expect(meta?.[1].replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'")
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-inline'")
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/<style/)
  })
})
