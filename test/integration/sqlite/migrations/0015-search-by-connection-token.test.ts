// Migration 0015 (search by connection token) on real better-sqlite3: searches find the same keys as under schema 14, a connection renamed re-indexes no key, and the connections' index follows them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteInventoryQueryStore } from '../../../../src-main/adapters/sqlite/inventory-query.repository'
import { searchPhrases } from '../../../../src-main/core/inventory/inventory-query'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(14)
  const { db } = store
  const connection = db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES (?, ?, ?, 'https://hub.example', 'prod', 1, 1)`
  )
  connection.run('11111111-aaaa-4bbb-8ccc-000000000001', 'Owl data EU', 'datahub')
  connection.run('11111111-aaaa-4bbb-8ccc-000000000002', 'Acme prod', 'cycle')
  connection.run('conn-3', 'Lab', 'dct')
  db.prepare(
    "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES ('conn-3', 'role', 'r-1', 'Auditor')"
  ).run()
  const key = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, tags, notes, synced_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, 5)`
  )
  const connections = [
    '11111111-aaaa-4bbb-8ccc-000000000001',
    '11111111-aaaa-4bbb-8ccc-000000000002',
    'conn-3'
  ]
  const names = ['grafana-reader', 'owl-exporter', 'backup nightly', 'acme deploy', 'lab probe']
  for (let i = 0; i < 30; i += 1) {
    key.run(
      `k-${i}`,
      connections[i % 3],
      i % 2 === 0 ? 'acme' : 'globex',
      `hk_${i}`,
      names[i % names.length],
      i % 3 === 2 ? 'r-1' : null,
      JSON.stringify(i % 4 === 0 ? ['pci'] : []),
      i % 5 === 0 ? 'see the lab runbook' : null
    )
  }
})
afterEach(() => store.dispose())

/** Words a person types: key texts, connection names and kinds, mixes of both, prefixes. */
const searches = [
  'grafana',
  'owl',
  'owl data',
  'owl exp',
  'data eu',
  'datahub',
  'dct',
  'cyc',
  'acme',
  'acme prod',
  'acme deploy',
  'lab',
  'lab probe',
  'auditor',
  'r-1',
  'pci',
  'runbook',
  'hk_7',
  'globex acme',
  'zzz'
]

const keysFound = (store: StepStore, expression: string): string[] =>
  store.db
    .prepare(
      'SELECT k.id FROM keys_fts JOIN keys k ON k.rowid = keys_fts.rowid WHERE keys_fts MATCH ? ORDER BY k.id'
    )
    .pluck()
    .all(expression) as string[]

describe('migration 0015: search by connection token', () => {
  it('finds the keys schema 14 found for every search, with connection names out of the key index', () => {
    const { db } = store
    // Schema 14's expression: the phrases, implicitly ANDed, over every column.
    const before = searches.map((text) => keysFound(store, searchPhrases(text)!.join(' ')))
    const { added, removed } = runStep(db, 15)
    expect(added).toEqual(
      expect.arrayContaining([
        'table connections_fts',
        'trigger connections_fts_delete',
        'trigger connections_fts_insert',
        'trigger connections_fts_update'
      ])
    )
    expect(removed).toEqual(['trigger keys_fts_connection_renamed'])
    const query = createSqliteInventoryQueryStore(db)
    const after = searches.map((text) =>
      keysFound(store, query.matchExpression(searchPhrases(text)!))
    )
    expect(after).toEqual(before)
    expect(after.filter((found) => found.length > 0).length).toBeGreaterThan(15)
    // The key index no longer holds the connections' words.
    expect(keysFound(store, '"owl" "data"')).toEqual([])
  })

  it('renames a connection without re-indexing its keys, and searches follow the new name', () => {
    const { db } = store
    runStep(db, 15)
    const query = createSqliteInventoryQueryStore(db)
    const found = (text: string) => keysFound(store, query.matchExpression(searchPhrases(text)!))
    const owlKeys = found('owl data')
    expect(owlKeys).toHaveLength(10)
    expect(found('data eu')).toEqual(owlKeys)
    // Renaming a connection with ten keys writes exactly what renaming one without keys does.
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('conn-empty', 'Spare', 'dct', 'https://spare.example', 'dev', 1, 1)`
    ).run()
    const writesOfRename = (id: string, name: string): number => {
      const total = db.prepare('SELECT total_changes()').pluck()
      const before = total.get() as number
      db.prepare('UPDATE connections SET name = ? WHERE id = ?').run(name, id)
      return (total.get() as number) - before
    }
    const keyless = writesOfRename('conn-empty', 'Spare hub')
    expect(writesOfRename('11111111-aaaa-4bbb-8ccc-000000000001', 'Night owl')).toBe(keyless)
    expect(found('night owl')).toEqual(owlKeys)
    // 'data' still finds them by their kind (datahub); 'eu' was only in the old name.
    expect(found('data eu')).toEqual([])
    // A new connection and its first key are found by its name; a removed one is gone.
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('conn-4', 'Zeta staging', 'optidash', 'https://z.example', 'staging', 1, 1)`
    ).run()
    db.prepare(
      `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, synced_at)
       VALUES ('k-z', 'conn-4', '', 'z1', 'fresh', 'active', 5)`
    ).run()
    expect(found('zeta')).toEqual(['k-z'])
    db.prepare("DELETE FROM keys WHERE connection_id = 'conn-4'").run()
    db.prepare("DELETE FROM connections WHERE id = 'conn-4'").run()
    expect(found('zeta')).toEqual([])
    expect(found('spare hub')).toEqual([])
    expect(db.prepare('SELECT count(*) FROM connections_fts').pluck().get()).toBe(4)
  })
})
