// Turns a cached usage view into uPlot's columnar data per chart kind (one key on two axes, keys stacked, keys compared, storage per fileset) and the tooltip's exact values; pure, renderer.
import type { UsageInterval } from '../../../../src-main/contract/hubs.contract'
import {
  usageTimes,
  type UsageSeries,
  type UsageView
} from '../../../../src-main/contract/usage.contract'

export type UsageChartKind = 'key' | 'stacked' | 'compare' | 'storage'

/** What the chart shows: the x values (epoch ms) and, per line, the drawn and the exact values. */
export interface UsageChartData {
  kind: UsageChartKind
  x: Float64Array
  lines: Array<{
    label: string
    /** Which axis: requests (left) or bytes (right). */
    unit: 'requests' | 'bytes'
    /** What uPlot draws: cumulative for a stacked chart; `null` leaves a gap. */
    drawn: Float64Array | (number | null)[]
    /** The hub's own numbers (NaN: no value), for the tooltip; read with `amountAt`. */
    exact: Float64Array
  }>
}

/**
 * The column as uPlot should draw it: the typed array itself (the common case: a hub sends every
 * bucket), or with `null` where no value was sent, which uPlot draws as a gap (NaN it does not).
 */
export const drawable = (column: Float64Array): Float64Array | (number | null)[] => {
  for (let i = 0; i < column.length; i += 1)
    if (Number.isNaN(column[i])) return Array.from(column, (v) => (Number.isNaN(v) ? null : v))
  return column
}

/** Union of every series' bucket starts, in order (series of one refresh share them). */
const unionTimes = (series: readonly UsageSeries[]): Float64Array => {
  const only = series.length === 1 ? series[0] : undefined
  if (only) return usageTimes(only)
  const all = new Set<number>()
  for (const s of series) for (const at of usageTimes(s)) all.add(at)
  return Float64Array.from([...all].sort((a, b) => a - b))
}

/** `values` (one per bucket of `s`) placed on the union `x`; NaN where `s` has no bucket. */
const aligned = (x: Float64Array, s: UsageSeries, values: Float64Array): Float64Array => {
  const times = usageTimes(s)
  if (times.length === x.length) return values
  const byTime = new Map<number, number>()
  times.forEach((at, i) => byTime.set(at, values[i] as number))
  return x.map((at) => byTime.get(at) ?? Number.NaN)
}

export const chartDataOf = (view: UsageView, kind: UsageChartKind): UsageChartData => {
  const x = unionTimes(view.series)
  if (kind === 'key') {
    const s = view.series[0]
    if (!s) return { kind, x: new Float64Array(0), lines: [] }
    return {
      kind,
      x,
      lines: [
        { label: 'Requests', unit: 'requests', drawn: drawable(s.requests), exact: s.requests },
        { label: 'Input bytes', unit: 'bytes', drawn: drawable(s.bytes), exact: s.bytes }
      ]
    }
  }
  if (kind === 'storage') {
    return {
      kind,
      x,
      lines: view.series.map((s) => {
        const values = aligned(x, s, s.bytes)
        return { label: s.label, unit: 'bytes', drawn: drawable(values), exact: values }
      })
    }
  }
  const exact = view.series.map((s) => aligned(x, s, s.requests))
  if (kind === 'compare') {
    return {
      kind,
      x,
      lines: view.series.map((s, i) => {
        const values = exact[i] as Float64Array
        return { label: s.label, unit: 'requests', drawn: drawable(values), exact: values }
      })
    }
  }
  // Stacked: each line is drawn at the sum of itself and every line below it (no value adds 0).
  const running = new Float64Array(x.length)
  const lines = view.series.map((s, i) => {
    const values = exact[i] as Float64Array
    for (let j = 0; j < running.length; j += 1) {
      const value = values[j] as number
      if (!Number.isNaN(value)) running[j] = (running[j] as number) + value
    }
    return { label: s.label, unit: 'requests' as const, drawn: running.slice(), exact: values }
  })
  return { kind, x, lines }
}

export const chartKindFor = (
  view: UsageView,
  target: 'key' | 'keys' | 'connection'
): UsageChartKind =>
  view.measure === 'storage'
    ? 'storage'
    : target === 'key'
      ? 'key'
      : target === 'keys'
        ? 'compare'
        : 'stacked'

const bytesUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']

/** 1,234,567 B -> "1.23 MB" (decimal units, as hubs bill). */
export const formatBytes = (value: number): string => {
  let unit = 0
  let scaled = value
  while (Math.abs(scaled) >= 1000 && unit < bytesUnits.length - 1) {
    scaled /= 1000
    unit += 1
  }
  return `${unit === 0 ? scaled : scaled.toFixed(scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2)} ${bytesUnits[unit]}`
}

/** Exact value for the tooltip: every digit, grouped, with the byte size beside bytes. */
export const exactValue = (
  value: number | null | undefined,
  unit: 'requests' | 'bytes'
): string => {
  if (value === null || value === undefined) return 'no value'
  const digits = value.toLocaleString()
  return unit === 'bytes' ? `${digits} B (${formatBytes(value)})` : digits
}

/** The bucket in the viewer's local time, as long as its interval needs. */
export const bucketLabel = (at: number, interval: UsageInterval): string => {
  const d = new Date(at)
  if (interval === 'month')
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'long' })
  if (interval === 'day' || interval === 'week')
    return `${interval === 'week' ? 'Week of ' : ''}${d.toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' })}`
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  })
}

/** "3 min ago", "5 h ago", "2 days ago". */
export const ageText = (fetchedAt: number, now: number): string => {
  const minutes = Math.max(0, Math.round((now - fetchedAt) / 60_000))
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}
