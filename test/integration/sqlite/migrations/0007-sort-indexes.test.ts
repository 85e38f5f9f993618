// Migration 0007 (indexes for the tenant, role and usage sorts) on real better-sqlite3: keys of schema 6 survive it and each new index holds its sort's exact order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(6)
  const { db } = store
  db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
     VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
  ).run()
  const insert = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, usage_7d, usage_30d, synced_at)
     VALUES (?, 'c-1', ?, ?, ?, 'active', ?, ?, ?, 5)`
  )
  // Mixed case, NULLs and ties, so the index order is distinguishable from a binary one.
  insert.run('k-1', 'globex', 'h1', 'one', 'Admin', 3, 30)
  insert.run('k-2', 'Acme', 'h2', 'two', null, null, 12)
  insert.run('k-3', 'acme', 'h3', 'three', 'reader', 3, null)
  insert.run('k-4', 'Beta', 'h4', 'four', 'admin', 1, 30)
})
afterEach(() => store.dispose())

const keyColumns = 'id, tenant, role, usage_7d, usage_30d, name'

/** The index's columns and their collations, key columns only (the rowid comes after them). */
const indexColumns = (index: string): { name: string | null; coll: string }[] =>
  (store.db.pragma(`index_xinfo(${index})`) as { name: string | null; coll: string; key: number }[])
    .filter((column) => column.key === 1)
    .map(({ name, coll }) => ({ name, coll }))

describe('migration 0007: indexes for the tenant, role and usage sorts', () => {
  it('keeps the keys of schema 6 and adds exactly the four sort indexes', () => {
    const { db } = store
    const before = db.prepare(`SELECT ${keyColumns} FROM keys ORDER BY id`).all()
    const { added, removed } = runStep(db, 7)
    expect(added).toEqual([
      'index keys_role',
      'index keys_tenant',
      'index keys_usage_30d',
      'index keys_usage_7d'
    ])
    expect(removed).toEqual([])
    expect(db.prepare(`SELECT ${keyColumns} FROM keys ORDER BY id`).all()).toEqual(before)
    expect(indexColumns('keys_tenant')).toEqual([{ name: 'tenant', coll: 'NOCASE' }])
    expect(indexColumns('keys_role')).toEqual([{ name: 'role', coll: 'NOCASE' }])
    expect(indexColumns('keys_usage_7d')).toEqual([{ name: 'usage_7d', coll: 'BINARY' }])
    expect(indexColumns('keys_usage_30d')).toEqual([{ name: 'usage_30d', coll: 'BINARY' }])
  })

  it('gives each sort (value, then rowid) from its index, without a sort step', () => {
    const { db } = store
    runStep(db, 7)
    const walk = (index: string, order: string): { ids: unknown[]; plan: string[] } => {
      const sql = `SELECT id FROM keys INDEXED BY ${index} ORDER BY ${order}`
      return {
        ids: db.prepare(sql).pluck().all(),
        plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map(
          (step) => step.detail
        )
      }
    }
    const cases: [string, string, string[]][] = [
      ['keys_tenant', 'tenant COLLATE NOCASE, rowid', ['k-2', 'k-3', 'k-4', 'k-1']],
      ['keys_tenant', 'tenant COLLATE NOCASE DESC, rowid DESC', ['k-1', 'k-4', 'k-3', 'k-2']],
      ['keys_role', 'role COLLATE NOCASE, rowid', ['k-2', 'k-1', 'k-4', 'k-3']],
      ['keys_usage_7d', 'usage_7d, rowid', ['k-2', 'k-4', 'k-1', 'k-3']],
      ['keys_usage_30d', 'usage_30d DESC, rowid DESC', ['k-4', 'k-1', 'k-2', 'k-3']]
    ]
    for (const [index, order, ids] of cases) {
      const found = walk(index, order)
      expect(found.ids, `${index} ${order}`).toEqual(ids)
      expect(found.plan.join('; '), `${index} ${order}`).not.toMatch(/TEMP B-TREE/)
    }
  })
})
