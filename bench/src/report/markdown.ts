// REPORT.md: the machine, the targets, then each workload's table, the charts
// and what limits chainrule — every figure a median, every ratio from one run.
import { describeMachine } from '../machine.js'
import type { Row } from '../measure.js'
import { LABEL } from '../methods.js'
import { type Results, row, speedup, type Target } from '../results.js'
import { replaysToPay } from '../workloads/compiler.js'
import { NUMERIC_CAP } from '../workloads/rosenbrock.js'
import {
  digitsOf,
  formatBytes,
  formatDuration,
  perSecond,
  sci,
  spreadOf,
  table,
  timeOf,
  times,
} from './format.js'
import { crossover, exponent } from './scaling.js'

const status = (met: boolean | null) => (met === null ? '–' : met ? 'met' : '**not met**')

/** How the floors are timed, and what that changed when it was introduced (a record, not this run's figures). */
const FLOORS = [
  '**The floors** (the plain function and the hand-written gradient every ratio divides by) are timed at their best:',
  'each workload and size takes them from a fresh copy of their module (bench/src/fresh.ts), compiled by V8 for that',
  'point alone and called by nothing else. Until then one copy served every size and the finite differences, and V8',
  "shares a function literal's feedback and optimized code between its closures: the floors were compiled for the",
  'first size run and went polymorphic when the finite differences called them with plain arrays. What it changed,',
  "measured in CPU time on this machine in the suite's order when the harness changed (before → after; alone in a",
  'process): Rosenbrock n = 1000 hand-written gradient 1.86 µs → 1.25 µs (alone 1.18 µs), its primal 2.18 µs →',
  '718 ns (alone 0.69 µs); n = 100 215 → 152 ns and 252 → 83 ns; n = 10 000 26.7 → 18.2 µs and 27.2 → 14.7 µs;',
  "the batch workload's Rosenbrock n = 10 floor 79 → 31 ns a point (it also no longer makes two subarrays a point);",
  'the MLP primal 234 → 148 µs (alone 122 µs); unchanged within the noise: the MLP backpropagation (135 → 143 µs,',
  'alone 125 µs), the 10-variable function (350 → 377 ns a point, alone 327 ns), x² + x (4.6 → 4.7 ns, of which',
  "1–3 ns are the harness's own call), and the GradBench primals, which run in the tool's process, one module each",
  '(lse n = 10⁴ 68.7 µs alone against 70.5 µs in the committed report; llsq 2.6 ms against 2.5 ms; gmm',
  'd = 10, K = 25 2.82 ms alone and after d = 2, K = 5).',
].join('\n')

function header(r: Results): string {
  return [
    '# chainrule benchmarks',
    '',
    r.mode === 'quick'
      ? '> **--quick run**: tiny sizes and a token budget, to prove every benchmark runs. Its times mean nothing.\n'
      : '',
    r.mode === 'full'
      ? `Command: \`${r.command}\`; this suite ran for ${formatDuration(r.seconds)} (the command also builds the packages and ` +
        "runs the other packages' own benchmarks first, one after another)."
      : `Command: \`${r.command}\`; ${formatDuration(r.seconds)}.`,
    '',
    '```',
    describeMachine(r.machine),
    `load average at end ${r.loadAtEnd.toFixed(2)}`,
    r.tfjs,
    '```',
    '',
    'Every time is the **median** of interleaved batches (a batch of each method in turn, repeated ' +
      `${r.budget.minBatches}–${r.budget.batches} times, each batch ≥ ${r.budget.minBatchSeconds * 1000} ms), ` +
      'and every ratio divides two medians from the same interleaved group of one run, so load from other work ' +
      'on the machine weighs on both sides alike ("spread": half the interquartile range of the batches over the ' +
      'median, a measure of that noise). Accuracy is reported beside time as the normwise relative error ' +
      'max|g − g*| / max|g*| against a reference g*, and as correct digits, −log₁₀ of it (16 = no difference seen).',
    '',
    FLOORS,
  ].join('\n')
}

function targetTable(targets: readonly Target[]): string {
  return table(
    ['target', 'goal', 'measured', 'status', 'where'],
    targets.map((t) => [t.name, t.goal, t.measured, status(t.met), t.where]),
    [1, 2, 3, 4],
  )
}

function targetSection(r: Results): string {
  return [
    '## Targets',
    '',
    'Reported, not enforced by tests; a target missed is stated as it is.',
    '',
    targetTable(r.targets.filter((t) => t.block === undefined)),
    '',
    '### Compiled tapes',
    '',
    "The tape compiler's targets: chainrule WASM with `compile: 'always'` (the compiled tape) against the floors,",
    'TF.js and its own interpreter, every ratio from this run (the ADOL-C row excepted, which says where it is from).',
    '',
    targetTable(r.targets.filter((t) => t.block === 'compiled')),
    '',
    ...missedCompiled(r),
  ].join('\n')
}

/** Each missed compiled target, explained in the measured numbers: nodes, time per node, where the time goes. */
function missedCompiled(r: Results): string[] {
  const lines: string[] = []
  const perNode = (rows: readonly Row[] | undefined, nodes: number, what: string) => {
    const c = rows && row(rows, 'wasm-compiled')
    const h = rows && row(rows, 'hand')
    const i = rows && row(rows, 'wasm')
    if (!c || !h || !i) return
    lines.push(
      `- ${what}: the tape has ${nodes.toLocaleString('en-US')} nodes; compiled, a gradient costs ${formatDuration(c.seconds / nodes)} per node ` +
        `(interpreted ${formatDuration(i.seconds / nodes)}), the hand-written one ${formatDuration(h.seconds / nodes)} per tape node: ` +
        `${times(c.seconds / h.seconds)} the floor, ${times(i.seconds / c.seconds)} faster than the interpreter.`,
    )
  }
  for (const t of r.targets.filter((t) => t.block === 'compiled' && t.met === false)) {
    if (t.where.startsWith('Rosenbrock n = ') && t.name.includes('hand-written')) {
      const n = Number(/n = (\d+)/.exec(t.where)?.[1])
      const size = r.rosenbrock.byN.find((b) => b.n === n)
      const layout = r.compiler.cases.find((k) => k.name === `Rosenbrock n = ${n}`)?.layout
      perNode(size?.rows, size?.nodes ?? Number.NaN, `${t.where}${layout ? ` (${layout} layout)` : ''}`)
    } else if (t.where === 'MLP training step') perNode(r.mlp.rows, r.mlp.tapeNodes, 'MLP training step')
  }
  return lines.length ? ['Where a compiled target against a floor is missed:', '', ...lines, ''] : []
}

function compilerSection(r: Results): string {
  const c = r.compiler
  const rows = c.cases.map((k) =>
    k.notCompiled
      ? [
          k.name,
          k.nodes.toLocaleString('en-US'),
          `_not compiled: ${k.notCompiled}_`,
          '–',
          '–',
          '–',
          '–',
          '–',
          '–',
        ]
      : [
          k.name,
          k.nodes.toLocaleString('en-US'),
          `${k.layout}${k.loops ? `, ${k.loops} loops over ${k.rerolledNodes!.toLocaleString('en-US')} nodes` : ''}`,
          `${formatBytes(k.moduleBytes!)} (${bytesPerNode(k.moduleBytes! / k.nodes)} B/node)`,
          `${formatDuration(k.compileSeconds!)} (${formatDuration(k.compileSeconds! / k.nodes)}/node)`,
          formatDuration(k.interpreted!.median),
          formatDuration(k.compiled!.median),
          times(k.interpreted!.median / k.compiled!.median),
          replays(replaysToPay(k)),
        ],
  )
  const { auto, never } = c.firstCall
  const differ = c.cases.filter((k) => k.identical === false).map((k) => k.name)
  return [
    '## 7. Compiled tapes: what compiling costs and when it pays',
    '',
    "Each workload's tape loaded into WebAssembly with `compile: 'always'` and with `'never'`. *compile*: what",
    'compiling adds to the first call (load + first gradient, compiled less interpreted: emitting the module,',
    'WebAssembly.Module, instantiating, and V8 compiling the function on its first call; median of',
    `${c.repeats}). *interpreted*, *compiled*: one gradient, interleaved medians. *pays after*: compile time ÷ what one`,
    "replay saves, the replays it takes for compiling to pay (core-wasm's 'auto' compiles on the 2000th).",
    differ.length
      ? `**Compiled and interpreted gradients differ** on ${differ.join(', ')}.`
      : 'Compiled and interpreted gradients agreed bit for bit on every tape.',
    '',
    table(
      ['tape', 'nodes', 'layout', 'module', 'compile', 'interpreted', 'compiled', 'speed-up', 'pays after'],
      rows,
      [2],
    ),
    '',
    `First call of a fresh program (trace x² + x, one gradient, dispose), tiering on ('auto') against off`,
    `('never'): ${formatDuration(auto.median)} against ${formatDuration(never.median)}, ${times(auto.median / never.median)}`,
    `(spreads ±${((auto.spread * 100) / 2).toFixed(0)}% and ±${((never.spread * 100) / 2).toFixed(0)}%).`,
  ].join('\n')
}

/** One decimal, or three significant digits below 1 (a re-rolled module is a few bytes per thousand nodes). */
const bytesPerNode = (b: number) => (b >= 1 ? b.toFixed(1) : b.toPrecision(3))

const replays = (n: number) =>
  Number.isNaN(n) ? '–' : Number.isFinite(n) ? n.toLocaleString('en-US') : 'never'

function methodTable(rows: readonly Row[], anchor: string, extra: 'error' | 'perPoint' = 'error'): string {
  const head = [
    'method',
    extra === 'perPoint' ? 'per point' : 'median',
    `÷ ${LABEL[anchor as keyof typeof LABEL]}`,
  ]
  if (extra === 'perPoint') head.push('throughput')
  head.push('spread', 'error', 'digits')
  return table(
    head,
    rows.map((x) => {
      const cells = [x.label, timeOf(x), times(x.ratio)]
      if (extra === 'perPoint') cells.push(perSecond(x.seconds))
      cells.push(spreadOf(x), sci(x.error), digitsOf(x))
      return cells
    }),
  )
}

function latencySection(r: Results): string {
  const wasm = row(r.latency.rows, 'wasm')
  const fronts = (['cli', 'api'] as const).map((k) => {
    const f = r.apps[k]
    const label = LABEL[k]
    if (f.status === 'pending') return [label, `_pending: ${f.reason}_`, '–', '–']
    return [
      label,
      formatDuration(f.seconds!),
      times(wasm ? f.seconds! / wasm.seconds : undefined),
      `\`${f.command}\``,
    ]
  })
  return [
    '## 1. Latency: x² + x at x = 2 (f′ = 5)',
    '',
    'One derivative of the origin text\'s example, a 5-node tape: fixed costs only. "grad(f)(x)" is the',
    'transform a user calls, which records f at every call; TF.js times include the scalar in and',
    'the derivative out. The ratio column divides by chainrule WASM timed in the same group.',
    '',
    methodTable(r.latency.rows, 'wasm'),
    '',
    'Through the front ends, whole request (checked to answer 5 first; ratio against the in-process WASM replay above):',
    '',
    table(['front end', 'median', '÷ in-process', 'request'], fronts),
    '',
    '![x² + x latency](latency.svg)',
  ].join('\n')
}

function rosenbrockSection(r: Results): string {
  const { byN, sizes } = r.rosenbrock
  const ids = byN[0].rows.map((x) => x.id)
  const label = (id: string) => byN[0].rows.find((x) => x.id === id)!.label
  const cell = (n: number, id: string, f: (x: Row) => string) => {
    const x = byN.find((b) => b.n === n)!.rows.find((y) => y.id === id)!
    return x.skip ? '–' : f(x)
  }
  const time = table(
    ['method', ...sizes.map((n) => `n = ${n}`), 'growth'],
    [
      ...ids.map((id) => [
        label(id),
        ...sizes.map((n) => cell(n, id, (x) => formatDuration(x.seconds))),
        `n^${exponent(r.rosenbrock, id).toFixed(2)}`,
      ]),
    ],
  )
  const errors = table(
    ['method', ...sizes.map((n) => `n = ${n}`)],
    ids.filter((id) => id !== 'primal').map((id) => [label(id), ...sizes.map((n) => cell(n, id, digitsOf))]),
  )
  const ratio = table(
    ['method', ...sizes.map((n) => `n = ${n}`)],
    ids.map((id) => [label(id), ...sizes.map((n) => cell(n, id, (x) => times(x.ratio)))]),
  )
  const name = (id: string) => LABEL[id as keyof typeof LABEL]
  const cross = (slow: string, fast: string) => {
    const c = crossover(r.rosenbrock, slow, fast)
    if (Number.isNaN(c)) return `- ${name(slow)} never became slower than ${name(fast)} at the sizes run`
    if (c === 0) return `- ${name(slow)} are already slower than ${name(fast)} at n = ${sizes[0]}`
    return `- ${name(slow)} become slower than ${name(fast)} from n ≈ ${Math.round(c)}`
  }
  // What one gradient would take where a method was not run: its evaluations times the primal's time.
  const largest = sizes[sizes.length - 1]
  const primal = byN[byN.length - 1].rows.find((x) => x.id === 'primal')?.seconds ?? Number.NaN
  const estimate = (evaluations: number) => formatDuration(evaluations * primal)
  return [
    `## 2. Rosenbrock, n = ${sizes.join(', ')}`,
    '',
    'f(x) = Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² at a seeded random point in [−2, 2]ⁿ. The reference gradient is the',
    'hand-written one (each component a few operations, so within a few ulps). Finite differences need 2n',
    `(central) or n + 1 (forward) evaluations of an O(n) function, so O(n²): they run up to n = ${NUMERIC_CAP.central}`,
    `(Richardson, ~50n evaluations, up to n = ${NUMERIC_CAP.richardson}) and are not run beyond (shown as –): at n = ${largest} one`,
    `central-difference gradient would take about 2n × the primal's ${formatDuration(primal)} = ${estimate(2 * largest)}, one by Richardson about`,
    `${estimate(50 * largest)} (estimates, not measurements).`,
    '',
    '**Time per gradient** (growth: the exponent of n between the two largest sizes run)',
    '',
    time,
    '',
    '**÷ chainrule WASM** (same group, same run)',
    '',
    ratio,
    '',
    '**Correct digits** of the gradient',
    '',
    errors,
    '',
    'Where O(n²) overtakes O(n) (interpolated on the log–log plot):',
    '',
    cross('central', 'wasm'),
    cross('forward', 'wasm'),
    cross('central', 'record-js'),
    cross('central', 'closure'),
    '',
    '![Rosenbrock: time per gradient](rosenbrock-time.svg)',
    '',
    '![Rosenbrock: error of the gradient](rosenbrock-error.svg)',
  ].join('\n')
}

function batchSection(r: Results): string {
  return [
    `## 3. Throughput: ${r.batch.points} points of a 10-variable function`,
    '',
    'f(x) = Σᵢ sin(xᵢ)·exp(−x²ᵢ₊₁/2) + log(1 + Σ xᵢ²) + tanh(x₀x₉), gradients at seeded points in [−2, 2]¹⁰.',
    'Single-point rows call program.gradient once per point; batched rows make one gradientBatch call for all',
    'points (node-major layout, one dispatch per node for the whole batch, f64x2 SIMD in WASM). TF.js computes the',
    `whole batch as one ${r.batch.points} × 10 tensor. Times are per point.`,
    '',
    methodTable(r.batch.rows, 'js', 'perPoint'),
    '',
    `The same comparison on Rosenbrock with n = 10 at the same points, arithmetic only (add, sub, mul, square): what`,
    `batching gains when no transcendental op bounds it (WASM batched: ${times(speedup(r.batch.arithmetic, 'js', 'wasm-batch'))} JS single-point here).`,
    '',
    methodTable(r.batch.arithmetic, 'js', 'perPoint'),
    '',
    '![Throughput](batch.svg)',
  ].join('\n')
}

function mlpSection(r: Results): string {
  return [
    '## 4. MLP: one training step',
    '',
    `micrograd's demo network, 2 → 16 → 16 → 1 with tanh, ${r.mlp.params} parameters, max-margin loss with L2`,
    `regularisation on ${r.mlp.points} two-moons points (seeded). A step is the loss, its gradient and the SGD update.`,
    `chainrule records the network once (a ${r.mlp.tapeNodes}-node tape) and replays it with new parameters each`,
    'step; the closure graph is rebuilt every step, as micrograd does; TF.js runs `optimizer.minimize` on matrices.',
    'Errors are of the gradient at the initial parameters against the hand-written backpropagation.',
    '',
    methodTable(r.mlp.rows, 'wasm'),
    '',
    '![MLP training step](mlp.svg)',
  ].join('\n')
}

function tapeSection(r: Results): string {
  const t = r.tape
  const lines = [
    `## 5. Tape size and recording: a chain of ${t.nodes.toExponential(1)} nodes`,
    '',
    `- frozen tape: **${t.bytesPerNode.toFixed(2)} bytes per node** (op u8, operands 2 × i32, value f64)`,
    `- recording (trace: record, freeze, validate, load into the JS backend): **${formatDuration(t.recordSecondsPerNode)} per node**`,
    `- one JS gradient (forward + reverse sweep): ${formatDuration(t.jsSweepSecondsPerNode)} per node`,
    `- loading into WebAssembly memory: ${formatDuration(t.wasmLoadSecondsPerNode)} per node, ${t.wasmBytesPerNode.toFixed(1)} bytes per node there (the tape plus f64 value and adjoint work slots)`,
    `- one WASM gradient: ${formatDuration(t.wasmSweepSecondsPerNode)} per node`,
  ]
  lines.push(
    t.closure
      ? `- the closure-per-node Value graph for comparison (${t.closure.nodes.toExponential(0)} nodes, V8 heap after a forced GC): **${t.closure.bytesPerNode.toFixed(0)} bytes per node**, built in ${formatDuration(t.closure.secondsPerNode)} per node`
      : '- the closure-per-node Value graph: not weighed (run with node --expose-gc)',
  )
  lines.push('', `Medians of ${t.repeats} repetitions.`)
  return lines.join('\n')
}

/** Why a GradBench target was missed, in the measured numbers. */
function missedTargets(r: Results): string[] {
  const missed = r.gradbench.backends.flatMap(({ backend, cases }) =>
    cases.filter((c) => c.target !== undefined && c.ratio > c.target).map((c) => ({ backend, ...c })),
  )
  if (missed.length === 0) return []
  const lines = missed.map((c) => {
    const n = Number(/n = (\d+)/.exec(c.name)?.[1] ?? Number.NaN)
    const perElement =
      c.module === 'lse' && n > 0 ? ` — ${(c.nodes / n).toFixed(1)} nodes per element of x` : ''
    // gmm's tool sweeps one data point's tape at each of the n points (and the rest once): ≈ n × nodes swept.
    const swept = c.module === 'gmm' && n > 0 ? c.nodes * n : c.nodes
    const tapes =
      c.module === 'gmm' && n > 0
        ? `The tapes have ${c.nodes.toLocaleString('en-US')} nodes (one data point's term, swept at each of the ${n} points, and the rest), about ${swept.toLocaleString('en-US')} swept per gradient`
        : `The tape has ${c.nodes.toLocaleString('en-US')} nodes${perElement}`
    return (
      `- ${c.name} (${c.backend} tool): ${c.ratio.toFixed(1)} against ≤ ${c.target}. ${tapes}, ` +
      `and one gradient costs ${formatDuration(c.gradientSeconds / swept)} per node swept, forward and back; the primal needs ${formatDuration(c.primalSeconds)} in all.`
    )
  })
  return [
    'Where a target is missed:',
    '',
    ...lines,
    '',
    'For lse the primal is two tight loops (a max, then a sum of exponentials) that V8 compiles to straight machine code,',
    'while the tape turns each element into a max node, a subtraction, an exponential and an addition, each visited',
    'once forward and once backward through an opcode dispatch. Each exponential is computed once in either (the reverse',
    "sweep reuses exp's value as its derivative); the rest of the gradient's time is dispatch and memory traffic the",
    'primal does not pay.',
    '',
  ]
}

function gradbenchSection(r: Results): string {
  const g = r.gradbench
  const rows = g.backends.flatMap(({ backend, cases }) =>
    cases.map((c) => [
      c.name,
      backend,
      formatDuration(c.primalSeconds),
      formatDuration(c.gradientSeconds),
      `**${c.ratio.toFixed(1)}**`,
      c.target === undefined ? '–' : `≤ ${c.target}`,
      c.nodes.toLocaleString('en-US'),
      formatDuration(c.gradientSeconds / c.nodes),
      formatDuration(c.recordSeconds),
      `${c.primalRuns} / ${c.gradientRuns}`,
      c.problems.length ? `**invalid**: ${c.problems.join('; ')}` : 'valid',
    ]),
  )
  return [
    '## 6. GradBench: lse, gmm, llsq',
    '',
    `The chainrule GradBench tool (\`pnpm --silent --filter @chainrule/bench gradbench --backend ${g.backends.map((b) => b.backend).join('|')}\`), driven over`,
    `the GradBench protocol ${g.transport === 'process' ? 'as a child process on stdin/stdout' : 'in-process (run from source)'}, one tool per backend, with`,
    `min_runs = ${g.runs.min_runs} and min_seconds = ${g.runs.min_seconds} per message, ${g.rounds} round(s) of (primal, gradient) per eval,`,
    'timings pooled, so load on the machine weighs on both. Primal: plain JS (Float64Arrays and loops). Gradient: the',
    "function traced once with chainrule Vars — **outside the timed runs** (as GradBench's ADOL-C tool records its tape),",
    'its recording reported as its own "record" timing — then one forward and one reverse sweep per run. Times are the',
    'medians of the tool\'s own "evaluate" timings; the ratio is gradient ÷ primal within the same tool process. Every',
    "answer was checked: lse against the softmax, llsq against the closed form Aᵀ(Ax − s), gmm's objective against a",
    "direct implementation of the log posterior and its gradient along a random direction against Ridders' extrapolation.",
    "Inputs follow the evals' distributions with our own seeded generator (not numpy's), gmm with m = 0 and γ = 1.",
    '',
    "Read the ratios with their denominator in mind: the targets are the ratios GradBench's ADOL-C tool reaches over a",
    '*C++* primal; ours divide by a *JavaScript* primal, itself slower than C++, so an equal ratio does not mean equal',
    'speed: it means the gradient costs the same multiple of the plain function in each language.',
    '',
    table(
      [
        'eval',
        'tool',
        'primal',
        'gradient',
        'ratio',
        'target',
        'tape nodes',
        'gradient per node',
        'record (per tape)',
        'runs',
        'answer',
      ],
      rows,
    ),
    '',
    ...missedTargets(r),
    '![GradBench ratios](gradbench.svg)',
  ].join('\n')
}

/** The JS batched sweep's speed depends on what V8 has optimised before it; say so when this run caught it slow. */
function jsBatchCaveat(r: Results): string[] {
  const slow = [
    ['the 10-variable function', r.batch.rows],
    ['Rosenbrock n = 10', r.batch.arithmetic],
  ].filter(([, rows]) => speedup(rows as Row[], 'js', 'js-batch') < 1)
  if (slow.length === 0) return []
  return [
    `- **The JS batched sweep is at the mercy of V8's optimiser.** In this run it was slower per point than single-point`,
    `  JS calls on ${slow.map(([name]) => name).join(' and ')}. In a fresh process the same batch runs faster than`,
    '  single-point calls, and which tape is batched first changes which one is slow: that points at how V8 optimises',
    '  the one batch loop every tape shares, an engine matter rather than a property of batching.',
  ]
}

function limitsSection(r: Results): string {
  const n1000 = r.rosenbrock.byN.find((b) => b.n === 1000)?.rows
  const floor = n1000
    ? ` At n = 1000 the WASM replay takes ${times(speedup(n1000, 'wasm', 'hand'))} the time of the hand-written gradient, the JS replay ${times(speedup(n1000, 'js', 'hand'))}.`
    : ''
  const tiny = speedup(r.latency.rows, 'js', 'wasm')
  const batchGain = speedup(r.batch.rows, 'wasm', 'wasm-batch')
  return [
    '## What limits chainrule',
    '',
    `- **One node per scalar operation.** The tape is a list of scalar ops and every sweep dispatches on each node's opcode.${floor}`,
    '  Hand-written code fuses a whole expression into straight-line arithmetic; a tape replayer (ADOL-C too) pays a',
    '  dispatch and a memory round trip per node. Vectorised libraries (TF.js) pay per *tensor op*, so they lose on',
    '  small scalar work and win only when each op covers many numbers.',
    `- **Each call crosses into WebAssembly once.** On the 5-node x² + x tape the JS replay takes ${times(tiny)} the time of`,
    '  the WASM one: copying the point in and the gradient out and checking the replay status are fixed costs that a',
    `  tiny tape cannot amortise. Batching does: one gradientBatch call over the 10-variable function's points is ${times(batchGain)}`,
    '  faster per point than single-point WASM calls.',
    '- **Transcendental ops are library calls in both backends.** sin, exp, log and tanh go through the op table in JS and',
    "  through AssemblyScript's Math in WASM, one lane at a time even in the batched SIMD sweep, so they, not dispatch,",
    '  bound the batched throughput of functions full of them.',
    '- **Recording is not free.** Tracing builds a Var object per node and grows typed arrays: in the tape workload a node',
    `  takes ${formatDuration(r.tape.recordSecondsPerNode)} to record, as long as ${(r.tape.recordSecondsPerNode / r.tape.jsSweepSecondsPerNode).toFixed(0)} JS gradient sweeps over it (GradBench's "record" timings agree). It is paid once`,
    '  per tape and amortised by replaying; a function whose control flow reads `.value` is re-recorded at every call, by',
    '  design (correctness first).',
    `- **Memory is linear in the number of nodes** (${r.tape.bytesPerNode.toFixed(0)} bytes a node frozen, ${r.tape.wasmBytesPerNode.toFixed(0)} in WASM memory with its`,
    '  value and adjoint): reverse mode stores the whole forward pass, and there is no checkpointing.',
    ...jsBatchCaveat(r),
  ].join('\n')
}

export function markdown(r: Results): string {
  return [
    header(r),
    targetSection(r),
    latencySection(r),
    rosenbrockSection(r),
    batchSection(r),
    mlpSection(r),
    tapeSection(r),
    gradbenchSection(r),
    compilerSection(r),
    limitsSection(r),
    '',
  ].join('\n\n')
}
