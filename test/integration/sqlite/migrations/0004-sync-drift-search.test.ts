// Migration 0004 (sync runs, snapshots, drift, saved filters, full-text search) on real better-sqlite3: schema-3 keys survive it and become searchable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(3)
})
afterEach(() => store.dispose())

describe('migration 0004: sync runs, snapshots, drift, saved filters and full-text search', () => {
  beforeEach(() => {
    const { db } = store
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
    ).run()
    db.prepare(
      `INSERT INTO keys (id, connection_id, hub_key_id, name, status, tags, notes, oddities, synced_at)
       VALUES ('k-1', 'c-1', '65f0c0ffee0000000000beef', 'grafana-readonly', 'active', '["observability"]', 'owned by SRE', '["odd"]', 5)`
    ).run()
  })

  const search = (query: string): unknown[] =>
    store.db
      .prepare(
        'SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH ?'
      )
      .all(query)

  it('keeps the keys of schema 3 and adds the sync, drift, saved-filter and search schema', () => {
    const { db } = store
    const { added, removed } = runStep(db, 4)
    expect(removed).toEqual([])
    expect(added).toEqual([
      'index drift_connection',
      'index drift_key',
      'index key_snapshots_connection',
      'index keys_created_at',
      'index keys_name',
      'index sqlite_autoindex_key_snapshots_1',
      'index sqlite_autoindex_saved_filters_1',
      'index sqlite_autoindex_saved_filters_2',
      'index sqlite_autoindex_sync_runs_1',
      'index sync_runs_connection',
      'table drift',
      'table key_snapshots',
      'table keys_fts',
      'table keys_fts_config',
      'table keys_fts_data',
      'table keys_fts_docsize',
      'table keys_fts_idx',
      'table saved_filters',
      'table sync_runs',
      'trigger keys_fts_connection_renamed',
      'trigger keys_fts_delete',
      'trigger keys_fts_insert',
      'trigger keys_fts_update'
    ])
    expect(db.prepare('SELECT id, name, tags, notes, oddities FROM keys').all()).toEqual([
      {
        id: 'k-1',
        name: 'grafana-readonly',
        tags: '["observability"]',
        notes: 'owned by SRE',
        oddities: '["odd"]'
      }
    ])
  })

  it('makes keys stored before it searchable by name, id prefix, hub, tag and note', () => {
    runStep(store.db, 4)
    for (const query of ['grafana', '65f0c*', 'cycle', 'observability', 'sre']) {
      expect(search(query)).toEqual([{ id: 'k-1' }])
    }
  })

  it('keeps the search index in step with renamed connections, edited and deleted keys', () => {
    const { db } = store
    runStep(db, 4)
    db.prepare(`UPDATE connections SET name = 'Cycle production' WHERE id = 'c-1'`).run()
    expect(search('production')).toEqual([{ id: 'k-1' }])
    db.prepare(`UPDATE keys SET name = 'loki-writer' WHERE id = 'k-1'`).run()
    expect(search('grafana')).toEqual([])
    expect(search('loki')).toEqual([{ id: 'k-1' }])
    db.prepare(`DELETE FROM keys WHERE id = 'k-1'`).run()
    expect(search('loki')).toEqual([])
  })

  it('drops a connection’s sync runs, snapshots and drift with it', () => {
    const { db } = store
    runStep(db, 4)
    db.prepare(
      `INSERT INTO sync_runs (id, connection_id, started_at, status) VALUES ('r-1', 'c-1', 10, 'ok')`
    ).run()
    db.prepare(
      `INSERT INTO key_snapshots (sync_run_id, connection_id, taken_at, key_count, body) VALUES ('r-1', 'c-1', 11, 1, x'00')`
    ).run()
    db.prepare(
      `INSERT INTO drift (connection_id, sync_run_id, key_id, hub_key_id, key_name, at, change)
       VALUES ('c-1', 'r-1', 'k-1', 'hk', 'grafana-readonly', 12, 'added')`
    ).run()
    expect(() =>
      db
        .prepare(
          `INSERT INTO drift (connection_id, key_id, hub_key_id, key_name, at, change) VALUES ('c-1', 'k', 'h', 'n', 1, 'moved')`
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare(`DELETE FROM connections WHERE id = 'c-1'`).run()
    for (const table of ['sync_runs', 'key_snapshots', 'drift']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0)
    }
  })
})
