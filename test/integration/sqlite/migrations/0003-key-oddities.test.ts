// Migration 0003 (what a hub sent that was odd, kept per key) on real better-sqlite3: schema-2 keys survive it and gain an empty, JSON-checked list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { columnsOf, runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(2)
})
afterEach(() => store.dispose())

describe('migration 0003: what a hub sent that was odd, kept per key', () => {
  it('adds an oddities column, empty for the keys already stored and JSON-checked', () => {
    const { db } = store
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
    ).run()
    db.prepare(
      `INSERT INTO keys (id, connection_id, hub_key_id, name, status, ip_rules, synced_at)
       VALUES ('k-1', 'c-1', '65f0c0ffee0000000000beef', 'deploy-bot', 'active', '["10.0.0.0/8"]', 5)`
    ).run()
    const columnsBefore = columnsOf(db, 'keys')

    const { added, removed } = runStep(db, 3)
    expect(added).toEqual([])
    expect(removed).toEqual([])
    expect(columnsOf(db, 'keys')).toEqual([...columnsBefore, 'oddities'])
    expect(db.prepare('SELECT id, name, status, ip_rules, oddities FROM keys').all()).toEqual([
      {
        id: 'k-1',
        name: 'deploy-bot',
        status: 'active',
        ip_rules: '["10.0.0.0/8"]',
        oddities: '[]'
      }
    ])
    expect(() =>
      db.prepare(`UPDATE keys SET oddities = 'not json' WHERE id = 'k-1'`).run()
    ).toThrow(/CHECK/)
    db.prepare(`UPDATE keys SET oddities = '["expiry in the past"]' WHERE id = 'k-1'`).run()
    expect(db.prepare('SELECT oddities FROM keys').pluck().get()).toBe('["expiry in the past"]')
  })
})
