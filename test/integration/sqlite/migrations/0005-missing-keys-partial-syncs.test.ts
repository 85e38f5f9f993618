// Integration test of schema step 5 on real better-sqlite3: keys and runs of schema 4 survive, and missing/deleted keys and partial runs can be stored.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDatabase, type SqliteDb } from '../../../../src-main/adapters/sqlite/open-db'
import { migrate, readSchemaVersion } from '../../../../src-main/adapters/sqlite/migrations'
import { createSqliteSyncStore } from '../../../../src-main/adapters/sqlite/sync.repository'

let root: string
let db: SqliteDb

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-migrate-5-'))
  db = openDatabase({ dataDir: root }).db
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(root, { recursive: true, force: true })
})

const seedSchema4 = () => {
  expect(migrate(db, { to: 4 })).toEqual({ from: 0, to: 4 })
  db.prepare(
    `INSERT INTO secrets (id, owner_kind, version, sealed, created_at, updated_at)
     VALUES ('key:s-1', 'key', 1, x'00', 1, 1)`
  ).run()
  db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
  ).run()
  db.prepare(
    `INSERT INTO keys (id, connection_id, hub_key_id, name, status, tags, notes, secret_id, synced_at)
     VALUES ('k-1', 'c-1', 'hub-1', 'grafana', 'active', '["ops"]', 'owned by SRE', 'key:s-1', 5)`
  ).run()
  db.prepare(
    `INSERT INTO sync_runs (id, connection_id, started_at, finished_at, status, pages, keys_seen)
     VALUES ('r-1', 'c-1', 1, 2, 'ok', 1, 1)`
  ).run()
}

it('keeps keys, values and runs of schema 4, none of them missing, deleted or partial', () => {
  seedSchema4()
  // Step 5 alone: later steps have tests of their own.
  expect(migrate(db, { to: 5 })).toEqual({ from: 4, to: 5 })
  expect(readSchemaVersion(db)).toBe(5)
  expect(
    db
      .prepare(
        'SELECT name, status, tags, notes, secret_id, synced_at, missing_since, deleted_at FROM keys'
      )
      .all()
  ).toEqual([
    {
      name: 'grafana',
      status: 'active',
      tags: '["ops"]',
      notes: 'owned by SRE',
      secret_id: 'key:s-1',
      synced_at: 5,
      missing_since: null,
      deleted_at: null
    }
  ])
  expect(createSqliteSyncStore(db).listRuns('c-1', 5)).toEqual([
    expect.objectContaining({ id: 'r-1', outcome: 'ok' })
  ])
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})

it('stores a key as missing or deleted and a partial run, and refuses a bad partial flag', () => {
  seedSchema4()
  migrate(db)
  const store = createSqliteSyncStore(db)
  // A complete listing without the key: it becomes missing.
  const { stageId } = store.openStage('c-1')
  store.applyStage(stageId, { syncedAt: 50, markMissing: true })
  store.dropStage(stageId)
  expect(db.prepare('SELECT status, missing_since, synced_at FROM keys').get()).toEqual({
    status: 'missing',
    missing_since: 50,
    synced_at: 5
  })
  store.insertRun({
    id: 'r-2',
    connectionId: 'c-1',
    startedAt: 60,
    finishedAt: 61,
    outcome: 'partial',
    errorCode: 'TIMEOUT',
    error: 'The hub did not answer in time.',
    pages: 2,
    keysSeen: 200,
    added: 0,
    removed: 0,
    changed: 0
  })
  expect(db.prepare("SELECT status, partial FROM sync_runs WHERE id = 'r-2'").get()).toEqual({
    status: 'failed',
    partial: 1
  })
  expect(store.listRuns('c-1', 1)[0]).toMatchObject({ outcome: 'partial', errorCode: 'TIMEOUT' })
  expect(() =>
    db
      .prepare(
        "INSERT INTO sync_runs (id, connection_id, started_at, status, partial) VALUES ('r-3', 'c-1', 1, 'ok', 2)"
      )
      .run()
  ).toThrow(/CHECK/)
})
