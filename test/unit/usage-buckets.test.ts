// Exact derivation of coarser usage intervals from finer cached buckets: sums, coverage, UTC week and month boundaries, storage levels.
import { describe, expect, it } from 'vitest'
import type { UsagePoint } from '../../src-main/contract/hubs.contract'
import {
  alignBucket,
  deriveBuckets,
  exactSources,
  nextBucket
} from '../../src-main/core/usage/usage-buckets'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour
const start = Date.UTC(2026, 10, 2) // a Monday

const series = (from: number, count: number, step: number, f: (i: number) => number) =>
  Array.from({ length: count }, (_, i): UsagePoint => ({
    at: from + i * step,
    requests: f(i),
    bytes: f(i) * 1000
  }))

describe('usage bucket arithmetic', () => {
  it('aligns to UTC minute, hour, day, ISO week (Monday) and month', () => {
    const at = Date.UTC(2026, 10, 5, 13, 47, 12) // a Thursday
    expect(alignBucket(at, 'minute')).toBe(Date.UTC(2026, 10, 5, 13, 47))
    expect(alignBucket(at, 'hour')).toBe(Date.UTC(2026, 10, 5, 13))
    expect(alignBucket(at, 'day')).toBe(Date.UTC(2026, 10, 5))
    expect(alignBucket(at, 'week')).toBe(Date.UTC(2026, 10, 2))
    expect(alignBucket(at, 'month')).toBe(Date.UTC(2026, 10, 1))
    expect(nextBucket(Date.UTC(2026, 11, 1), 'month')).toBe(Date.UTC(2027, 0, 1))
  })

  it('never derives a week from months or a month from weeks', () => {
    expect(exactSources.week).not.toContain('month')
    expect(exactSources.month).not.toContain('week')
    expect(exactSources.minute).toEqual([])
  })
})

describe('deriving coarser buckets', () => {
  it('sums 60 minutes into an hour exactly, and leaves out an hour the cache covers only in part', () => {
    const minutes = series(start, 150, minute, (i) => (i * 7) % 13)
    const covered = [{ from: start, to: start + 150 * minute }]
    const hours = deriveBuckets(minutes, covered, 'hour', 'sum')
    expect(hours.map((p) => p.at)).toEqual([start, start + hour])
    const sum = (from: number, to: number, pick: (p: UsagePoint) => number | null) =>
      minutes.filter((p) => p.at >= from && p.at < to).reduce((s, p) => s + (pick(p) ?? 0), 0)
    expect(hours[0]).toEqual({
      at: start,
      requests: sum(start, start + hour, (p) => p.requests),
      bytes: sum(start, start + hour, (p) => p.bytes)
    })
    expect(hours[1]?.requests).toBe(sum(start + hour, start + 2 * hour, (p) => p.requests))
  })

  it('makes a derived bucket null when any part of it had no value', () => {
    const minutes = series(start, 60, minute, () => 1)
    minutes[10] = { at: start + 10 * minute, requests: null, bytes: 5 }
    const [hourBucket] = deriveBuckets(minutes, [{ from: start, to: start + hour }], 'hour', 'sum')
    expect(hourBucket).toEqual({ at: start, requests: null, bytes: 59_005 })
  })

  it('derives ISO weeks and UTC months from whole days only', () => {
    const days = series(start - 1 * day, 40, day, (i) => i + 1) // Sunday 1 Nov .. 10 Dec
    const covered = [{ from: start - day, to: start - day + 40 * day }]
    const weeks = deriveBuckets(days, covered, 'week', 'sum')
    // The week of Sunday 1 Nov began on 26 Oct, outside the cache: left out.
    expect(weeks[0]?.at).toBe(start)
    expect(weeks[0]?.requests).toBe(2 + 3 + 4 + 5 + 6 + 7 + 8)
    expect(weeks.every((w) => w.at + 7 * day <= covered[0]!.to)).toBe(true)
    const months = deriveBuckets(days, covered, 'month', 'sum')
    expect(months).toEqual([
      { at: Date.UTC(2026, 10, 1), requests: (30 * 31) / 2, bytes: ((30 * 31) / 2) * 1000 }
    ])
  })

  it('shows a storage level as its last day, not a sum', () => {
    const days = series(start, 7, day, (i) => 100 + i)
    const [week] = deriveBuckets(days, [{ from: start, to: start + 7 * day }], 'week', 'last')
    expect(week).toEqual({ at: start, requests: 106, bytes: 106_000 })
  })
})
