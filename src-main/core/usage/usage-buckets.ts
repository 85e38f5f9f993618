// Bucket arithmetic in UTC (alignment, next bucket) and exact derivation of coarser intervals from finer cached buckets; pure, runs in main.
import type { UsageInterval, UsagePoint } from '../../contract/hubs.contract'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** Start of the UTC bucket holding `at`: minute, hour, day, ISO week (from Monday) or month. */
export const alignBucket = (at: number, interval: UsageInterval): number => {
  switch (interval) {
    case 'minute':
      return Math.floor(at / minute) * minute
    case 'hour':
      return Math.floor(at / hour) * hour
    case 'day':
      return Math.floor(at / day) * day
    case 'week': {
      const midnight = Math.floor(at / day) * day
      return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * day
    }
    case 'month': {
      const d = new Date(at)
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    }
  }
}

export const nextBucket = (start: number, interval: UsageInterval): number => {
  if (interval === 'month') {
    const d = new Date(start)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  }
  return start + { minute, hour, day, week: 7 * day }[interval]
}

/**
 * Which finer intervals a coarser one is derived from exactly, coarsest first (fewest rows to
 * read). Every boundary of the coarser bucket is a boundary of the finer ones: an hour is 60
 * minutes, a UTC day 24 hours, an ISO week 7 UTC days, a UTC month its days. A week is never
 * made of months and a month never of weeks: their boundaries do not line up.
 */
export const exactSources: Readonly<Record<UsageInterval, readonly UsageInterval[]>> = {
  minute: [],
  hour: ['minute'],
  day: ['hour', 'minute'],
  week: ['day', 'hour', 'minute'],
  month: ['day', 'hour', 'minute']
}

/** A time range the hub answered in full at some interval: [from, to). */
export interface Coverage {
  from: number
  to: number
}

/**
 * Counts (requests, bytes) add up; storage is a level, so a coarser bucket shows the level of its
 * last finer bucket.
 */
export type Aggregation = 'sum' | 'last'

/**
 * Coarser buckets from finer ones. A coarser bucket is produced only when it lies wholly inside a
 * range the hub answered at the finer interval (so no part of it is guessed), and its value is
 * `null` when any finer bucket in it had no value. `points` must be in time order.
 */
export const deriveBuckets = (
  points: readonly UsagePoint[],
  covered: readonly Coverage[],
  target: UsageInterval,
  aggregation: Aggregation
): UsagePoint[] => {
  const inside = (start: number, end: number) =>
    covered.some((range) => range.from <= start && end <= range.to)
  const out: UsagePoint[] = []
  let current: UsagePoint | undefined
  let currentEnd = 0
  const flush = () => {
    if (current && inside(current.at, currentEnd)) out.push(current)
  }
  for (const point of points) {
    const start = alignBucket(point.at, target)
    if (!current || start !== current.at) {
      flush()
      current = { at: start, requests: point.requests, bytes: point.bytes }
      currentEnd = nextBucket(start, target)
      continue
    }
    if (aggregation === 'last') {
      current.requests = point.requests
      current.bytes = point.bytes
    } else {
      current.requests =
        current.requests === null || point.requests === null
          ? null
          : current.requests + point.requests
      current.bytes =
        current.bytes === null || point.bytes === null ? null : current.bytes + point.bytes
    }
  }
  flush()
  return out
}
