// The usage store on real better-sqlite3: a refetch merges into the packed chunks without duplicates (overlapping, across chunk boundaries, a start sent twice), nulls survive, ranges are [from, to), and starts off any grid keep their order.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { migrate } from '../../../src-main/adapters/sqlite/migrations'
import { createSqliteUsageStore } from '../../../src-main/adapters/sqlite/usage.repository'
import type { UsagePoint } from '../../../src-main/contract/hubs.contract'
import type { UsageSeriesId, UsageStore } from '../../../src-main/core/ports/usage-store.port'

const minute = 60_000
const day = 86_400_000
const midnight = 20_000 * day
const series: UsageSeriesId = {
  connectionId: 'c-1',
  scope: 'key',
  subject: 'k-1',
  interval: 'minute'
}

const run = (from: number, count: number, requests: (i: number) => number | null): UsagePoint[] =>
  Array.from({ length: count }, (_, i) => ({
    at: from + i * minute,
    requests: requests(i),
    bytes: requests(i) === null ? null : (requests(i) as number) * 10
  }))

let root: string
let db: SqliteDb
let usage: UsageStore
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-usage-store-'))
  db = openDatabase({ dataDir: root }).db
  migrate(db)
  db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES ('c-1', 'Optidash', 'optidash', 'https://api.optidash.ai/1.0', 'prod', 1, 1)`
  ).run()
  usage = createSqliteUsageStore(db)
})
afterEach(() => {
  db.close()
  rmSync(root, { recursive: true, force: true })
})

const fetch = (from: number, to: number) => ({ from, to, fetchedAt: 1, oddities: [] })
const all = () => usage.read(series, 0, 2 * midnight)

describe('usage store', () => {
  it('reads back what it merged, in order, columns equal to points', () => {
    const points = run(midnight - 90 * minute, 180, (i) => (i % 7 === 3 ? null : i))
    usage.merge(series, [...points].reverse(), fetch(points[0]!.at, midnight + 90 * minute))
    expect(all()).toEqual(points)
    const columns = usage.readColumns(series, 0, 2 * midnight)
    // Typed columns: NaN where a point has no value.
    const amounts = (column: Float64Array) =>
      Array.from(column, (v) => (Number.isNaN(v) ? null : v))
    expect(Array.from(columns.at)).toEqual(points.map((p) => p.at))
    expect(amounts(columns.requests)).toEqual(points.map((p) => p.requests))
    expect(amounts(columns.bytes)).toEqual(points.map((p) => p.bytes))
    // A range cut inside both chunks: [from, to) by bucket start, across the chunk boundary.
    const cut = usage.readColumns(series, points[10]!.at + 1, points[150]!.at)
    expect(Array.from(cut.at)).toEqual(points.slice(11, 150).map((p) => p.at))
    expect(amounts(cut.requests)).toEqual(points.slice(11, 150).map((p) => p.requests))
  })

  it('merges an overlapping refetch across a chunk boundary without duplicates', () => {
    const first = run(midnight - 60 * minute, 90, (i) => i)
    const second = run(midnight - 30 * minute, 90, (i) => 1000 + i)
    usage.merge(series, first, fetch(0, 1))
    usage.merge(series, second, fetch(0, 1))
    const read = all()
    expect(read.map((p) => p.at)).toEqual(
      run(midnight - 60 * minute, 120, () => 0).map((p) => p.at)
    )
    // The older fetch's first 30 minutes stay; everything the refetch sent replaced the rest.
    expect(read.slice(0, 30)).toEqual(first.slice(0, 30))
    expect(read.slice(30)).toEqual(second)
  })

  it('keeps the later values of a start sent twice, and lets a null replace a value', () => {
    usage.merge(
      series,
      run(midnight, 3, (i) => i + 1),
      fetch(0, 1)
    )
    usage.merge(
      series,
      [
        { at: midnight + minute, requests: 5, bytes: 5 },
        { at: midnight + minute, requests: 6, bytes: 6 },
        { at: midnight + 2 * minute, requests: null, bytes: null }
      ],
      fetch(0, 1)
    )
    expect(all()).toEqual([
      { at: midnight, requests: 1, bytes: 10 },
      { at: midnight + minute, requests: 6, bytes: 6 },
      { at: midnight + 2 * minute, requests: null, bytes: null }
    ])
  })

  it('reads [from, to) only, and keeps starts that sit on no grid', () => {
    const odd = [7, 61_003, 59 * minute, day - 1, day, day + 1].map((offset, i) => ({
      at: midnight + offset,
      requests: i,
      bytes: 0.5 + i
    }))
    usage.merge(series, odd, fetch(0, 1))
    expect(all()).toEqual(odd)
    expect(usage.read(series, midnight + 7, midnight + day)).toEqual(odd.slice(0, 4))
    expect(usage.read(series, midnight + 8, midnight + day + 1)).toEqual(odd.slice(1, 5))
    expect(usage.read(series, midnight + day, midnight + day)).toEqual([])
  })

  it('keeps series apart by interval and subject', () => {
    usage.merge(
      series,
      run(midnight, 2, () => 1),
      fetch(0, 1)
    )
    usage.merge(
      { ...series, interval: 'hour' },
      [{ at: midnight, requests: 9, bytes: 9 }],
      fetch(0, 1)
    )
    usage.merge(
      { ...series, subject: 'k-2' },
      run(midnight, 2, () => 3),
      fetch(0, 1)
    )
    expect(all()).toEqual(run(midnight, 2, () => 1))
    expect(usage.read({ ...series, interval: 'hour' }, 0, 2 * midnight)).toEqual([
      { at: midnight, requests: 9, bytes: 9 }
    ])
  })
})
