// Every word the page shows, in English and Korean. The Korean table is typed
// against the English one, so a label missing in either language is a compile
// error. The step-by-step explanation comes from core's `explain` in the same
// language; this file holds only the page's own labels.

export type Lang = 'en' | 'ko'

const en = {
  title: 'chainrule',
  skip: 'Skip to the expression',
  tagline: 'See the chain rule work: a function becomes a tape, and the tape is replayed backwards.',
  language: 'Language',
  backend: 'Engine',
  functionHeading: 'Function',
  expressionLabel: 'Expression',
  expressionHint:
    'Try sin(x)*y, exp(x), (1-x)^2 + 100(y-x^2)^2. Operators + - * / ^, functions like exp, log, sin, relu.',
  functionsSummary: 'Every function the language accepts ({n})',
  functionsIntro:
    'Operators + - * / ^ and unary minus; constants {constants}; other spellings {aliases}. A number times a name or a bracket needs no *: 2x, 100(y-x^2).',
  functionsCall: 'Call',
  functionsRule: 'Derivative (from the op table)',
  functionsKink: 'kink',
  functionsKinkTitle: 'Not differentiable at some points; the derivative there is pinned by convention.',
  fnWhere: 'a where c > 0, otherwise b (only the branch taken is recorded)',
  fnLeakyRelu: 'x where x > 0, otherwise alpha·x (alpha = 0.01 unless given)',
  variablesHeading: 'Variables',
  value: 'value',
  gradient: 'gradient',
  tapeStats: '{nodes} tape nodes · recorded {recorded}× · replayed {replayed}×',
  noVariables: 'This expression has no variables: it is the constant {value}.',
  oneOutput: 'Give one expression (this one has {n} outputs, separated by , or ;).',
  errorAt: '{message} (column {column})',
  timing: 'Time per gradient',
  perGradient: '{time} per gradient',
  measuring: 'measuring…',
  identical: 'JS and WASM give identical results.',
  differ: 'JS and WASM differ by up to {ulps} ulp.',
  plotHeading: 'Plot',
  plot1Legend: 'f and its derivative f′, with the tangent line at the current point',
  plot2Legend: 'Contours of f (darker is lower) with gradient arrows ∇f',
  plotSlice: 'Variables other than {x} and {y} are held at their current values.',
  noPlot: 'Nothing to plot: the expression has no variables.',
  tangent: 'tangent',
  descentHeading: 'Gradient descent',
  descentIntro: 'Starts at the current point and follows −∇f.',
  method: 'Method',
  methodGd: 'plain',
  methodMomentum: 'momentum',
  methodAdam: 'Adam',
  methodLbfgs: 'L-BFGS (line search)',
  learningRate: 'Learning rate',
  maxIterations: 'Max iterations',
  step: 'Step',
  play: 'Play',
  pause: 'Pause',
  reset: 'Reset',
  descentIteration: 'iteration {i}: f = {value} at {point}',
  descentConverged: 'Converged after {n} iterations: f = {value} at {point}.',
  descentDiverged:
    'Diverged at iteration {n}: f stopped being finite or the point ran off past ±1e20. The steps overshoot: try a smaller learning rate (say {smaller}), or L-BFGS, whose line search picks each step.',
  descentLineSearch:
    'Stopped after {n} iterations: no step lowers f enough, though the slope is not yet flat (f = {value} at {point}).',
  descentMaxIter:
    'Stopped at the limit of {n} iterations without converging: f = {value} at {point}. Raise Max iterations or the learning rate.',
  badRate: 'The learning rate must be a positive number.',
  badIterations: 'Max iterations must be a whole number from 1 to 1000000.',
  noteKink:
    '{source} is at its kink: {call} has no derivative, so chainrule pins {pinned} by convention; the gradient above uses it.',
  noteDomain:
    'Outside the domain: {source} is {call} here, which is not a real number, so f is NaN at this point and has no derivative.',
  numericKink:
    'This point is a kink of {source}: a difference that straddles it measures the jump in slope, not an error of AD (which uses the pinned {pinned}).',
  numericExactCentral:
    'Central differences have no truncation error here: their error is f‴·h²/6 + …, and this function’s third derivative is 0 (it is a quadratic, like the default x*x + x), so only rounding error is left and their curve only rises as h shrinks. Forward and backward differences still show both sides; try exp(x) to see the V for central too.',
  kinkCentral: 'straddles the kink',
  kinkForward: 'right of the kink',
  kinkBackward: 'left of the kink',
  graphHeading: 'Computational graph',
  graphIntro:
    'Each box is one operation on the tape; each use of a variable is its own leaf. Edges carry the local partial derivative the reverse sweep multiplies by.',
  graphTooBig: 'The graph has {n} nodes, too many to draw here.',
  graphUnfold:
    'The tape has {tape} nodes and the graph {boxes} boxes: the tape stores each variable once, the graph draws a leaf for every use ({uses}).',
  graphSame:
    'The tape has {tape} nodes and the graph {boxes} boxes: each variable is used once, so each has one leaf.',
  leafUses: '{v} used {n}×',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomFit: 'Fit',
  zoomHint: 'Drag to move; Ctrl + wheel or pinch to zoom.',
  nodeValue: 'value {v}',
  nodeAdjoint: 'adjoint {v}',
  stepsHeading: 'Reverse sweep, step by step',
  previous: 'Previous',
  next: 'Next',
  stepCounter: 'Step {i} of {n}',
  stepIdle:
    'Adjoints are hidden until the sweep reaches them: press Next to start at the output ({n} steps).',
  stepDone: 'All {n} steps done: each variable’s derivative is the sum of its leaves.',
  stepTotal: 'Total',
  forwardHeading: 'Forward sweep, step by step',
  forwardIntro:
    'The same graph the other way: seed one input’s tangent with 1, then carry each node’s tangent up from the inputs (dual numbers).',
  forwardSeed: 'Sweep for',
  forwardSweepOf: 'Forward sweep {k} of {n}: one per input.',
  forwardIdle:
    'Tangents are hidden until the sweep reaches them: press Next to start at the inputs ({n} steps).',
  forwardDone: 'All {n} steps done: the output’s tangent is the derivative along this input.',
  forwardTotal: 'Result',
  sweepsHeading: 'How many sweeps does a whole derivative take?',
  sweepsIntro:
    'For a function of n inputs and m outputs: reverse mode needs one backward sweep per output, forward mode one forward sweep per input.',
  sweepsInputs: 'Inputs n',
  sweepsOutputs: 'Outputs m',
  sweepsReverse: 'Reverse mode: {r} — one backward sweep per output',
  sweepsForward: 'Forward mode: {f} — one forward sweep per input',
  sweepsReverseWins: 'Reverse mode takes fewer sweeps here: more inputs than outputs, as for a gradient.',
  sweepsForwardWins: 'Forward mode takes fewer sweeps here: more outputs than inputs.',
  sweepsTie: 'Both modes take the same number of sweeps: as many inputs as outputs.',
  sweepsThis: 'This function: {text}',
  numericHeading: 'Numerical vs automatic differentiation',
  numericIntro:
    'Finite differences divide by a step h. Large h: truncation error; tiny h: rounding error. AD has neither: it is exact up to rounding.',
  numericVariable: 'Differentiate along',
  numericAd: 'AD derivative at this point: {value}',
  numericBest: '{method}: best h = {h}, error {error}',
  numericNone: 'No finite error to show at this point.',
  central: 'central',
  forward: 'forward',
  backward: 'backward',
  truncationSide: '← truncation error wins (h too large)',
  roundingSide: 'rounding error wins (h too small) →',
  richardson: 'Richardson',
  stepSize: 'step h',
  absError: '|error| against AD',
  exact: 'exact',
  costHeading: 'Cost as the number of variables grows',
  costIntro:
    'A numerical gradient by central differences evaluates f twice per variable; AD gets the whole gradient from one forward and one reverse sweep. Measure both here, in your browser, for sin(x1)*x2 + … + sin(xn)*x1.',
  costRun: 'Measure',
  costNumeric: 'numerical (central, 2n evaluations)',
  costAd: 'AD (one reverse sweep)',
  costVariables: 'variables n',
  costTime: 'time per gradient',
  costStatus: 'n = {n}: numerical {numeric} ({calls} evaluations of f), AD {ad}, {ratio}× as long.',
  footer: 'Everything here runs in your browser through @chainrule/core and @chainrule/core-wasm.',
}

export type Key = keyof typeof en

const ko: Record<Key, string> = {
  title: 'chainrule',
  skip: '식 입력으로 건너뛰기',
  tagline: '연쇄 법칙이 일하는 모습을 보세요: 함수는 테이프가 되고, 테이프는 거꾸로 재생됩니다.',
  language: '언어',
  backend: '엔진',
  functionHeading: '함수',
  expressionLabel: '식',
  expressionHint:
    'sin(x)*y, exp(x), (1-x)^2 + 100(y-x^2)^2 등을 입력해 보세요. 연산자 + - * / ^, 함수 exp, log, sin, relu 등.',
  functionsSummary: '식에 쓸 수 있는 모든 함수 ({n}개)',
  functionsIntro:
    '연산자 + - * / ^ 와 부호 -; 상수 {constants}; 다른 이름 {aliases}. 수 뒤에 이름이나 괄호가 오면 * 를 생략할 수 있습니다: 2x, 100(y-x^2).',
  functionsCall: '호출',
  functionsRule: '도함수 (연산 표에서)',
  functionsKink: '꺾인 점',
  functionsKinkTitle: '미분할 수 없는 점이 있으며, 그 점의 도함수는 관례로 정해 둡니다.',
  fnWhere: 'c > 0 이면 a, 아니면 b (실제로 고른 쪽만 기록합니다)',
  fnLeakyRelu: 'x > 0 이면 x, 아니면 alpha·x (alpha를 주지 않으면 0.01)',
  variablesHeading: '변수',
  value: '함숫값',
  gradient: '기울기',
  tapeStats: '테이프 노드 {nodes}개 · 기록 {recorded}회 · 재생 {replayed}회',
  noVariables: '이 식에는 변수가 없습니다: 상수 {value}입니다.',
  oneOutput: '식을 하나만 입력하세요 (지금은 , 또는 ; 로 나뉜 출력이 {n}개입니다).',
  errorAt: '{message} ({column}번째 글자)',
  timing: '기울기 한 번 계산 시간',
  perGradient: '기울기당 {time}',
  measuring: '측정 중…',
  identical: 'JS와 WASM의 결과가 똑같습니다.',
  differ: 'JS와 WASM의 결과가 최대 {ulps} ulp 다릅니다.',
  plotHeading: '그래프',
  plot1Legend: 'f와 도함수 f′, 그리고 현재 점에서의 접선',
  plot2Legend: 'f의 등고선(어두울수록 낮음)과 기울기 화살표 ∇f',
  plotSlice: '{x}, {y} 외의 변수는 현재 값으로 고정됩니다.',
  noPlot: '식에 변수가 없어 그릴 것이 없습니다.',
  tangent: '접선',
  descentHeading: '경사 하강법',
  descentIntro: '현재 점에서 출발해 −∇f 방향으로 내려갑니다.',
  method: '방법',
  methodGd: '기본',
  methodMomentum: '모멘텀',
  methodAdam: 'Adam',
  methodLbfgs: 'L-BFGS (선 탐색)',
  learningRate: '학습률',
  maxIterations: '최대 반복 횟수',
  step: '한 걸음',
  play: '재생',
  pause: '일시 정지',
  reset: '처음으로',
  descentIteration: '{i}번째 반복: {point}에서 f = {value}',
  descentConverged: '{n}번 반복 후 수렴했습니다: {point}에서 f = {value}.',
  descentDiverged:
    '{n}번째 반복에서 발산했습니다: f가 더 이상 유한하지 않거나 점이 ±1e20 밖으로 나갔습니다. 걸음이 너무 큽니다: 학습률을 줄이거나 (예: {smaller}), 선 탐색으로 걸음을 고르는 L-BFGS를 써 보세요.',
  descentLineSearch:
    '{n}번 반복 후 멈췄습니다: 기울기가 아직 평평하지 않지만 f를 충분히 줄이는 걸음이 없습니다 ({point}에서 f = {value}).',
  descentMaxIter:
    '최대 반복 횟수 {n}번에 닿을 때까지 수렴하지 않았습니다: {point}에서 f = {value}. 최대 반복 횟수나 학습률을 늘려 보세요.',
  badRate: '학습률은 양수여야 합니다.',
  badIterations: '최대 반복 횟수는 1부터 1000000까지의 정수여야 합니다.',
  noteKink:
    '{source}가 꺾인 점에 있습니다: {call}에서는 도함수가 없으므로 chainrule은 관례에 따라 {pinned}로 정합니다. 위의 기울기는 이 값을 씁니다.',
  noteDomain:
    '정의역 밖입니다: {source}는 이 점에서 {call}이 되어 실수가 아닙니다. 그래서 이 점에서 f는 NaN이고 도함수도 없습니다.',
  numericKink:
    '이 점은 {source}의 꺾인 점입니다: 이 점을 사이에 둔 차분은 기울기가 꺾인 정도를 잴 뿐, 자동 미분의 오차가 아닙니다 (자동 미분은 관례로 정한 {pinned}를 씁니다).',
  numericExactCentral:
    '여기서는 중앙 차분에 절단 오차가 없습니다: 중앙 차분의 오차는 f‴·h²/6 + … 인데, 이 함수는 (기본 식 x*x + x처럼) 이차 함수라 삼계 도함수가 0입니다. 그래서 반올림 오차만 남아 h가 작아질수록 오차가 커지기만 합니다. 전방 차분과 후방 차분에는 양쪽이 다 보입니다. 중앙 차분의 V 모양을 보려면 exp(x)를 입력해 보세요.',
  kinkCentral: '꺾인 점을 사이에 둠',
  kinkForward: '꺾인 점의 오른쪽',
  kinkBackward: '꺾인 점의 왼쪽',
  graphHeading: '계산 그래프',
  graphIntro:
    '상자 하나가 테이프의 연산 하나입니다. 변수는 쓰일 때마다 따로 잎 노드가 됩니다. 간선에는 역방향 계산에서 곱해지는 국소 편미분 값이 적혀 있습니다.',
  graphTooBig: '그래프의 노드가 {n}개라 여기에 그리기에는 너무 많습니다.',
  graphUnfold:
    '테이프의 노드는 {tape}개, 그래프의 상자는 {boxes}개입니다: 테이프는 변수를 한 번만 저장하고, 그래프는 변수가 쓰일 때마다 잎 노드를 하나씩 그립니다 ({uses}).',
  graphSame:
    '테이프의 노드는 {tape}개, 그래프의 상자는 {boxes}개입니다: 변수마다 한 번씩만 쓰여 잎 노드도 하나씩입니다.',
  leafUses: '{v} {n}번 사용',
  zoomIn: '확대',
  zoomOut: '축소',
  zoomFit: '전체 보기',
  zoomHint: '끌어서 옮기고, Ctrl + 휠이나 두 손가락으로 확대합니다.',
  nodeValue: '값 {v}',
  nodeAdjoint: '수반값 {v}',
  stepsHeading: '역방향 계산 단계별 보기',
  previous: '이전',
  next: '다음',
  stepCounter: '{n}단계 중 {i}단계',
  stepIdle:
    '수반값은 역방향 계산이 그 노드에 닿을 때 나타납니다: 다음을 누르면 출력에서 시작합니다 (모두 {n}단계).',
  stepDone: '{n}단계를 모두 마쳤습니다: 각 변수의 도함수는 그 변수의 잎 노드 값을 더한 것입니다.',
  stepTotal: '합계',
  forwardHeading: '순방향 계산 단계별 보기',
  forwardIntro:
    '같은 그래프를 반대 방향으로: 입력 하나의 접선값을 1로 두고, 입력에서부터 위로 각 노드의 접선값을 전달합니다 (이중수).',
  forwardSeed: '전파할 입력',
  forwardSweepOf: '순방향 전파 {n}번 중 {k}번째: 입력마다 한 번입니다.',
  forwardIdle:
    '접선값은 전파가 그 노드에 닿을 때 나타납니다: 다음을 누르면 입력에서 시작합니다 (모두 {n}단계).',
  forwardDone: '{n}단계를 모두 마쳤습니다: 출력의 접선값이 이 입력 방향의 도함수입니다.',
  forwardTotal: '결과',
  sweepsHeading: '도함수 전체를 구하려면 전파가 몇 번 필요할까요?',
  sweepsIntro:
    '입력이 n개, 출력이 m개인 함수에서: 역방향 모드는 출력마다 역방향 전파 한 번, 순방향 모드는 입력마다 순방향 전파 한 번이 필요합니다.',
  sweepsInputs: '입력 수 n',
  sweepsOutputs: '출력 수 m',
  sweepsReverse: '역방향 모드: {r}번 — 출력마다 역방향 전파 한 번',
  sweepsForward: '순방향 모드: {f}번 — 입력마다 순방향 전파 한 번',
  sweepsReverseWins: '여기서는 역방향 모드가 전파 횟수가 적습니다: 기울기처럼 입력이 출력보다 많습니다.',
  sweepsForwardWins: '여기서는 순방향 모드가 전파 횟수가 적습니다: 출력이 입력보다 많습니다.',
  sweepsTie: '두 모드의 전파 횟수가 같습니다: 입력과 출력의 수가 같습니다.',
  sweepsThis: '이 함수: {text}',
  numericHeading: '수치 미분과 자동 미분',
  numericIntro:
    '유한 차분은 간격 h로 나눕니다. h가 크면 절단 오차, 너무 작으면 반올림 오차가 커집니다. 자동 미분에는 둘 다 없어 반올림 오차 범위에서 정확합니다.',
  numericVariable: '미분할 방향',
  numericAd: '이 점에서 자동 미분 값: {value}',
  numericBest: '{method}: 가장 좋은 h = {h}, 오차 {error}',
  numericNone: '이 점에서는 보여 줄 유한한 오차가 없습니다.',
  central: '중앙 차분',
  forward: '전방 차분',
  backward: '후방 차분',
  truncationSide: '← 절단 오차가 큼 (h가 너무 큼)',
  roundingSide: '반올림 오차가 큼 (h가 너무 작음) →',
  richardson: '리처드슨',
  stepSize: '간격 h',
  absError: '자동 미분과의 절대 오차',
  exact: '정확',
  costHeading: '변수가 늘어날 때의 계산 비용',
  costIntro:
    '중앙 차분으로 구한 수치 기울기는 변수 하나마다 f를 두 번 계산합니다. 자동 미분은 순방향 한 번과 역방향 한 번으로 기울기 전체를 얻습니다. sin(x1)*x2 + … + sin(xn)*x1 에 대해 두 방법을 이 브라우저에서 직접 재 보세요.',
  costRun: '측정하기',
  costNumeric: '수치 미분 (중앙 차분, 2n번 계산)',
  costAd: '자동 미분 (역방향 한 번)',
  costVariables: '변수 개수 n',
  costTime: '기울기 한 번 계산 시간',
  costStatus: 'n = {n}: 수치 미분 {numeric} (f를 {calls}번 계산), 자동 미분 {ad}, {ratio}배 걸림.',
  footer: '이 페이지의 모든 계산은 @chainrule/core와 @chainrule/core-wasm으로 브라우저 안에서 실행됩니다.',
}

const TABLES: Record<Lang, Record<Key, string>> = { en, ko }

/** The label in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

const STORAGE_KEY = 'chainrule.lang'

/** The remembered choice, else the browser's language. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'ko') return saved
  } catch {
    // Storage can be disabled (private mode, blocked cookies); the page still works.
  }
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // See initialLang.
  }
}
