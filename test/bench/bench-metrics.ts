// The shape every benchmark module returns; shared by test/bench/*.bench.ts and the runner (node).

export interface Metric {
  value: number
  unit: string
}

export type Metrics = Record<string, Metric>

/** What each `*.bench.ts` module exports. */
export type BenchModule = { run(): Promise<Metrics> }

/** Median and 95th percentile (nearest rank) of a list of samples. */
export const summarise = (samples: readonly number[]): { median: number; p95: number } => {
  if (samples.length === 0) throw new Error('no samples to summarise')
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted.length / 2
  const median = Number.isInteger(middle)
    ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
    : (sorted[Math.floor(middle)] as number)
  const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1] as number
  return { median, p95 }
}

/** Rounds to microseconds for milliseconds, so the JSON stays readable. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000
