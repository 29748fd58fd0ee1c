// A fresh copy of a module, for the floors (the hand-written code each
// workload divides by). V8 compiles and profiles a function per copy of its
// source, and closures made from one function literal share their feedback and
// optimized code. Imported once, a floor is compiled for the first size a
// workload runs and reused, generic, at every other size; its primal is shared
// with the finite differences, which call it with plain arrays, and goes
// polymorphic; and a closure literal the workloads share between functions
// calls them through one call site. A copy per workload and size is compiled
// for that point alone, as the same code alone in a process would be.
// (Measured, docs/ARCHITECTURE.md §13: Rosenbrock n = 1000, hand-written
// gradient 1.85 µs after n = 10 in the same process against 1.18 µs alone;
// its primal 2.15 µs against 0.69 µs.)

let copies = 0

/** `specifier` (resolved against `base`, the importer's import.meta.url) imported as a new module instance. */
export async function fresh<T>(specifier: string, base: string): Promise<T> {
  const url = new URL(specifier, base)
  url.searchParams.set('copy', String(++copies))
  return (await import(url.href)) as T
}
