// The demo in real Chromium, against the production build (dist/), served the
// way the API serves it. Every acceptance item of the web issue is one test
// here; each asserts what a person sees on the page, and any console error,
// uncaught exception or failed request fails the test that caused it.

import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Browser, eventually, launch } from './browser.ts'
import { type StaticServer, serve } from './server.ts'

const dist = new URL('../dist', import.meta.url).pathname
const shots = new URL('../test-screenshots/', import.meta.url).pathname

let server: StaticServer
let browser: Browser
let page: Page

const byTest = (id: string) => page.getByTestId(id)
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').trim()

/** Waits until the element with data-testid `id` reads exactly `want`. */
async function expectText(id: string, want: string, ms?: number): Promise<void> {
  await eventually(async () => expect(await textOf(byTest(id))).toBe(want), ms)
}

async function setExpression(text: string): Promise<void> {
  await page.locator('#expr').fill(text)
}

async function setVariable(index: number, value: string): Promise<void> {
  await page.locator(`#var-${index}`).fill(value)
}

async function shot(name: string, target?: Locator): Promise<void> {
  const path = `${shots}${name}.png`
  if (target) await target.screenshot({ path })
  else await page.screenshot({ path, fullPage: true })
}

beforeAll(async () => {
  if (!existsSync(`${dist}/index.html`)) throw new Error('apps/web/dist is missing: run `pnpm build` first')
  await mkdir(shots, { recursive: true })
  server = await serve(dist)
  browser = await launch()
  page = browser.page
  await page.goto(server.url)
  await page.locator('body[data-ready="true"]').waitFor()
})

afterEach(() => {
  expect(browser.takeProblems()).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the chainrule demo', () => {
  it("shows the origin text's example: f(2) = 6 and f′(2) = 5 for x*x + x", async () => {
    expect(await page.locator('#expr').inputValue()).toBe('x*x + x')
    await expectText('value', '6')
    await expectText('gradient', '5')
    expect(await page.locator('#var-0').inputValue()).toBe('2')
    expect(await textOf(byTest('tape-stats'))).toContain('recorded 1×')
    await page.locator('[data-testid="plot"] .curve-f').waitFor()
    await shot('01-initial')
  })

  it('replays the tape at the new point as the slider moves', async () => {
    const slider = page.locator('#var-0-slider')
    await slider.focus()
    await page.keyboard.press('ArrowRight')
    await expectText('value', '6.0501') // 2.01² + 2.01
    await expectText('gradient', '5.02') // 2·2.01 + 1
    expect(await page.locator('#var-0').inputValue()).toBe('2.01')
    await page.keyboard.press('Home')
    await expectText('value', '20') // (−5)² − 5
    await expectText('gradient', '-9')
    await setVariable(0, '3')
    await expectText('value', '12')
    await expectText('gradient', '7')
    expect(await slider.inputValue()).toBe('3')
    // Moving changed only the point: the expression was recorded once and replayed since.
    const stats = await textOf(byTest('tape-stats'))
    expect(stats).toContain('recorded 1×')
    expect(Number(/replayed (\d+)×/.exec(stats)?.[1])).toBeGreaterThanOrEqual(4)
    await setVariable(0, '2')
    await expectText('value', '6')
  })

  it('underlines a syntax error under the offending * and recovers when it is fixed', async () => {
    await setExpression('x^2 + * 3')
    const mark = byTest('expr-bad')
    await eventually(async () => expect(await mark.textContent()).toBe('*'))
    const error = await textOf(byTest('expr-error'))
    expect(error).toMatch(/column 7\)$/)
    await expectText('value', '—')
    // The mark is drawn under the seventh character of the box: six monospace columns in.
    const input = (await page.locator('#expr').boundingBox())!
    const box = (await mark.boundingBox())!
    const contentLeft = input.x + 2 + 0.7 * 16 // border + padding, as style.css sets them
    expect(Math.abs(box.x - (contentLeft + 6 * box.width))).toBeLessThan(3)
    expect(box.y).toBeGreaterThan(input.y)
    expect(box.y + box.height).toBeLessThan(input.y + input.height)
    await shot('02-error', page.locator('.card-function'))

    await setExpression('x^2 + 3')
    await expectText('value', '7')
    await expectText('gradient', '4')
    expect(await mark.count()).toBe(0)
    expect(await textOf(byTest('expr-error'))).toBe('')
    await setExpression('x*x + x')
    await expectText('value', '6')
  })

  it('draws the five-node graph and steps through the reverse sweep as the origin text does', async () => {
    const nodes = page.locator('.graph-node')
    await eventually(async () => expect(await nodes.count()).toBe(5))
    const labels = await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))
    expect(labels).toEqual(['A', 'B', 'C', 'D', 'E'])
    // The graph is redrawn after the value panel: wait for it to show this expression, not the last one.
    const top = page.locator('.graph-node[data-label="E"]')
    // Before the first Next no node gives its adjoint away.
    await eventually(async () => expect(await textOf(top)).toBe('E = C + Dvalue 6adjoint ?'))
    const adjoints = () =>
      page.locator('.graph-node .node-adjoint').evaluateAll((els) => els.map((e) => e.textContent))
    expect(await adjoints()).toEqual(Array(5).fill('adjoint ?'))
    expect(await textOf(byTest('step-counter'))).toBe(
      'Adjoints are hidden until the sweep reaches them: press Next to start at the output (5 steps).',
    )

    // Why 5 boxes for a tape of 3 nodes: x is stored once on the tape and drawn once per use.
    await expectText(
      'graph-unfold',
      'The tape has 3 nodes and the graph 5 boxes: the tape stores each variable once, the graph draws a leaf for every use (x used 3×).',
    )
    expect(await textOf(byTest('tape-stats'))).toMatch(/^3 tape nodes/)
    const next = page.locator('#step-next')
    const expected = [
      ['E', 'Start at the output: dE/dE = 1.'],
      ['C', 'dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D, so ∂E/∂C = 1.'],
      ['D', 'dE/dD = dE/dE · ∂E/∂D = 1 × 1 = 1. E = C + D, so ∂E/∂D = 1.'],
      ['A', 'dE/dA = dE/dC · ∂C/∂A = 1 × 2 = 2. C = A · B, so ∂C/∂A = B = 2.'],
      ['B', 'dE/dB = dE/dC · ∂C/∂B = 1 × 2 = 2. C = A · B, so ∂C/∂B = A = 2.'],
    ]
    // Node order A, B, C, D, E; the sweep visits E, C, D, A, B.
    const q = 'adjoint ?'
    const revealed = [
      [q, q, q, q, 'adjoint 1'],
      [q, q, 'adjoint 1', q, 'adjoint 1'],
      [q, q, 'adjoint 1', 'adjoint 1', 'adjoint 1'],
      ['adjoint 2', q, 'adjoint 1', 'adjoint 1', 'adjoint 1'],
      ['adjoint 2', 'adjoint 2', 'adjoint 1', 'adjoint 1', 'adjoint 1'],
    ]
    for (const [i, [label, text]] of expected.entries()) {
      await next.click()
      const step = byTest('step').nth(i)
      await eventually(async () => expect(await step.getAttribute('data-label')).toBe(label))
      expect(await textOf(step.getByTestId('step-text'))).toBe(text)
      // The graph lights the node this step is about.
      expect(await page.locator('.graph-node.current').getAttribute('data-label')).toBe(label)
      expect(await textOf(byTest('step-counter'))).toBe(`Step ${i + 1} of 5`)
      // The adjoints appear as the sweep reaches them, the output's 1 first.
      expect(await adjoints()).toEqual(revealed[i])
    }
    // Each step is typeset by KaTeX as a fraction of partials.
    await eventually(async () =>
      expect(await page.locator('[data-testid="step"] .katex .mfrac').count()).toBeGreaterThanOrEqual(5),
    )
    // Under each, the local partial by its rule, then its number, typeset: ∂C/∂A = B = 2.
    const rules = await byTest('step').evaluateAll((els) =>
      els.map((e) =>
        [...e.querySelectorAll('[data-testid="step-rule"] annotation')].map((a) => a.textContent).join(' ; '),
      ),
    )
    expect(rules).toEqual([
      '',
      '\\frac{\\partial E}{\\partial C} = 1',
      '\\frac{\\partial E}{\\partial D} = 1',
      '\\frac{\\partial C}{\\partial A} = B = 2',
      '\\frac{\\partial C}{\\partial B} = A = 2',
    ])
    await next.click()
    expect(await textOf(byTest('step-total'))).toContain('f′(2) = dE/dA + dE/dB + dE/dD = 2 + 2 + 1 = 5')
    expect(await next.isDisabled()).toBe(true)
    // The last step and the total read differently: the counter never says "Step 5 of 5" twice.
    expect(await textOf(byTest('step-counter'))).toBe(
      'All 5 steps done: each variable’s derivative is the sum of its leaves.',
    )
    expect(await byTest('step-counter').getAttribute('data-state')).toBe('done')
    await shot('03-steps', page.locator('.card-graph'))
  })

  it('steps through the forward sweep beside the reverse one: tangents from the inputs up, ḟ = 5 for x*x + x at 2', async () => {
    const next = page.locator('#forward-next')
    await expectText(
      'forward-counter',
      'Tangents are hidden until the sweep reaches them: press Next to start at the inputs (5 steps).',
    )
    // One input, one sweep: nothing to pick.
    expect(await page.locator('#forward-seed-label').isHidden()).toBe(true)
    expect(await textOf(byTest('forward-seed-text'))).toMatch(/^Seed ẋ = 1 /)
    const expected = [
      ['A', 'Ȧ = ẋ = 1'],
      ['B', 'Ḃ = ẋ = 1'],
      ['C', 'Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4'],
      ['D', 'Ḋ = ẋ = 1'],
      ['E', 'Ė = Ċ + Ḋ = 4 + 1 = 5'],
    ]
    for (const [i, [label, text]] of expected.entries()) {
      await next.click()
      const step = byTest('forward-step').nth(i)
      await eventually(async () => expect(await step.getAttribute('data-label')).toBe(label))
      expect(await textOf(step.getByTestId('step-text'))).toBe(text)
      expect(await byTest('forward-step').count()).toBe(i + 1)
      expect(await textOf(byTest('forward-counter'))).toBe(`Step ${i + 1} of 5`)
      // The graph marks the forward sweep's node, and the edges its tangent comes up from its operands.
      expect(await page.locator('.graph-node.forward-current').getAttribute('data-label')).toBe(label)
    }
    // Typeset as dual numbers: the product rule's tangent, then its number.
    await eventually(async () =>
      expect(await byTest('forward-step').nth(2).locator('.katex annotation').textContent()).toBe(
        '\\dot{C} = \\dot{A} \\cdot B + A \\cdot \\dot{B} = 1 \\cdot 2 + 2 \\cdot 1 = 4',
      ),
    )
    await page.locator('#forward-prev').click()
    await page.locator('#forward-prev').click()
    const edges = await page
      .locator('.graph-edge.forward-active')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')}→${e.getAttribute('data-to')}`))
    expect(edges.sort()).toEqual(['A→C', 'B→C'])
    await next.click()
    await next.click()
    await next.click()
    const total = byTest('forward-total')
    expect(await textOf(total.getByTestId('step-text'))).toBe("The output's tangent is ∂f/∂x at (2): Ė = 5.")
    await eventually(async () =>
      expect(await total.locator('.katex annotation').textContent()).toBe(
        '\\frac{\\partial f}{\\partial x} = \\dot{E} = 5',
      ),
    )
    expect(await next.isDisabled()).toBe(true)
    expect(await textOf(byTest('forward-counter'))).toBe(
      'All 5 steps done: the output’s tangent is the derivative along this input.',
    )
    // The reverse step-through is untouched by the forward one.
    expect(await byTest('step-counter').getAttribute('data-state')).toBe('done')
    // One input, one output: both modes take one sweep.
    expect(await byTest('sweeps-reverse').getAttribute('data-count')).toBe('1')
    expect(await byTest('sweeps-forward').getAttribute('data-count')).toBe('1')
    await shot('03b-forward', page.locator('.card-graph'))
  })

  it('switches every label and the step text to Korean, and remembers the choice', async () => {
    await page.locator('#lang-switch label', { hasText: '한국어' }).click()
    await eventually(async () => expect(await textOf(page.locator('#graph-heading'))).toBe('계산 그래프'))
    expect(await page.locator('html').getAttribute('lang')).toBe('ko')
    expect(await textOf(byTest('step-text').first())).toBe('출력에서 시작합니다: dE/dE = 1.')
    expect(await textOf(byTest('step-text').nth(1))).toBe(
      'dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D 이므로 ∂E/∂C = 1 입니다.',
    )
    expect(await textOf(byTest('step-total'))).toContain('더한')
    await eventually(async () =>
      expect(await textOf(page.locator('.graph-node[data-label="E"]'))).toBe('E = C + D값 6수반값 1'),
    )
    expect(await textOf(page.locator('#step-next'))).toBe('다음')
    expect(await textOf(byTest('step-counter'))).toBe(
      '5단계를 모두 마쳤습니다: 각 변수의 도함수는 그 변수의 잎 노드 값을 더한 것입니다.',
    )
    // Back one step: the last step, not the total, and the leaf B's adjoint still shown.
    await page.locator('#step-prev').click()
    await expectText('step-counter', '5단계 중 5단계')
    await page.locator('#step-next').click()
    await shot('04-korean')

    await page.reload()
    await page.locator('body[data-ready="true"]').waitFor()
    expect(await textOf(page.locator('#function-heading'))).toBe('함수')
    await page.locator('#lang-switch label', { hasText: 'English' }).click()
    await eventually(async () => expect(await textOf(page.locator('#function-heading'))).toBe('Function'))
  })

  it('a graph of 50+ boxes stays readable: drawn at its own scale in a viewport that zooms, pans and follows the sweep', async () => {
    const terms = Array.from({ length: 12 }, (_, k) => `sin(${k + 2}*x + y)`).join(' + ')
    await setExpression(terms)
    const nodes = page.locator('.graph-node')
    await eventually(async () => expect(await nodes.count()).toBeGreaterThan(50))
    const n = await nodes.count()
    const svg = page.locator('[data-testid="graph-viewport"] svg')
    const viewBox = async () => ((await svg.getAttribute('viewBox')) ?? '').split(' ').map(Number)
    // At the layout's own scale a box is as large as in the five-node graph: its text is readable.
    expect(await svg.getAttribute('data-scale')).toBe('1.000')
    const box = (await page.locator('.graph-node rect').first().boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(3 * 17)
    const [, , w0] = await viewBox()
    await byTest('graph-zoomIn').click()
    expect((await viewBox())[2]).toBeLessThan(w0)
    await byTest('graph-zoomFit').click()
    const [, , wFit, hFit] = await viewBox()
    expect(wFit).toBeGreaterThan(w0)
    // Dragging moves the view.
    const [x0] = await viewBox()
    await svg.scrollIntoViewIfNeeded()
    const frame = (await svg.boundingBox())!
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2)
    await page.mouse.down()
    await page.mouse.move(frame.x + frame.width / 2 - 120, frame.y + frame.height / 2, { steps: 4 })
    await page.mouse.up()
    expect((await viewBox())[0]).toBeGreaterThan(x0)
    expect((await viewBox())[3]).toBeCloseTo(hFit, 3)
    // The sweep's first step is the output: the view centres on it, at a scale where it reads.
    await page.locator('#step-next').click()
    const current = (await page.locator('.graph-node.current').boundingBox())!
    expect(Math.abs(current.x + current.width / 2 - (frame.x + frame.width / 2))).toBeLessThan(2)
    expect(await svg.getAttribute('data-scale')).toBe('1.000')
    expect(await textOf(byTest('graph-unfold'))).toContain(`the graph ${n} boxes`)
    expect(await textOf(byTest('graph-unfold'))).toContain('x used 12×, y used 12×')
    await shot('12-large-graph', page.locator('.card-graph'))
    await setExpression('x*x + x')
    await eventually(async () => expect(await nodes.count()).toBe(5))
  })

  it('a constant is not differentiated: no adjoint line and no edge label, even where ∂(a^b)/∂b is NaN', async () => {
    await setExpression('(x-3)^2')
    await setVariable(0, '1')
    await expectText('value', '4')
    await expectText('gradient', '-4')
    const consts = page.locator('.graph-node.node-const')
    await eventually(async () => expect(await consts.count()).toBe(2))
    expect(await page.locator('.graph-node.node-const .node-adjoint').count()).toBe(0)
    const labels = await page.locator('.graph-edge .edge-label').allTextContents()
    expect(labels).not.toContain('×NaN')
    expect(labels.length).toBe((await page.locator('.graph-edge').count()) - 2)
    await setExpression('x*x + x')
    await setVariable(0, '2')
  })

  it('gives identical numbers on JS and WASM and shows the time per gradient on both', async () => {
    await setExpression('sin(x)*exp(x) + x^3/3')
    await setVariable(0, '0.7')
    const read = async () => [await textOf(byTest('value')), await textOf(byTest('gradient'))]
    await eventually(async () => expect((await read())[0]).not.toBe('—'))
    const onJs = await read()
    await page.locator('#backend-switch label', { hasText: 'WASM' }).click()
    await eventually(async () =>
      expect(await page.locator('.timing-row.active output').getAttribute('data-testid')).toBe('time-wasm'),
    )
    expect(await read()).toEqual(onJs)
    expect(await textOf(byTest('backend-check'))).toBe('JS and WASM give identical results.')
    // Each timing row is labelled by the backend the loaded program reports.
    const rows = page.locator('.timing-row .timing-name')
    expect(await rows.allTextContents()).toEqual(['JS', 'WASM'])
    const time = /^\d+(\.\d+)? (ns|µs|ms)$/
    await eventually(async () => {
      expect(await textOf(byTest('time-js'))).toMatch(time)
      expect(await textOf(byTest('time-wasm'))).toMatch(time)
    })
    await shot('05-backends', page.locator('.card-function'))
    await page.locator('#backend-switch label', { hasText: 'JS' }).click()
    expect(await read()).toEqual(onJs)
  })

  it("compiles the WASM program's tape on the main thread, asynchronously, after the timing's replays", async () => {
    // Timing replays the tape far past the compiler's threshold (docs/ARCHITECTURE.md §6); Chromium
    // compiles the module asynchronously, the program switches to it, and the time is taken again.
    await setExpression('sin(x)*exp(x) + x^3/3 + x*x')
    await setVariable(0, '0.4')
    await eventually(
      async () => expect(await page.locator('#timing').getAttribute('data-wasm-compiled')).toBe('true'),
      30_000,
    )
    expect(await textOf(byTest('time-wasm'))).toMatch(/^\d+(\.\d+)? (ns|µs|ms)$/)
    // The compiled program's numbers are still the JS reference's, bit for bit.
    await setVariable(0, '0.45')
    await eventually(async () =>
      expect(await textOf(byTest('backend-check'))).toBe('JS and WASM give identical results.'),
    )
  })

  it('times a gradient honestly under a coarse clock: never "0 ns"', async () => {
    // Privacy settings coarsen performance.now() to whole milliseconds; a cheap gradient
    // is ~100 ns, so batches must span many ticks or they read as 0.
    const other = await browser.context.newPage()
    await other.addInitScript(() => {
      const now = performance.now.bind(performance)
      performance.now = () => Math.floor(now())
    })
    await other.goto(`${server.url}#e=x&at=1&lang=en`)
    await other.locator('body[data-ready="true"]').waitFor()
    const time = /^\d+(\.\d+)? (ns|µs|ms)$/
    for (const id of ['time-js', 'time-wasm']) {
      const out = other.getByTestId(id)
      await eventually(async () => expect(await textOf(out)).toMatch(time))
      expect(await textOf(out)).not.toMatch(/^0(\.0+)? ns$/)
    }
    await other.close()
  })

  it('gradient descent on (x-3)^2 walks to x ≈ 3 and says it converged', async () => {
    await setExpression('(x-3)^2')
    await setVariable(0, '-2')
    await page.locator('#descent-play').click()
    const status = byTest('descent-status')
    await eventually(async () => expect(await status.getAttribute('data-status')).toBe('converged'))
    const x = Number(await status.getAttribute('data-x'))
    expect(Math.abs(x - 3)).toBeLessThan(1e-3)
    expect(await textOf(status)).toMatch(/^Converged after \d+ iterations: f = .* at x = 3\.$/)
    expect(await page.locator('[data-testid="plot"] .descent-path').count()).toBe(1)
    await shot('06-descent', page.locator('.card-plot'))
  })

  it('gradient descent on Rosenbrock converges at the default rate, stops at the iteration control, and explains a divergence', async () => {
    await setExpression('(1-x)^2 + 100(y-x^2)^2')
    await setVariable(0, '-1.2')
    await setVariable(1, '1')
    await expectText('value', '24.2')
    await expectText('gradient', '(-215.6, -88)')
    await eventually(async () => expect(await page.locator('.contours path').count()).toBeGreaterThan(8))
    expect(await page.locator('.arrow').count()).toBeGreaterThan(100)
    const status = byTest('descent-status')
    // The default rate converges on this, the page's own example; the control shows the iteration limit.
    expect(await page.locator('#descent-lr').inputValue()).toBe('0.001')
    expect(await page.locator('#descent-iter').getAttribute('max')).toBe('1000000')
    await page.locator('#descent-play').click()
    await eventually(async () => expect(await status.getAttribute('data-status')).toBe('converged'))
    expect(await textOf(status)).toMatch(/^Converged after \d+ iterations: f = .* at \(x, y\) = \(.*\)\.$/)
    for (const v of ((await status.getAttribute('data-x')) ?? '').split(','))
      expect(Math.abs(Number(v) - 1)).toBeLessThan(1e-2)
    // Each method starts at its own converging rate; L-BFGS's line search needs few iterations.
    await page.locator('#descent-method').selectOption('lbfgs')
    expect(await page.locator('#descent-lr').inputValue()).toBe('1')
    await page.locator('#descent-play').click()
    await eventually(async () => expect(await status.getAttribute('data-status')).toBe('converged'))
    expect(Number(/after (\d+) iterations/.exec(await textOf(status))?.[1])).toBeLessThan(100)
    await page.locator('#descent-method').selectOption('gd')
    // The iteration control is the run's limit, and the status says so.
    await page.locator('#descent-iter').fill('10')
    await page.locator('#descent-play').click()
    await eventually(async () => expect(await status.getAttribute('data-status')).toBe('max-iterations'))
    expect(await textOf(status)).toMatch(
      /^Stopped at the limit of 10 iterations without converging: .*Raise Max iterations/,
    )
    await page.locator('#descent-iter').fill('50000')
    await page.locator('#descent-lr').fill('0.01')
    await page.locator('#descent-step').click()
    await eventually(async () => expect(await textOf(status)).toMatch(/^iteration 1: f = /))
    await page.locator('#descent-play').click()
    await eventually(async () => expect(await status.getAttribute('data-status')).toBe('diverged'))
    expect(await textOf(status)).toMatch(
      /^Diverged at iteration \d+: f stopped being finite or the point ran off past ±1e20\. The steps overshoot: try a smaller learning rate \(say 0\.001\), or L-BFGS/,
    )
    await shot('07-rosenbrock', page.locator('.card-plot'))
  })

  it('the error curve of finite differences bottoms out near h = 1e-5 for exp(x) at 1', async () => {
    await setExpression('exp(x)')
    await setVariable(0, '1')
    const central = byTest('best-central')
    // Until the panel has redrawn for exp(x) it still shows the previous expression's curve.
    await eventually(async () =>
      expect(await textOf(central)).toMatch(/^central: best h = 1e-5, error \d(\.\d)?e-1\d$/),
    )
    expect(Math.abs(Math.log10(Number(await central.getAttribute('data-h'))) + 5)).toBeLessThanOrEqual(1)
    // Forward differences do best nearer √ε ≈ 1e-8, and Richardson beats both.
    expect(
      Math.abs(Math.log10(Number(await byTest('best-forward').getAttribute('data-h'))) + 8),
    ).toBeLessThanOrEqual(1)
    expect(await textOf(central)).toMatch(/^central: best h = 1e-5, error \d(\.\d)?e-1\d$/)
    expect(await page.locator('[data-testid="numeric-chart"] .best').count()).toBe(4)
    // Backward differences stand beside forward and central, and do best near √ε too.
    expect(
      Math.abs(Math.log10(Number(await byTest('best-backward').getAttribute('data-h'))) + 8),
    ).toBeLessThanOrEqual(1)
    expect(await page.locator('[data-testid="numeric-chart"] .axis-x .tick').count()).toBeGreaterThanOrEqual(
      5,
    )
    await shot('08-numeric', page.locator('.card-numeric'))
  })

  it('labels the truncation and rounding sides, draws h as the CLI does, and says why central is exact on x*x + x', async () => {
    await setExpression('x*x + x')
    await setVariable(0, '2')
    await expectText('side-truncation', '← truncation error wins (h too large)')
    await expectText('side-rounding', 'rounding error wins (h too small) →')
    await eventually(async () => expect(await byTest('numeric-exact-central').count()).toBe(1))
    expect(await textOf(byTest('numeric-exact-central'))).toContain('third derivative is 0')
    // Large h on the left, tiny h on the right, as in `chainrule compare`'s plot.
    const ticks = await page
      .locator('[data-testid="numeric-chart"] .axis-x .tick')
      .evaluateAll((els) =>
        els.map((e) => [
          Number(/translate\(([-\d.]+)/.exec(e.getAttribute('transform') ?? '')?.[1]),
          e.textContent,
        ]),
      )
    ticks.sort((a, b) => (a[0] as number) - (b[0] as number))
    const xs = ticks.map(([x]) => x as number)
    const powers = ticks.map(([, text]) =>
      Number(
        String(text)
          .replace('10', '')
          .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => '-0123456789'['⁻⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)]),
      ),
    )
    expect(ticks.length).toBeGreaterThanOrEqual(5)
    for (let i = 1; i < ticks.length; i++) {
      expect(xs[i]).toBeGreaterThan(xs[i - 1])
      expect(powers[i]).toBeLessThan(powers[i - 1])
    }
    // Exp shows the V for central too, and the note goes away.
    await setExpression('exp(x)')
    await setVariable(0, '1')
    await eventually(async () => expect(await byTest('numeric-exact-central').count()).toBe(0))
  })

  it('measures in the page how a numerical gradient’s time grows with n while AD’s stays flat', async () => {
    await page.locator('#cost-run').click()
    const chart = byTest('cost-chart')
    await eventually(async () => expect(await chart.getAttribute('data-done')).toBe('true'), 120_000)
    expect(await page.locator('[data-testid="cost-numeric"] .marker').count()).toBe(7)
    expect(await page.locator('[data-testid="cost-ad"] .marker').count()).toBe(7)
    const status = await textOf(byTest('cost-status'))
    expect(status).toMatch(
      /^n = 64: numerical \d+(\.\d+)? (ns|µs|ms) \(128 evaluations of f\), AD \d+(\.\d+)? (ns|µs|ms), \d+× as long\.$/,
    )
    expect(status).not.toMatch(/(^|\D)0 ns/)
    await shot('11-cost', page.locator('.card-numeric'))
  }, 180_000)

  it('says when a derivative is a pinned convention at a kink, and when a point is outside the domain', async () => {
    await setExpression('relu(x)')
    await setVariable(0, '0')
    await expectText('gradient', '0')
    await expectText(
      'note-kink',
      'relu(x) is at its kink: relu(0) has no derivative, so chainrule pins relu′(0) = 0 by convention; the gradient above uses it.',
    )
    // The numeric panel labels the central difference as straddling the kink, not as AD being wrong.
    await eventually(async () =>
      expect(await textOf(byTest('best-central'))).toMatch(/\(straddles the kink\)$/),
    )
    expect(await textOf(byTest('numeric-kink'))).toContain(
      'not an error of AD (which uses the pinned relu′(0) = 0)',
    )
    await setExpression('abs(x) + 1')
    await expectText(
      'note-kink',
      'abs(x) is at its kink: abs(0) has no derivative, so chainrule pins abs′(0) = 0 by convention; the gradient above uses it.',
    )
    await setVariable(0, '0.5')
    await eventually(async () => expect(await byTest('note-kink').count()).toBe(0))

    await setExpression('log(x)')
    await setVariable(0, '-1')
    await expectText('value', 'NaN')
    const sentence =
      'Outside the domain: log(x) is log(-1) here, which is not a real number, so f is NaN at this point and has no derivative.'
    await expectText('note-domain', sentence)
    // Instead of a blank chart, the numeric panel says why there is nothing to compare.
    await expectText('numeric-domain', sentence)
    await shot('10-domain', page.locator('.layout'))
    await page.locator('#lang-switch label', { hasText: '한국어' }).click()
    await expectText(
      'note-domain',
      '정의역 밖입니다: log(x)는 이 점에서 log(-1)이 되어 실수가 아닙니다. 그래서 이 점에서 f는 NaN이고 도함수도 없습니다.',
    )
    await setExpression('relu(x)')
    await setVariable(0, '0')
    await eventually(async () =>
      expect(await textOf(byTest('note-kink'))).toMatch(/^relu\(x\)가 꺾인 점에 있습니다/),
    )
    await eventually(async () =>
      expect(await textOf(byTest('best-central'))).toMatch(/\(꺾인 점을 사이에 둠\)$/),
    )
    await page.locator('#lang-switch label', { hasText: 'English' }).click()
    await setExpression('x*x + x')
    await setVariable(0, '2')
  })

  it('works with the keyboard alone', async () => {
    await setExpression('x*x + x')
    await setVariable(0, '2')
    await page.locator('#expr').focus()
    // From the expression, Tab reaches the function list's toggle, then the slider.
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.id')).toBe('functions-summary')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.id')).toBe('var-0-slider')
    await page.keyboard.press('ArrowLeft')
    await expectText('value', '5.9501') // 1.99² + 1.99
    await page.locator('#step-next').focus()
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await byTest('step').count()).toBe(1))
    await page.keyboard.press('Space')
    await eventually(async () => expect(await byTest('step').count()).toBe(2))
    // The language switch is a radio group: arrow keys move the choice.
    await page.locator('#lang-switch input[value="en"]').focus()
    await page.keyboard.press('ArrowRight')
    await eventually(async () => expect(await textOf(page.locator('#function-heading'))).toBe('함수'))
    await page.keyboard.press('ArrowLeft')
    await eventually(async () => expect(await textOf(page.locator('#function-heading'))).toBe('Function'))
  })

  it('keeps the expression, point, language and panels in the URL: a link reproduces the page, and reload keeps it', async () => {
    const hash = new URLSearchParams({
      e: 'sin(x)*y + x',
      at: '0.5,2',
      lang: 'ko',
      var: '1',
      step: '3',
      fstep: '2',
      seed: '1',
      sweeps: '4,2',
      method: 'momentum',
      lr: '0.003',
      iter: '123',
    })
    // From another page, so this is a fresh load of the link (not a fragment change of the open page).
    await page.goto('about:blank')
    await page.goto(`${server.url}#${hash}`)
    await page.locator('body[data-ready="true"]').waitFor()
    const check = async () => {
      expect(await page.locator('#expr').inputValue()).toBe('sin(x)*y + x')
      expect(await page.locator('#var-0').inputValue()).toBe('0.5')
      expect(await page.locator('#var-1').inputValue()).toBe('2')
      expect(await page.locator('html').getAttribute('lang')).toBe('ko')
      expect(await textOf(page.locator('#function-heading'))).toBe('함수')
      expect(await page.locator('#numeric-var').inputValue()).toBe('1')
      expect(await page.locator('#descent-method').inputValue()).toBe('momentum')
      expect(await page.locator('#descent-lr').inputValue()).toBe('0.003')
      expect(await page.locator('#descent-iter').inputValue()).toBe('123')
      await eventually(async () => expect(await byTest('step').count()).toBe(4))
      expect(await textOf(byTest('step-counter'))).toMatch(/단계 중 4단계$/)
      // The forward step-through shows y's sweep at its third step; the sweep counter its n and m.
      expect(await page.locator('#forward-seed').inputValue()).toBe('1')
      await eventually(async () => expect(await byTest('forward-step').count()).toBe(3))
      expect(await textOf(byTest('forward-step').first().getByTestId('step-text'))).toBe('Ȧ = ẋ = 0')
      expect(await textOf(byTest('sweeps-n-value'))).toBe('4')
      expect(await textOf(byTest('sweeps-m-value'))).toBe('2')
    }
    await check()
    // Changes made on the page go into the URL; a reload of that URL restores them.
    await setVariable(0, '0.25')
    await page.locator('#step-next').click()
    await eventually(async () => expect(new URL(page.url()).hash).toContain('at=0.25%2C2'))
    await eventually(async () => expect(new URL(page.url()).hash).toContain('step=4'))
    await page.locator('#forward-next').click()
    await eventually(async () => expect(new URL(page.url()).hash).toContain('fstep=3'))
    const link = page.url()
    await page.reload()
    await page.locator('body[data-ready="true"]').waitFor()
    expect(page.url()).toBe(link)
    expect(await page.locator('#var-0').inputValue()).toBe('0.25')
    await eventually(async () => expect(await byTest('step').count()).toBe(5))
    await eventually(async () => expect(await byTest('forward-step').count()).toBe(4))
    expect(await page.locator('#forward-seed').inputValue()).toBe('1')
    // A fresh tab opened on the link is the same page.
    const other = await browser.context.newPage()
    await other.goto(link)
    await other.locator('body[data-ready="true"]').waitFor()
    expect(await other.locator('#expr').inputValue()).toBe('sin(x)*y + x')
    expect(await other.locator('#var-0').inputValue()).toBe('0.25')
    expect(await other.locator('html').getAttribute('lang')).toBe('ko')
    await other.close()
    await page.goto('about:blank')
    await page.goto(`${server.url}#lang=en`)
    await page.locator('body[data-ready="true"]').waitFor()
  })

  it('forward mode takes one sweep per input, reverse one per output: the sweep counter', async () => {
    await setExpression('x*y + y')
    // The counter starts at this function's counts: 2 inputs, 1 output.
    await eventually(async () => expect(await byTest('sweeps-forward').getAttribute('data-count')).toBe('2'))
    expect(await byTest('sweeps-reverse').getAttribute('data-count')).toBe('1')
    expect(await textOf(byTest('sweeps-reverse'))).toBe('Reverse mode: 1 — one backward sweep per output')
    expect(await textOf(byTest('sweeps-forward'))).toBe('Forward mode: 2 — one forward sweep per input')
    expect(await byTest('sweeps-forward').locator('.sweeps-mark').count()).toBe(2)
    expect(await textOf(byTest('sweeps-verdict'))).toMatch(/^Reverse mode takes fewer sweeps here/)
    expect(await textOf(byTest('sweeps-function'))).toMatch(/^This function: /)
    // Two inputs, two forward sweeps: the picker chooses y's, whose output tangent is ∂f/∂y = x + 1 = 3.
    const seed = page.locator('#forward-seed')
    expect(await page.locator('#forward-seed-label').isVisible()).toBe(true)
    expect(await seed.locator('option').allTextContents()).toEqual(['x', 'y'])
    await seed.selectOption('1')
    expect(await textOf(byTest('forward-seed-text'))).toContain('Forward sweep 2 of 2: one per input.')
    for (let i = 0; i < 10 && !(await page.locator('#forward-next').isDisabled()); i++)
      await page.locator('#forward-next').click()
    expect(await textOf(byTest('forward-total').getByTestId('step-text'))).toMatch(
      /∂f\/∂y at \(2, 1\): \S+ = 3\.$/,
    )
    // Many outputs, few inputs: the opposite.
    await page.locator('#sweeps-n').fill('3')
    await page.locator('#sweeps-m').fill('8')
    await expectText('sweeps-n-value', '3')
    expect(await byTest('sweeps-reverse').getAttribute('data-count')).toBe('8')
    expect(await byTest('sweeps-forward').getAttribute('data-count')).toBe('3')
    expect(await textOf(byTest('sweeps-verdict'))).toMatch(/^Forward mode takes fewer sweeps here/)
    await shot('03c-sweeps', page.locator('.card-graph'))
    await setExpression('x*x + x')
    await eventually(async () => expect(await page.locator('.graph-node').count()).toBe(5))
  })

  it('lists every function the language accepts, generated from the op table', async () => {
    const details = page.locator('#functions')
    expect(await textOf(page.locator('#functions-summary'))).toMatch(
      /^Every function the language accepts \((\d+)\)$/,
    )
    const count = Number(/\((\d+)\)/.exec(await textOf(page.locator('#functions-summary')))?.[1])
    // Closed, the list costs nothing: no rows (and no KaTeX fonts) yet.
    expect(await byTest('function').count()).toBe(0)
    await details.locator('summary').click()
    await eventually(async () => expect(await byTest('function').count()).toBe(count))
    expect(count).toBeGreaterThanOrEqual(47)
    const names = await byTest('function').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))
    for (const name of ['sin', 'log', 'relu', 'erf', 'where', 'logsumexp', 'mse'])
      expect(names).toContain(name)
    const row = (name: string) => page.locator(`[data-testid="function"][data-name="${name}"]`)
    expect(await textOf(row('log').locator('code'))).toBe('log(x), log(x, base)')
    expect(await textOf(row('mul').locator('code'))).toBe('mul(x, y), x * y')
    // The rule is the op table's, typeset: d/dx sin x = cos x.
    expect(await row('sin').locator('.katex annotation').textContent()).toBe(
      '\\frac{d}{dx}\\, \\sin x = \\cos\\left(x\\right)',
    )
    expect(await textOf(row('relu').locator('.badge'))).toBe('kink')
    expect(await row('sin').locator('.badge').count()).toBe(0)
    await shot('13-functions', page.locator('.card-function'))
  })

  it('the Korean page has no English sentence', async () => {
    await page.locator('#lang-switch label', { hasText: '한국어' }).click()
    await eventually(async () => expect(await textOf(page.locator('#function-heading'))).toBe('함수'))
    // Everything a reader can open or reach: the function list, every step and the total of both sweeps, the
    // sweep counter, a descent's verdict,
    // the numeric panel's notes, the cost measurement.
    if ((await page.locator('#functions').getAttribute('open')) === null)
      await page.locator('#functions summary').click()
    await setExpression('x*x + x')
    await setVariable(0, '2')
    await eventually(async () => expect(await page.locator('.graph-node').count()).toBe(5))
    for (let i = 0; i < 6; i++) await page.locator('#step-next').click()
    for (let i = 0; i < 6; i++) await page.locator('#forward-next').click()
    await eventually(async () => expect(await byTest('forward-total').count()).toBe(1))
    await page.locator('#descent-play').click()
    await eventually(async () =>
      expect(await byTest('descent-status').getAttribute('data-status')).toBe('converged'),
    )
    await page.locator('#cost-run').click()
    await eventually(
      async () => expect(await byTest('cost-chart').getAttribute('data-done')).toBe('true'),
      120_000,
    )
    // What is on screen, without KaTeX's MathML copy (hidden from sight, read by screen readers as math).
    const visibleText = (): Promise<string> =>
      page.evaluate(`(() => {
      const clone = document.body.cloneNode(true)
      for (const hidden of clone.querySelectorAll('.katex-mathml, script, style')) hidden.remove()
      clone.style.position = 'absolute'
      document.body.append(clone)
      const out = clone.innerText
      clone.remove()
      return out
    })()`)
    const text = await visibleText()
    // Three English words in a row make a phrase; names the reader types or picks (sin, Adam, JS) stand alone,
    // and formulas (dE/dC = 1 × 2) have symbols between their letters.
    const englishLines = (page: string) =>
      page
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(line))
    const english = englishLines(text)
    expect(text).toContain('역방향 계산')
    expect(english).toEqual([])
    await page.locator('#lang-switch label', { hasText: 'English' }).click()
    await eventually(async () => expect(await textOf(page.locator('#function-heading'))).toBe('Function'))
    // The same check on the English page finds its sentences: the detector works.
    expect(englishLines(await visibleText()).length).toBeGreaterThan(20)
  }, 180_000)

  it('fits a phone-sized screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(server.url)
    await page.locator('body[data-ready="true"]').waitFor()
    await expectText('value', '6')
    await page.locator('[data-testid="plot"] .curve-f').waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await shot('09-phone')
    await page.screenshot({ path: `${shots}09-phone-first-screen.png` })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('runs under a Content-Security-Policy without unsafe-eval', async () => {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'")
    expect(policy).not.toContain("'unsafe-eval'")
    expect(policy).not.toContain("'unsafe-inline'")
    // The page under that policy compiled and ran the WebAssembly backend, and compiled a tape
    // to a module of its own at run time, in the tests above; every test checks that nothing
    // (a violation included) logged an error.
  })
})
