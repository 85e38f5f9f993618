// Migration 0002 (hub connections and the key inventory) on real better-sqlite3: schema-1 vault data survives it, the inventory schema and its rules after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SqliteDb } from '../../../../src-main/adapters/sqlite/migrations'
import { bytes, runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(1)
})
afterEach(() => store.dispose())

const seedSchema1 = (db: SqliteDb): void => {
  db.prepare(
    `INSERT INTO vault (id, vault_id, kdf_params, salt, wrapped_key, created_at, updated_at,
       remember_backend, remember_blob) VALUES (1, 'v-1', ?, ?, ?, 10, 20, 'gnome_libsecret', ?)`
  ).run(
    '{"alg":"argon2id","m":65536,"t":3,"p":4}',
    bytes('salt-16-bytes!!!'),
    bytes('wrapped'),
    bytes('os')
  )
  db.prepare('UPDATE unlock_throttle SET failures = 3, last_failure_at = 1234 WHERE id = 1').run()
  const secret = db.prepare('INSERT INTO secrets VALUES (?, ?, ?, ?, ?, ?)')
  secret.run('sec-a', 'connection', 1, bytes('sealed-a'), 30, 31)
  secret.run('sec-b', 'key', 7, bytes('sealed-b'), 40, 41)
  const audit = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'
  )
  audit.run(50, 'user', 'vault.create', null, null, null, bytes('h1'))
  audit.run(60, 'user', 'vault.unlock', 'v-1', '{"ok":true}', bytes('h1'), bytes('h2'))
}

describe('migration 0002: hub connections and the key inventory', () => {
  it('keeps the vault, back-off, secrets and audit log of schema 1 as they were', () => {
    const { db } = store
    seedSchema1(db)
    runStep(db, 2)
    expect(db.prepare('SELECT * FROM vault').all()).toEqual([
      {
        id: 1,
        vault_id: 'v-1',
        kdf_params: '{"alg":"argon2id","m":65536,"t":3,"p":4}',
        salt: bytes('salt-16-bytes!!!'),
        wrapped_key: bytes('wrapped'),
        created_at: 10,
        updated_at: 20,
        remember_backend: 'gnome_libsecret',
        remember_blob: bytes('os')
      }
    ])
    expect(db.prepare('SELECT * FROM unlock_throttle').all()).toEqual([
      { id: 1, failures: 3, last_failure_at: 1234 }
    ])
    expect(db.prepare('SELECT * FROM secrets ORDER BY id').all()).toEqual([
      {
        id: 'sec-a',
        owner_kind: 'connection',
        version: 1,
        sealed: bytes('sealed-a'),
        created_at: 30,
        updated_at: 31
      },
      {
        id: 'sec-b',
        owner_kind: 'key',
        version: 7,
        sealed: bytes('sealed-b'),
        created_at: 40,
        updated_at: 41
      }
    ])
    expect(
      db.prepare('SELECT seq, at, action, target, detail, prev_hash, hash FROM audit_log').all()
    ).toEqual([
      {
        seq: 1,
        at: 50,
        action: 'vault.create',
        target: null,
        detail: null,
        prev_hash: null,
        hash: bytes('h1')
      },
      {
        seq: 2,
        at: 60,
        action: 'vault.unlock',
        target: 'v-1',
        detail: '{"ok":true}',
        prev_hash: bytes('h1'),
        hash: bytes('h2')
      }
    ])
  })

  it('adds the connections and keys tables with their indexes, and an inventory can point at stored secrets', () => {
    const { db } = store
    seedSchema1(db)
    const { added, removed } = runStep(db, 2)
    expect(added).toEqual([
      'index connections_credential',
      'index keys_expires_at',
      'index keys_last_used_at',
      'index keys_secret_id',
      'index keys_status',
      'index sqlite_autoindex_connections_1',
      'index sqlite_autoindex_connections_2',
      'index sqlite_autoindex_keys_1',
      'index sqlite_autoindex_keys_2',
      'table connections',
      'table keys'
    ])
    expect(removed).toEqual([])
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, credential_secret_id, created_at, updated_at)
       VALUES ('c1', 'Prod Cycle', 'cycle', 'https://cycle.example.test', 'prod', 'sec-a', 1, 1)`
    ).run()
    db.prepare(
      `INSERT INTO keys (id, connection_id, hub_key_id, name, status, secret_id, synced_at)
       VALUES ('k1', 'c1', 'hk-1', 'deploy bot', 'active', 'sec-b', 2)`
    ).run()
    expect(db.prepare('SELECT tenant, scopes, ip_rules, tags, secret_id FROM keys').get()).toEqual({
      tenant: '',
      scopes: '[]',
      ip_rules: '[]',
      tags: '[]',
      secret_id: 'sec-b'
    })
  })

  describe('after it', () => {
    const insertConnection = (
      db: SqliteDb,
      id: string,
      name: string,
      kind = 'cycle',
      environment = 'dev'
    ): void => {
      db.prepare(
        `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
         VALUES (?, ?, ?, 'https://x.example.test', ?, 1, 1)`
      ).run(id, name, kind, environment)
    }
    const count = (table: string): number =>
      store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

    beforeEach(() => {
      const { db } = store
      runStep(db, 2)
      db.prepare("INSERT INTO secrets VALUES ('cred', 'connection', 1, x'01', 1, 1)").run()
      db.prepare("INSERT INTO secrets VALUES ('captured', 'key', 1, x'02', 1, 1)").run()
      db.prepare(
        `INSERT INTO connections (id, name, kind, base_url, environment, credential_secret_id, created_at, updated_at)
         VALUES ('c1', 'Staging DCT', 'dct', 'https://dct.example.test', 'staging', 'cred', 1, 1)`
      ).run()
      db.prepare(
        `INSERT INTO keys (id, connection_id, tenant, hub_key_id, status, secret_id, synced_at)
         VALUES ('k1', 'c1', 't1', 'hk-1', 'active', 'captured', 1)`
      ).run()
    })

    it('accepts only known hub kinds and environments, and names unique regardless of case', () => {
      const { db } = store
      expect(() => insertConnection(db, 'c2', 'Other', 'github')).toThrow(/CHECK/)
      expect(() => insertConnection(db, 'c2', 'Other', 'cycle', 'qa')).toThrow(/CHECK/)
      expect(() => insertConnection(db, 'c2', 'staging dct')).toThrow(/UNIQUE/)
      for (const kind of ['cycle', 'dct', 'optidash', 'datahub', 'dmhub'])
        insertConnection(db, `c-${kind}`, kind, kind)
      expect(count('connections')).toBe(6)
    })

    it('knows each hub key once per connection and tenant, tenantless hubs included', () => {
      const { db } = store
      const insert = db.prepare(
        "INSERT INTO keys (id, connection_id, hub_key_id, status, synced_at) VALUES (?, 'c1', ?, 'active', 1)"
      )
      insert.run('k2', 'hk-9')
      expect(() => insert.run('k3', 'hk-9')).toThrow(/UNIQUE/)
      expect(() =>
        db
          .prepare(
            "INSERT INTO keys (id, connection_id, hub_key_id, status, synced_at) VALUES ('k4', 'nope', 'x', 'a', 1)"
          )
          .run()
      ).toThrow(/FOREIGN KEY/)
      expect(() => db.prepare("UPDATE keys SET ip_rules = '[' WHERE id = 'k1'").run()).toThrow(
        /CHECK/
      )
    })

    it('protects a connection credential, unlinks a deleted captured secret and drops keys with their connection', () => {
      const { db } = store
      expect(() => db.prepare("DELETE FROM secrets WHERE id = 'cred'").run()).toThrow(/FOREIGN KEY/)
      db.prepare("DELETE FROM secrets WHERE id = 'captured'").run()
      expect(db.prepare("SELECT secret_id FROM keys WHERE id = 'k1'").pluck().get()).toBeNull()
      db.prepare("DELETE FROM connections WHERE id = 'c1'").run()
      expect(count('keys')).toBe(0)
      expect(count('secrets')).toBe(1)
    })
  })
})
