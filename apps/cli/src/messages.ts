// The words of human output in English and Korean (`--lang`). Sentences of
// `explain` come from core; these are the CLI's own headings and labels.

export type Lang = 'en' | 'ko'
export const LANGS: readonly Lang[] = ['en', 'ko']

export interface Words {
  at: string
  graph: string
  node: string
  value: string
  adjoint: string
  /** A forward sweep's column: the nodes' tangents, for the variable seeded when there are several. */
  tangent: (variable?: string) => string
  reverseSweep: string
  forwardSweep: (variable: string) => string
  sweepCount: string
  derivatives: string
  method: string
  step: string
  absError: string
  relError: string
  time: string
  errorPlot: string
  zeroAtBottom: string
  noCurve: string
  best: string
  note: string
  notes: string
  function: string
  derivative: string
  kink: string
  yes: string
  kinkNote: string
  statuses: Readonly<Record<string, string>>
  methods: Readonly<Record<string, string>>
  minimiser: string
  iterations: string
  evaluations: string
  status: string
  diverged: string
  lineSearchFailed: string
  lastPoint: string
  lowerLr: (lr: number) => string
  unbounded: string
  raiseMaxIter: (limit: number) => string
  notFinite: (what: string) => string
  startsAt: (op: string, sweep: string, column: number) => string
  /** bench's column headings and its closing line. */
  bench: {
    readonly timePerPoint: string
    readonly spread: string
    readonly pointsPerSecond: string
    readonly timesFastest: string
    readonly maxError: string
    readonly note: (runs: number, batch: number) => string
  }
  /** Progress lines on a terminal (stderr). */
  calibrating: (name: string) => string
  timingRound: (round: number, rounds: number) => string
  iteration: (n: number) => string
  /** The corner of a matrix table. */
  hessian: string
  jacobian: string
}

export const WORDS: Record<Lang, Words> = {
  en: {
    at: 'at',
    graph: 'Graph (each use of a variable is a leaf of its own)',
    node: 'node',
    value: 'value',
    adjoint: 'adjoint',
    tangent: (v) => (v === undefined ? 'tangent' : `tangent ${v}`),
    reverseSweep: 'Reverse sweep',
    forwardSweep: (v) => `Forward sweep for ${v} (tangents, as dual numbers)`,
    sweepCount: 'Sweeps for the whole gradient',
    derivatives: 'Derivatives',
    method: 'method',
    step: 'h',
    absError: 'abs error',
    relError: 'rel error',
    time: 'time',
    errorPlot: 'log10 |error| against log10 h, AD as the reference',
    zeroAtBottom: 'an error of exactly 0 is drawn on the bottom row',
    noCurve: 'no error here is a finite number, so the curve cannot be drawn',
    best: 'best',
    note: 'note',
    notes: 'Notes',
    function: 'function',
    derivative: 'derivative (by the op table’s rule)',
    kink: 'kink',
    yes: 'yes',
    kinkNote:
      'At a kink the derivative does not exist; chainrule pins a value by convention (relu′(0) = abs′(0) = 0; min and max at a tie give ½ to each side).',
    statuses: {},
    methods: {},
    minimiser: 'minimiser',
    iterations: 'iterations',
    evaluations: 'gradient evaluations',
    status: 'status',
    diverged:
      'the run diverged: a value stopped being finite or the iterates ran off past ±1e20; shown is the last finite point',
    lineSearchFailed:
      'the line search found no step that lowers f enough, and the gradient is not yet within --tol; shown is the last point',
    lastPoint: 'last finite point',
    lowerLr: (lr) =>
      `hint: the step was too large for this function; try a smaller --lr (this run used ${lr}), or leave --lr out for gd and momentum, which then search their step`,
    unbounded: 'hint: the step was searched, so f itself may be unbounded below along the way',
    raiseMaxIter: (limit) =>
      `hint: the run reached its iteration limit before converging; raise --max-iter (limit ${limit})`,
    notFinite: (what) => `${what} is not finite`,
    startsAt: (op, sweep, column) => `it starts at ${op} (column ${column}) in the ${sweep} sweep`,
    bench: {
      timePerPoint: 'time / point',
      spread: 'spread',
      pointsPerSecond: 'points/s',
      timesFastest: '× fastest',
      maxError: 'max |error|',
      note: (runs, batch) =>
        `median of ${runs} interleaved runs; batches of ${batch} points; error against the JS backend's gradient`,
    },
    calibrating: (name) => `calibrating ${name}`,
    timingRound: (round, rounds) => `timing, round ${round} of ${rounds}`,
    iteration: (n) => `iteration ${n}`,
    hessian: 'Hessian',
    jacobian: 'Jacobian',
  },
  ko: {
    at: '위치',
    graph: '계산 그래프 (변수를 쓸 때마다 잎 노드가 하나씩)',
    node: '노드',
    value: '값',
    adjoint: '수반값',
    tangent: (v) => (v === undefined ? '접선값' : `접선값 ${v}`),
    reverseSweep: '역방향 전파',
    forwardSweep: (v) => `${v}에 대한 순방향 전파 (접선값, 이중수)`,
    sweepCount: '기울기 전체에 필요한 전파 횟수',
    derivatives: '도함수',
    method: '방법',
    step: 'h',
    absError: '절대 오차',
    relError: '상대 오차',
    time: '시간',
    errorPlot: 'log10 |오차| 대 log10 h (기준: 자동 미분)',
    zeroAtBottom: '오차가 정확히 0이면 맨 아래 줄에 그립니다',
    noCurve: '유한한 오차가 하나도 없어 곡선을 그릴 수 없습니다',
    best: '최선',
    note: '참고',
    notes: '참고',
    function: '함수',
    derivative: '도함수 (연산 표의 규칙)',
    kink: '꺾이는 점',
    yes: '있음',
    kinkNote:
      '꺾이는 점에서는 도함수가 존재하지 않으므로, chainrule은 관례에 따라 값을 정합니다 (relu′(0) = abs′(0) = 0; min과 max가 같을 때는 양쪽에 ½씩).',
    statuses: {
      converged: '수렴함',
      'max-iterations': '반복 한도 도달',
      diverged: '발산함',
      'line-search-failed': '선 탐색 실패',
      'work-budget': '작업 한도 도달',
    },
    methods: {
      central: '중앙 차분',
      forward: '전방 차분',
      backward: '후방 차분',
      richardson: '리처드슨',
    },
    minimiser: '최소점',
    iterations: '반복 횟수',
    evaluations: '기울기 계산 횟수',
    status: '상태',
    diverged:
      '발산했습니다: 값이 유한하지 않게 되었거나 반복점이 ±1e20 밖으로 나갔습니다. 마지막 유한한 점을 보여 줍니다',
    lineSearchFailed:
      '선 탐색이 f를 충분히 줄이는 걸음을 찾지 못했고, 기울기는 아직 --tol 안에 들지 않습니다. 마지막 점을 보여 줍니다',
    lastPoint: '마지막 유한한 점',
    lowerLr: (lr) =>
      `도움말: 이 함수에는 걸음이 너무 컸습니다. 더 작은 --lr을 써 보세요(이번에는 ${lr}). gd와 momentum은 --lr을 빼면 걸음을 스스로 찾습니다`,
    unbounded: '도움말: 걸음은 탐색으로 정했으므로, f 자체가 그 방향으로 아래로 유계가 아닐 수 있습니다',
    raiseMaxIter: (limit) =>
      `도움말: 수렴하기 전에 반복 한도에 닿았습니다. --max-iter를 늘려 보세요(한도 ${limit})`,
    notFinite: (what) => `${what} 값이 유한하지 않습니다`,
    startsAt: (op, sweep, column) =>
      `${sweep === 'forward' ? '순방향' : '역방향'} 전파의 ${op} (${column}번째 열)에서 시작됩니다`,
    bench: {
      timePerPoint: '점당 시간',
      spread: '퍼짐',
      pointsPerSecond: '초당 점',
      timesFastest: '최고 대비 배',
      maxError: '최대 |오차|',
      note: (runs, batch) =>
        `번갈아 잰 ${runs}회의 중앙값, 배치당 점 ${batch}개, 오차는 JS 백엔드의 기울기 기준`,
    },
    calibrating: (name) => `${name} 보정 중`,
    timingRound: (round, rounds) => `시간 재는 중, ${rounds}회 중 ${round}회째`,
    iteration: (n) => `반복 ${n}`,
    hessian: '헤세 행렬',
    jacobian: '야코비 행렬',
  },
}
