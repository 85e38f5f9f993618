// Migration 0013 (usage buckets packed per chunk) on real better-sqlite3: every cached bucket of schema 12 reads back the same through the repository, across chunk boundaries, with its nulls, and a connection's chunks go with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteUsageStore } from '../../../../src-main/adapters/sqlite/usage.repository'
import type { UsagePoint } from '../../../../src-main/contract/hubs.contract'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

const minute = 60_000
const day = 86_400_000
/** Three hours either side of a UTC midnight: two minute chunks. */
const midnight = 20_000 * day
const minutes: UsagePoint[] = Array.from({ length: 360 }, (_, i) => ({
  at: midnight - 180 * minute + i * minute,
  requests: i % 50 === 0 ? null : i,
  bytes: i % 70 === 0 ? null : i * 1000.5
}))
const hours: UsagePoint[] = [
  { at: midnight, requests: 7, bytes: 1 },
  { at: midnight + 3_600_000, requests: 0, bytes: 0 }
]

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(12)
  const { db } = store
  for (const id of ['c-1', 'c-2'])
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES (?, ?, 'optidash', 'https://api.optidash.ai/1.0', 'prod', 1, 1)`
    ).run(id, `Optidash ${id}`)
  const insert = db.prepare(
    `INSERT INTO usage_buckets (connection_id, scope, subject, interval, bucket_start, requests, bytes)
     VALUES (?, ?, ?, ?, ?, ?, ?)`
  )
  // Inserted newest first: the step must not rely on the order rows went in.
  for (const point of [...minutes].reverse())
    insert.run('c-1', 'key', 'k-1', 'minute', point.at, point.requests, point.bytes)
  for (const point of hours)
    insert.run('c-2', 'fileset', 'sales-eu', 'hour', point.at, point.requests, point.bytes)
})
afterEach(() => store.dispose())

describe('migration 0013: usage chunks', () => {
  it('replaces the bucket rows with chunks', () => {
    const { added, removed } = runStep(store.db, 13)
    expect(added).toEqual(['index sqlite_autoindex_usage_chunks_1', 'table usage_chunks'])
    expect(removed).toEqual(['table usage_buckets'])
    // The minutes either side of midnight are two chunks; the two hours one.
    expect(
      store.db
        .prepare('SELECT connection_id, interval, count FROM usage_chunks ORDER BY chunk_start')
        .all()
    ).toEqual([
      { connection_id: 'c-1', interval: 'minute', count: 180 },
      { connection_id: 'c-1', interval: 'minute', count: 180 },
      { connection_id: 'c-2', interval: 'hour', count: 2 }
    ])
  })

  it('keeps every bucket, value and null, as the repository reads them', () => {
    runStep(store.db, 13)
    const usage = createSqliteUsageStore(store.db)
    const key = { connectionId: 'c-1', scope: 'key', subject: 'k-1', interval: 'minute' } as const
    expect(usage.read(key, 0, 2 * midnight)).toEqual(minutes)
    expect(
      usage.read(
        { connectionId: 'c-2', scope: 'fileset', subject: 'sales-eu', interval: 'hour' },
        0,
        2 * midnight
      )
    ).toEqual(hours)
    // A range inside one chunk and across the boundary.
    expect(usage.read(key, midnight - 2 * minute, midnight + 2 * minute)).toEqual(
      minutes.slice(178, 182)
    )
  })

  it('cascades chunks with their connection', () => {
    runStep(store.db, 13)
    store.db.prepare("DELETE FROM connections WHERE id = 'c-1'").run()
    expect(store.db.prepare('SELECT connection_id FROM usage_chunks').all()).toEqual([
      { connection_id: 'c-2' }
    ])
  })
})
