// The one CSV writer for usage (the chart's export and `hubkeys usage --csv` both call it, so they give the same numbers); pure, runs anywhere.
import { amountAt, usageTimes, type UsageSeries } from './usage.contract'

/** RFC 4180 quoting, and a leading `=+-@` defused so a spreadsheet never runs a name as a formula. */
const cell = (text: string): string => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const amount = (column: Float64Array, index: number): string => {
  const value = amountAt(column, index)
  return value === null ? '' : String(value)
}

/**
 * Lines of CSV (no trailing newline): `bucket,requests,bytes` for one series, and
 * `bucket,series,requests,bytes` for several; buckets are UTC ISO-8601 starts, in time order per
 * series; an empty cell is a bucket the hub sent no value for.
 */
export const usageCsvLines = (series: readonly UsageSeries[]): string[] => {
  const one = series.length === 1
  const out = [one ? 'bucket,requests,bytes' : 'bucket,series,requests,bytes']
  for (const s of series) {
    const name = one ? '' : `${cell(s.label)},`
    const times = usageTimes(s)
    for (let i = 0; i < times.length; i += 1) {
      const bucket = new Date(times[i] as number).toISOString()
      out.push(`${bucket},${name}${amount(s.requests, i)},${amount(s.bytes, i)}`)
    }
  }
  return out
}

export const usageCsv = (series: readonly UsageSeries[]): string =>
  `${usageCsvLines(series).join('\n')}\n`
