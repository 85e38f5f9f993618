// Migration 0010 (the usage cache) on real better-sqlite3: keys of schema 9 survive it, a bucket is unique per series and start, and a connection's usage goes with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(9)
  store.db
    .prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('c-1', 'Optidash', 'optidash', 'https://api.optidash.ai/1.0', 'prod', 1, 1)`
    )
    .run()
  store.db
    .prepare(
      `INSERT INTO keys (id, connection_id, hub_key_id, name, status, synced_at)
       VALUES ('k-1', 'c-1', 'sha256:abc', 'one', 'active', 5)`
    )
    .run()
})
afterEach(() => store.dispose())

describe('migration 0010: usage cache', () => {
  // usage_buckets is WITHOUT ROWID: its primary key is the table itself, so it has no autoindex.
  it('adds the three usage tables and keeps the keys', () => {
    const { db } = store
    const before = db.prepare('SELECT * FROM keys').all()
    const { added, removed } = runStep(db, 10)
    expect(added).toEqual([
      'index sqlite_autoindex_usage_quota_1',
      'index usage_fetches_series',
      'table usage_buckets',
      'table usage_fetches',
      'table usage_quota'
    ])
    expect(removed).toEqual([])
    expect(db.prepare('SELECT * FROM keys').all()).toEqual(before)
  })

  it('refuses a second row for the same bucket, and cascades with the connection', () => {
    const { db } = store
    runStep(db, 10)
    const insert = db.prepare(
      `INSERT INTO usage_buckets (connection_id, scope, subject, interval, bucket_start, requests, bytes)
       VALUES ('c-1', 'key', 'k-1', 'minute', 60000, ?, ?)`
    )
    insert.run(1, 2)
    expect(() => insert.run(3, 4)).toThrow(/UNIQUE/)
    db.prepare(
      `INSERT INTO usage_fetches (connection_id, scope, subject, interval, range_from, range_to, fetched_at)
       VALUES ('c-1', 'key', 'k-1', 'minute', 0, 120000, 9)`
    ).run()
    db.prepare('DELETE FROM connections').run()
    expect(db.prepare('SELECT count(*) AS n FROM usage_buckets').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM usage_fetches').get()).toEqual({ n: 0 })
  })
})
