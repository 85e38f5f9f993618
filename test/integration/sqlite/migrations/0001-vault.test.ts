// Migration 0001 (vault, unlock back-off, sealed secrets, audit log) on real better-sqlite3: the empty file it starts from, the schema and its rules after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applicationId } from '../../../../src-main/adapters/sqlite/migrations'
import { runStep, storeAtVersion, tablesOf, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(0)
})
afterEach(() => store.dispose())

describe('migration 0001: vault, unlock back-off, sealed secrets, audit log', () => {
  it('starts from the empty file openDatabase creates: there is no earlier Hubkeys data to keep', () => {
    expect(tablesOf(store.db)).toEqual([])
    expect(store.db.pragma('application_id', { simple: true })).toBe(0)
  })

  it('creates the vault tables, marks the file as Hubkeys and starts the back-off at zero', () => {
    const { db } = store
    const { added, removed } = runStep(db, 1)
    expect(added).toEqual([
      'index audit_log_at',
      'index sqlite_autoindex_secrets_1',
      'index sqlite_autoindex_vault_1',
      'table audit_log',
      'table secrets',
      'table sqlite_sequence',
      'table unlock_throttle',
      'table vault',
      'trigger audit_log_append_only'
    ])
    expect(removed).toEqual([])
    expect(db.pragma('application_id', { simple: true })).toBe(applicationId)
    expect(db.prepare('SELECT * FROM unlock_throttle').all()).toEqual([
      { id: 1, failures: 0, last_failure_at: null }
    ])
  })

  describe('after it', () => {
    beforeEach(() => {
      runStep(store.db, 1)
    })

    it('keeps a single vault row and stores the device key with its backend or not at all', () => {
      const insert = store.db.prepare(
        `INSERT INTO vault (id, vault_id, kdf_params, salt, wrapped_key, created_at, updated_at, remember_backend, remember_blob)
         VALUES (?, ?, '{}', x'00', x'00', 1, 1, ?, ?)`
      )
      expect(() => insert.run(2, 'v', null, null)).toThrow(/CHECK/)
      expect(() => insert.run(1, 'v', 'kwallet', null)).toThrow(/CHECK/)
      insert.run(1, 'v', null, null)
      expect(() => insert.run(1, 'w', null, null)).toThrow(/UNIQUE|PRIMARY/)
      expect(() => store.db.prepare("UPDATE vault SET kdf_params = 'not json'").run()).toThrow(
        /CHECK/
      )
    })

    it('keeps the audit log append-only', () => {
      store.db
        .prepare("INSERT INTO audit_log (at, actor, action, hash) VALUES (1, 'user', 'x', x'01')")
        .run()
      expect(() => store.db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(
        /append-only/
      )
      expect(() =>
        store.db.prepare('UPDATE unlock_throttle SET failures = -1 WHERE id = 1').run()
      ).toThrow(/CHECK/)
    })
  })
})
