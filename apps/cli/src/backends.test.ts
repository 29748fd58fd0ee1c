import { describe, expect, it } from 'vitest'
import { cli, json } from './test/cli.js'

describe('--backend', () => {
  it('wasm by default: the program really sweeps in WebAssembly', async () => {
    expect(json(await cli(['grad', 'x^2 + x', '--at', 'x=2', '--json'])).backend).toBe('wasm')
  })

  it('js with --backend js', async () => {
    expect(json(await cli(['grad', 'x^2 + x', '--at', 'x=2', '--json', '--backend', 'js'])).backend).toBe(
      'js',
    )
  })
})
