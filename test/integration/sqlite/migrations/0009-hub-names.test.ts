// Migration 0009 (names the hubs give their role ids) on real better-sqlite3: keys of schema 8 survive it, names are one per connection, kind and id, and go with their connection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { columnsOf, runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(8)
  const { db } = store
  db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
  ).run()
  db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, synced_at)
     VALUES ('k-1', 'c-1', 'acme', 'h1', 'one', 'active', '651a0e9d1c4f0a0001a2b3c4', 5)`
  ).run()
})
afterEach(() => store.dispose())

describe('migration 0009: names the hubs give their role ids', () => {
  it('adds the hub_names table and the role to search, and keeps the keys of schema 8', () => {
    const { db } = store
    const before = db.prepare('SELECT * FROM keys').all()
    const { added, removed } = runStep(db, 9)
    expect(added).toEqual([
      'table hub_names',
      'trigger keys_fts_role_named',
      'trigger keys_fts_role_unnamed',
      'view keys_search_text'
    ])
    expect(removed).toEqual([])
    expect(columnsOf(db, 'hub_names')).toEqual(['connection_id', 'kind', 'hub_id', 'name'])
    expect(db.prepare('SELECT * FROM keys').all()).toEqual(before)
  })

  it('holds one name per connection, kind and id, refuses unknown kinds and goes with its connection', () => {
    const { db } = store
    runStep(db, 9)
    const insert = db.prepare(
      'INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES (?, ?, ?, ?)'
    )
    insert.run('c-1', 'role', '651a0e9d1c4f0a0001a2b3c4', 'Developer')
    expect(() => insert.run('c-1', 'role', '651a0e9d1c4f0a0001a2b3c4', 'Other')).toThrow(/UNIQUE/)
    expect(() => insert.run('c-1', 'team', 'x', 'Ops')).toThrow(/CHECK/)
    expect(() => insert.run('c-404', 'role', 'x', 'Ops')).toThrow(/FOREIGN KEY/)
    db.prepare("DELETE FROM keys WHERE connection_id = 'c-1'").run()
    db.prepare("DELETE FROM connections WHERE id = 'c-1'").run()
    expect(db.prepare('SELECT count(*) FROM hub_names').pluck().get()).toBe(0)
  })

  it('finds keys by role id and by role name, following renames and the keys’ own changes', () => {
    const { db } = store
    runStep(db, 9)
    const found = (text: string) =>
      db
        .prepare(
          'SELECT k.id FROM keys_fts JOIN keys k ON k.rowid = keys_fts.rowid WHERE keys_fts MATCH ?'
        )
        .pluck()
        .all(`"${text}" *`)
    // Keys of schema 8 are indexed again, with their role id.
    expect(found('651a0e9d1c4f0a0001a2b3c4')).toEqual(['k-1'])
    expect(found('one')).toEqual(['k-1'])
    const name = db.prepare(
      "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES ('c-1', 'role', ?, ?)"
    )
    name.run('651a0e9d1c4f0a0001a2b3c4', 'Developer')
    expect(found('developer')).toEqual(['k-1'])
    db.prepare('DELETE FROM hub_names').run()
    expect(found('developer')).toEqual([])
    name.run('651a0e9d1c4f0a0001a2b3c4', 'Reader')
    expect(found('reader')).toEqual(['k-1'])
    db.prepare("UPDATE keys SET role = 'other' WHERE id = 'k-1'").run()
    expect(found('reader')).toEqual([])
    db.prepare(
      `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, synced_at)
       VALUES ('k-2', 'c-1', 'acme', 'h2', 'two', 'active', '651a0e9d1c4f0a0001a2b3c4', 5)`
    ).run()
    expect(found('reader')).toEqual(['k-2'])
    db.prepare("UPDATE connections SET name = 'Cycle live' WHERE id = 'c-1'").run()
    expect(found('live')).toEqual(['k-1', 'k-2'])
    expect(found('reader')).toEqual(['k-2'])
  })
})
