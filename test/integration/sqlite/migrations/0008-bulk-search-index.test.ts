// Migration 0008 (bulk search indexing for syncs) on real better-sqlite3: keys of schema 7 stay searchable, the insert trigger stands aside only while the deferral row exists, and the update trigger skips unchanged text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(7)
  store.db
    .prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
    )
    .run()
  insertKey('k-1', 'grafana-readonly')
})
afterEach(() => store.dispose())

const insertKey = (id: string, name: string): void => {
  store.db
    .prepare(
      `INSERT INTO keys (id, connection_id, hub_key_id, name, status, synced_at)
       VALUES (?, 'c-1', ?, ?, 'active', 5)`
    )
    .run(id, `hub-${id}`, name)
}

const search = (query: string): unknown[] =>
  store.db
    .prepare(
      'SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH ? ORDER BY k.id'
    )
    .pluck()
    .all(query)

/** Rows written to the search index's data table so far: a re-index writes some. */
const indexWrites = (): number => store.db.prepare('SELECT total_changes()').pluck().get() as number

describe('migration 0008: bulk search indexing for syncs', () => {
  it('keeps the keys of schema 7 searchable and adds only the deferral table', () => {
    const { added, removed } = runStep(store.db, 8)
    expect(added).toEqual(['table keys_fts_deferred'])
    expect(removed).toEqual([])
    expect(search('grafana')).toEqual(['k-1'])
  })

  it('indexes each inserted key unless the deferral row is there', () => {
    runStep(store.db, 8)
    insertKey('k-2', 'grafana-writer')
    expect(search('grafana')).toEqual(['k-1', 'k-2'])
    store.db.transaction(() => {
      store.db.prepare('INSERT INTO keys_fts_deferred (id) VALUES (1)').run()
      insertKey('k-3', 'grafana-admin')
      store.db.prepare('DELETE FROM keys_fts_deferred').run()
    })()
    expect(search('grafana')).toEqual(['k-1', 'k-2'])
    insertKey('k-4', 'grafana-viewer')
    expect(search('grafana')).toEqual(['k-1', 'k-2', 'k-4'])
    expect(() => store.db.prepare('INSERT INTO keys_fts_deferred (id) VALUES (2)').run()).toThrow(
      /CHECK/
    )
  })

  it('re-indexes an updated key only when its searched text changed', () => {
    const { db } = store
    runStep(db, 8)
    const before = indexWrites()
    db.prepare("UPDATE keys SET name = 'grafana-readonly', status = 'inactive'").run()
    // One change: the row itself; no delete and insert in the index.
    expect(indexWrites() - before).toBe(1)
    db.prepare("UPDATE keys SET name = 'loki-readonly'").run()
    expect(search('grafana')).toEqual([])
    expect(search('loki')).toEqual(['k-1'])
    db.prepare("UPDATE keys SET notes = 'owned by SRE'").run()
    expect(search('sre')).toEqual(['k-1'])
  })
})
