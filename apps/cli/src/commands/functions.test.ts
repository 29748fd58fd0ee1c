import { FUNCTIONS } from '@chainrule/core'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

describe('chainrule functions', () => {
  it('lists every function the language accepts, each with its derivative by the op table’s rule', async () => {
    const r = await cli(['functions'])
    expect(r.code).toBe(0)
    for (const def of FUNCTIONS.values()) expect(r.stdout).toContain(def.usage.split(' = ')[0])
    expect(r.stdout).toContain('sin(x)')
    expect(r.stdout).toMatch(/sin\(x\) +∂\/∂x = cos\(x\)/)
    expect(r.stdout).toMatch(/asin\(x\) +∂\/∂x = 1\/√\(1 − x\^2\)/)
    expect(r.stdout).toContain('Constants: pi = 3.141592653589793, e = 2.718281828459045. Aliases: ln = log.')
    const j = json(await cli(['functions', '--json']))
    expect(j.functions).toHaveLength(FUNCTIONS.size)
    expect((await cli(['functions', '--lang', 'ko'])).stdout).toContain('도함수 (연산 표의 규칙)')
  })

  it('--help lists them too', async () => {
    const r = await cli(['--help'])
    expect(r.stdout).toContain('Functions (chainrule functions lists each with its derivative):')
    for (const name of FUNCTIONS.keys()) expect(r.stdout).toContain(name)
  })
})

describe('did you mean', () => {
  it('for unknown functions, with the position, in English and Korean', async () => {
    expect((await cli(['grad', 'sinn(x)', '--at', 'x=1'])).stderr).toBe(
      "error: unknown function 'sinn'; did you mean sin? (column 1)\n  sinn(x)\n  ^^^^\n",
    )
    expect((await cli(['grad', '2*sigmiod(x)', '--at', 'x=1'])).stderr).toContain(
      "unknown function 'sigmiod'; did you mean sigmoid? (column 3)",
    )
    expect((await cli(['grad', 'sinn(x)', '--at', 'x=1', '--lang', 'ko'])).stderr).toContain(
      "알 수 없는 함수입니다. 이름: 'sinn'. sin을(를) 쓰려던 것인가요? (1번째 열)",
    )
  })

  it('for options: --att → --at, minimize --at → --from (en, ko)', async () => {
    const att = await cli(['grad', 'x', '--att', 'x=1'])
    expect(att).toMatchObject({ code: 2, stderr: "error: unknown option '--att'; did you mean --at?\n" })
    const from = await cli(['minimize', 'x^2', '--at', 'x=1'])
    expect(from.stderr).toBe("error: unknown option '--at'; did you mean --from?\n")
    const ko = await cli(['minimize', 'x^2', '--at', 'x=1', '--lang', 'ko'])
    expect(ko.stderr).toBe("오류: 알 수 없는 옵션 '--at'입니다. --from을(를) 쓰려던 것인가요?\n")
  })

  it('Korean statuses and method names', async () => {
    const r = await cli(['minimize', 'x^2', '--from', 'x=1', '--lang', 'ko'])
    expect(r.stdout).toContain('상태       수렴함')
    const c = await cli(['compare', 'exp(x)', '--at', 'x=1', '--lang', 'ko'])
    expect(c.stdout).toContain('중앙 차분')
  })
})
