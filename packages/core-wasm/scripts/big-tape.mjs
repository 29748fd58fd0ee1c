// Peak memory of recording and sweeping one big tape, for docs/ARCHITECTURE.md §3:
//   node --max-old-space-size=16000 scripts/big-tape.mjs js|wasm [nodes]
// Σ (xᵢ·cᵢ)² with a distinct constant per input, five nodes an input; prints the
// time and the process's peak RSS. Build first (pnpm exec turbo run build --filter=@chainrule/core-wasm).
const [, , backend, nStr] = process.argv
const mod = await import(backend === 'wasm' ? '../dist/index.js' : '@chainrule/core')
const n = Number(nStr ?? 4e7)
// n/4 inputs, five nodes each (input, constant, mul, square, add): about 1.25·n nodes in all
const m = Math.floor(n / 4)
const x = new Float64Array(m)
for (let i = 0; i < m; i++) x[i] = (i % 1000) / 1000
const f = (v) => {
  let s = v[0].mul(1.5).square()
  for (let i = 1; i < v.length; i++) s = s.add(v[i].mul(1 + i * 1e-9).square())
  return s
}
const t0 = performance.now()
const g = mod.gradient(f, x, { vector: true })
const t1 = performance.now()
console.log(
  JSON.stringify({
    backend,
    n,
    g: g[m - 1],
    ms: Math.round(t1 - t0),
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
)
