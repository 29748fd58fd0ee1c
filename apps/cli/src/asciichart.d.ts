// Types for asciichart 1.5, which ships none.
declare module 'asciichart' {
  export interface PlotConfig {
    min?: number
    max?: number
    height?: number
    offset?: number
    padding?: string
    colors?: (string | undefined)[]
    symbols?: string[]
    format?: (x: number, i: number) => string
  }
  const asciichart: {
    plot(series: number[] | number[][], config?: PlotConfig): string
    readonly blue: string
    readonly green: string
    readonly magenta: string
    readonly yellow: string
    readonly cyan: string
    readonly red: string
  }
  export default asciichart
}
