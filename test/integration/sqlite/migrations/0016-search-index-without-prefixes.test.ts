// Migration 0016 (search index without prefix indexes) on real better-sqlite3: every search, prefixes included, finds the keys it found under schema 15, and step 15's triggers keep the new index current.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteInventoryQueryStore } from '../../../../src-main/adapters/sqlite/inventory-query.repository'
import { searchPhrases } from '../../../../src-main/core/inventory/inventory-query'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(15)
  const { db } = store
  const connection = db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES (?, ?, ?, 'https://hub.example', 'prod', 1, 1)`
  )
  connection.run('conn-1', 'Owl data EU', 'datahub')
  connection.run('conn-2', 'Acme prod', 'cycle')
  db.prepare(
    "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES ('conn-2', 'role', 'r-1', 'Auditor')"
  ).run()
  const key = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, tags, notes, synced_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, 5)`
  )
  const names = [
    'grafana-reader',
    'grafana-writer',
    'owl-exporter',
    'backup nightly',
    'Déploiement'
  ]
  for (let i = 0; i < 40; i += 1) {
    key.run(
      `k-${i}`,
      i % 2 === 0 ? 'conn-1' : 'conn-2',
      i % 3 === 0 ? 'acme' : 'globex',
      `hk_${i}`,
      names[i % names.length],
      i % 4 === 1 ? 'r-1' : null,
      JSON.stringify(i % 4 === 0 ? ['pci', 'team-a'] : []),
      i % 5 === 0 ? 'see the runbook' : null
    )
  }
})
afterEach(() => store.dispose())

/** Whole words and what a person has typed so far: one, two and three letters, and longer. */
const searches = [
  'g',
  'gr',
  'gra',
  'grafana',
  'grafana-w',
  'ow',
  'owl exp',
  'owl data',
  'ac',
  'acm',
  'acme gra',
  'gl',
  'hk',
  'hk_1',
  'hk_12',
  'au',
  'audit',
  'pc',
  'team-',
  'run',
  'depl',
  'déploi',
  'cyc',
  'zz'
]

const found = (store: StepStore, text: string): string[] => {
  const expression = createSqliteInventoryQueryStore(store.db).matchExpression(searchPhrases(text)!)
  return store.db
    .prepare(
      'SELECT k.id FROM keys_fts JOIN keys k ON k.rowid = keys_fts.rowid WHERE keys_fts MATCH ? ORDER BY k.id'
    )
    .pluck()
    .all(expression) as string[]
}

const indexSql = (store: StepStore): string =>
  store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'keys_fts'").pluck().get() as string

describe('migration 0016: search index without prefix indexes', () => {
  it('finds for every search, prefixes included, the keys schema 15 found', () => {
    const before = searches.map((text) => found(store, text))
    expect(indexSql(store)).toContain("prefix = '2 3'")
    const { added, removed } = runStep(store.db, 16)
    // The index is made again under its own name, so the schema lists the same objects.
    expect(added).toEqual([])
    expect(removed).toEqual([])
    expect(indexSql(store)).not.toContain('prefix')
    const after = searches.map((text) => found(store, text))
    expect(after).toEqual(before)
    expect(after.filter((keys) => keys.length > 0).length).toBeGreaterThan(searches.length - 3)
    expect(found(store, 'gra')).toHaveLength(16)
  })

  it('keeps the index current through step 15 triggers: new keys, edits, deletes and role names', () => {
    const { db } = store
    runStep(db, 16)
    db.prepare(
      `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, tags, synced_at)
       VALUES ('k-new', 'conn-2', 'acme', 'hk_new', 'prometheus scraper', 'active', '[]', 6)`
    ).run()
    expect(found(store, 'prom')).toEqual(['k-new'])
    db.prepare("UPDATE keys SET name = 'loki shipper' WHERE id = 'k-new'").run()
    expect(found(store, 'prom')).toEqual([])
    expect(found(store, 'lok')).toEqual(['k-new'])
    // A rename, as the hub names' writer makes it: the old name out, the new one in.
    db.prepare("DELETE FROM hub_names WHERE hub_id = 'r-1'").run()
    db.prepare(
      "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES ('conn-2', 'role', 'r-1', 'Inspector')"
    ).run()
    expect(found(store, 'insp')).toHaveLength(10)
    expect(found(store, 'audit')).toEqual([])
    db.prepare("DELETE FROM keys WHERE id = 'k-new'").run()
    expect(found(store, 'lok')).toEqual([])
    // Every key has exactly one row in the index (key-counts.ts relies on it).
    const indexed = db.prepare("SELECT count(*) FROM keys_fts WHERE keys_fts MATCH 'hk*'").pluck()
    expect(indexed.get()).toBe(40)
  })
})
