// Integration tests for the schema migrations on real better-sqlite3: each step from data of the step before, idempotence, refusals.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, StoreError, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import {
  applicationId,
  migrate,
  migrations,
  readSchemaVersion,
  schemaVersion,
  type Migration
} from '../../../src-main/adapters/sqlite/migrations'

let root: string
let db: SqliteDb

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-migrate-'))
  db = openDatabase({ dataDir: root }).db
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(root, { recursive: true, force: true })
})

const schemaOf = (target: SqliteDb): unknown[] =>
  target.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all()
const tablesOf = (target: SqliteDb): string[] =>
  target
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .pluck()
    .all() as string[]
const count = (table: string): number =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8')

interface MigrationCase {
  /** Puts data into a database at schema `version - 1`. */
  seed: (target: SqliteDb) => void
  /** Runs at schema `version`: the seeded data is intact and the new schema works. */
  check: (target: SqliteDb) => void
}

/** One entry per migration; the first test fails when a new migration arrives without one. */
const cases: Record<number, MigrationCase> = {
  1: {
    // Schema 0 is the empty file openDatabase creates: there is no earlier Hubkeys data to keep.
    seed: (target) => expect(tablesOf(target)).toEqual([]),
    check: (target) => {
      expect(tablesOf(target)).toEqual(['audit_log', 'secrets', 'unlock_throttle', 'vault'])
      expect(target.pragma('application_id', { simple: true })).toBe(applicationId)
      expect(target.prepare('SELECT failures, last_failure_at FROM unlock_throttle').all()).toEqual(
        [{ failures: 0, last_failure_at: null }]
      )
    }
  },
  2: {
    seed: (target) => {
      target
        .prepare(
          `INSERT INTO vault (id, vault_id, kdf_params, salt, wrapped_key, created_at, updated_at,
             remember_backend, remember_blob) VALUES (1, 'v-1', ?, ?, ?, 10, 20, 'gnome_libsecret', ?)`
        )
        .run(
          '{"alg":"argon2id","m":65536,"t":3,"p":4}',
          bytes('salt-16-bytes!!!'),
          bytes('wrapped'),
          bytes('os')
        )
      target
        .prepare('UPDATE unlock_throttle SET failures = 3, last_failure_at = 1234 WHERE id = 1')
        .run()
      const secret = target.prepare('INSERT INTO secrets VALUES (?, ?, ?, ?, ?, ?)')
      secret.run('sec-a', 'connection', 1, bytes('sealed-a'), 30, 31)
      secret.run('sec-b', 'key', 7, bytes('sealed-b'), 40, 41)
      const audit = target.prepare(
        'INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'
      )
      audit.run(50, 'user', 'vault.create', null, null, null, bytes('h1'))
      audit.run(60, 'user', 'vault.unlock', 'v-1', '{"ok":true}', bytes('h1'), bytes('h2'))
    },
    check: (target) => {
      expect(target.prepare('SELECT * FROM vault').all()).toEqual([
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
      expect(target.prepare('SELECT * FROM unlock_throttle').all()).toEqual([
        { id: 1, failures: 3, last_failure_at: 1234 }
      ])
      expect(target.prepare('SELECT * FROM secrets ORDER BY id').all()).toEqual([
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
        target
          .prepare('SELECT seq, at, action, target, detail, prev_hash, hash FROM audit_log')
          .all()
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
      // The new tables hold an inventory that points at the secrets already stored.
      target
        .prepare(
          `INSERT INTO connections (id, name, kind, base_url, environment, credential_secret_id, created_at, updated_at)
           VALUES ('c1', 'Prod Cycle', 'cycle', 'https://cycle.example.test', 'prod', 'sec-a', 1, 1)`
        )
        .run()
      target
        .prepare(
          `INSERT INTO keys (id, connection_id, hub_key_id, name, status, secret_id, synced_at)
           VALUES ('k1', 'c1', 'hk-1', 'deploy bot', 'active', 'sec-b', 2)`
        )
        .run()
      expect(target.prepare('SELECT tenant, scopes, tags, secret_id FROM keys').get()).toEqual({
        tenant: '',
        scopes: '[]',
        tags: '[]',
        secret_id: 'sec-b'
      })
    }
  },
  3: {
    seed: (target) => {
      target
        .prepare(
          `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
         VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
        )
        .run()
      target
        .prepare(
          `INSERT INTO keys (id, connection_id, hub_key_id, name, status, synced_at)
         VALUES ('k-1', 'c-1', '65f0c0ffee0000000000beef', 'deploy-bot', 'active', 5)`
        )
        .run()
    },
    check: (target) => {
      expect(target.prepare('SELECT id, name, status, oddities FROM keys').all()).toEqual([
        { id: 'k-1', name: 'deploy-bot', status: 'active', oddities: '[]' }
      ])
      expect(() =>
        target.prepare(`UPDATE keys SET oddities = 'not json' WHERE id = 'k-1'`).run()
      ).toThrow()
    }
  },
  4: {
    seed: (target) => {
      target
        .prepare(
          `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
           VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
        )
        .run()
      target
        .prepare(
          `INSERT INTO keys (id, connection_id, hub_key_id, name, status, tags, notes, synced_at)
           VALUES ('k-1', 'c-1', '65f0c0ffee0000000000beef', 'grafana-readonly', 'active', '["observability"]', 'owned by SRE', 5)`
        )
        .run()
    },
    check: (target) => {
      const search = (query: string) =>
        target
          .prepare(
            'SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH ?'
          )
          .all(query)
      // Keys that existed before the migration are searchable by name, id prefix, hub, tag and note.
      for (const query of ['grafana', '65f0c*', 'cycle', 'observability', 'sre']) {
        expect(search(query)).toEqual([{ id: 'k-1' }])
      }
      target.prepare(`UPDATE connections SET name = 'Cycle production' WHERE id = 'c-1'`).run()
      expect(search('production')).toEqual([{ id: 'k-1' }])
      target.prepare(`UPDATE keys SET name = 'loki-writer' WHERE id = 'k-1'`).run()
      expect(search('grafana')).toEqual([])
      expect(search('loki')).toEqual([{ id: 'k-1' }])
      target.prepare(`DELETE FROM keys WHERE id = 'k-1'`).run()
      expect(search('loki')).toEqual([])
      expect(tablesOf(target)).toEqual(
        expect.arrayContaining(['drift', 'key_snapshots', 'saved_filters', 'sync_runs'])
      )
    }
  },
  // Step 5 has its own test in migrations/0005-missing-keys-partial-syncs.migration.test.ts.
  5: {
    seed: (target) => {
      target
        .prepare(
          `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
           VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
        )
        .run()
      target
        .prepare(
          `INSERT INTO keys (id, connection_id, hub_key_id, name, status, synced_at)
           VALUES ('k-1', 'c-1', 'hub-1', 'grafana', 'active', 5)`
        )
        .run()
    },
    check: (target) => {
      expect(target.prepare('SELECT status, missing_since, deleted_at FROM keys').get()).toEqual({
        status: 'active',
        missing_since: null,
        deleted_at: null
      })
    }
  }
}

describe('migrations', () => {
  it('has a data-carrying test case for every migration, numbered 1..n', () => {
    expect(migrations.map((step) => step.version)).toEqual(migrations.map((_, index) => index + 1))
    expect(Object.keys(cases).map(Number)).toEqual(migrations.map((step) => step.version))
    expect(schemaVersion).toBe(migrations.length)
  })

  describe.each(migrations.map((step) => [step.version, step.name, step] as const))(
    'migration %i (%s)',
    (version, _name, step: Migration) => {
      it('migrates a database holding data from the previous version, keeping that data', () => {
        expect(migrate(db, { to: version - 1 })).toEqual({ from: 0, to: version - 1 })
        const testCase = cases[step.version]
        if (!testCase) throw new Error(`migration ${version} has no test case`)
        testCase.seed(db)
        expect(migrate(db, { to: version })).toEqual({ from: version - 1, to: version })
        expect(readSchemaVersion(db)).toBe(version)
        testCase.check(db)
        expect(db.pragma('foreign_key_check')).toEqual([])
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      })
    }
  )

  it('brings a fresh database to the newest schema in one call and then does nothing', () => {
    expect(migrate(db)).toEqual({ from: 0, to: schemaVersion })
    const schema = schemaOf(db)
    expect(migrate(db)).toEqual({ from: schemaVersion, to: schemaVersion })
    expect(migrate(db, { to: 1 })).toEqual({ from: schemaVersion, to: schemaVersion })
    expect(schemaOf(db)).toEqual(schema)
  })

  it('refuses a database from a newer build without touching it', () => {
    migrate(db)
    db.pragma(`user_version = ${schemaVersion + 5}`)
    const schema = schemaOf(db)

    const error = thrown(() => migrate(db))
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('NEWER_VERSION')
    expect((error as StoreError).message).toBe(
      `This data was written by a newer Hubkeys (schema ${schemaVersion + 5}, this build knows ${schemaVersion}); update Hubkeys.`
    )
    expect(readSchemaVersion(db)).toBe(schemaVersion + 5)
    expect(schemaOf(db)).toEqual(schema)
  })

  it('rolls every pending step back when one fails, leaving schema 0 as it was', () => {
    const first = migrations[0] as Migration
    const broken: Migration = {
      version: 2,
      name: 'fails half-way',
      up: (target) => {
        target.exec('CREATE TABLE half_done (x TEXT)')
        throw new Error('boom')
      }
    }
    const error = thrown(() => migrate(db, { list: [first, broken] }))
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('IO')
    expect((error as StoreError).message).toMatch(
      /^Hubkeys could not upgrade its data file to schema 2 .*nothing was changed\.$/
    )
    expect(readSchemaVersion(db)).toBe(0)
    expect(tablesOf(db)).toEqual([])
    expect(db.pragma('application_id', { simple: true })).toBe(0)
  })

  it('rejects a misnumbered list and an impossible target', () => {
    expect(() => migrate(db, { list: [{ version: 2, name: 'gap', up: () => undefined }] })).toThrow(
      /expected 1/
    )
    expect(() => migrate(db, { to: schemaVersion + 1 })).toThrow(RangeError)
    expect(() => migrate(db, { to: -1 })).toThrow(RangeError)
    expect(readSchemaVersion(db)).toBe(0)
  })
})

describe('schema rules', () => {
  beforeEach(() => {
    migrate(db)
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

  const insertConnection = (
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

  it('keeps a single vault row and stores the device key with its backend or not at all', () => {
    const insert = db.prepare(
      `INSERT INTO vault (id, vault_id, kdf_params, salt, wrapped_key, created_at, updated_at, remember_backend, remember_blob)
       VALUES (?, ?, '{}', x'00', x'00', 1, 1, ?, ?)`
    )
    expect(() => insert.run(2, 'v', null, null)).toThrow(/CHECK/)
    expect(() => insert.run(1, 'v', 'kwallet', null)).toThrow(/CHECK/)
    insert.run(1, 'v', null, null)
    expect(() => insert.run(1, 'w', null, null)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => db.prepare("UPDATE vault SET kdf_params = 'not json'").run()).toThrow(/CHECK/)
  })

  it('keeps the audit log append-only', () => {
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, hash) VALUES (1, 'user', 'x', x'01')"
    ).run()
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/)
  })

  it('accepts only known hub kinds and environments, and names unique regardless of case', () => {
    expect(() => insertConnection('c2', 'Other', 'github')).toThrow(/CHECK/)
    expect(() => insertConnection('c2', 'Other', 'cycle', 'qa')).toThrow(/CHECK/)
    expect(() => insertConnection('c2', 'staging dct')).toThrow(/UNIQUE/)
    for (const kind of ['cycle', 'dct', 'optidash', 'datahub', 'dmhub'])
      insertConnection(`c-${kind}`, kind, kind)
    expect(count('connections')).toBe(6)
  })

  it('knows each hub key once per connection and tenant, tenantless hubs included', () => {
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
    expect(() => db.prepare("DELETE FROM secrets WHERE id = 'cred'").run()).toThrow(/FOREIGN KEY/)
    db.prepare("DELETE FROM secrets WHERE id = 'captured'").run()
    expect(db.prepare("SELECT secret_id FROM keys WHERE id = 'k1'").pluck().get()).toBeNull()
    db.prepare("DELETE FROM connections WHERE id = 'c1'").run()
    expect(count('keys')).toBe(0)
    expect(count('secrets')).toBe(1)
  })
})
