// The local store's schema as an ordered list of migrations on PRAGMA user_version, and the runner; main process only.
import type Database from 'better-sqlite3'
import { StoreError } from '../../core/ports/store-error'
import { reasonFor } from './sqlite-errors'

export type SqliteDb = Database.Database

/**
 * One schema step. `up` runs inside the runner's transaction, so it must not change
 * `foreign_keys` or `journal_mode` (SQLite ignores those inside a transaction); rebuild a table
 * with the create-copy-drop-rename procedure instead. Never edit a shipped step: add a new one.
 */
export interface Migration {
  version: number
  name: string
  up: (db: SqliteDb) => void
}

/** 'HbKy': lets `file` and support tools tell a Hubkeys store from any other SQLite file. */
export const applicationId = 0x48624b79

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'vault, unlock back-off, sealed secrets, audit log',
    up: (db) => {
      db.pragma(`application_id = ${applicationId}`)
      db.exec(`
        CREATE TABLE vault (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          vault_id TEXT NOT NULL UNIQUE,
          kdf_params TEXT NOT NULL CHECK (json_valid(kdf_params)),
          salt BLOB NOT NULL,
          wrapped_key BLOB NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          remember_backend TEXT,
          remember_blob BLOB,
          CHECK ((remember_backend IS NULL) = (remember_blob IS NULL))
        ) STRICT;

        CREATE TABLE unlock_throttle (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
          last_failure_at INTEGER
        ) STRICT;
        INSERT INTO unlock_throttle (id, failures, last_failure_at) VALUES (1, 0, NULL);

        CREATE TABLE secrets (
          id TEXT PRIMARY KEY,
          owner_kind TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 0),
          sealed BLOB NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
          prev_hash BLOB,
          hash BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_log_at ON audit_log (at);
        -- The chain makes edits detectable; refusing them outright keeps honest code from making any.
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
      `)
    }
  },
  {
    version: 2,
    name: 'hub connections and the key inventory',
    up: (db) => {
      db.exec(`
        CREATE TABLE connections (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL COLLATE NOCASE UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('cycle', 'dct', 'optidash', 'datahub', 'dmhub')),
          base_url TEXT NOT NULL,
          settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
          colour TEXT,
          environment TEXT NOT NULL CHECK (environment IN ('prod', 'staging', 'dev')),
          -- RESTRICT: a connection's credential cannot vanish while the connection exists.
          credential_secret_id TEXT REFERENCES secrets (id) ON DELETE RESTRICT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX connections_credential ON connections (credential_secret_id);

        CREATE TABLE keys (
          id TEXT PRIMARY KEY,
          connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
          -- '' for hubs without tenants: NULLs would make the UNIQUE below let duplicates in.
          tenant TEXT NOT NULL DEFAULT '',
          hub_key_id TEXT NOT NULL,
          name TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL,
          role TEXT,
          scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes)),
          ip_rules TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ip_rules)),
          headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(headers)),
          created_at INTEGER,
          expires_at INTEGER,
          last_used_at INTEGER,
          usage_7d INTEGER,
          usage_30d INTEGER,
          owner TEXT,
          notes TEXT,
          tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
          fingerprint TEXT,
          secret_id TEXT REFERENCES secrets (id) ON DELETE SET NULL,
          synced_at INTEGER NOT NULL,
          UNIQUE (connection_id, tenant, hub_key_id)
        ) STRICT;
        CREATE INDEX keys_expires_at ON keys (expires_at);
        CREATE INDEX keys_last_used_at ON keys (last_used_at);
        CREATE INDEX keys_status ON keys (status);
        CREATE INDEX keys_secret_id ON keys (secret_id);
      `)
    }
  },
  {
    version: 3,
    name: 'what a hub sent that was odd, kept per key',
    up: (db) => {
      db.exec(`
        ALTER TABLE keys ADD COLUMN oddities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(oddities));
      `)
    }
  },
  {
    version: 4,
    name: 'sync runs, snapshots, drift, saved filters and full-text search',
    up: (db) => {
      db.exec(`
        CREATE TABLE sync_runs (
          id TEXT PRIMARY KEY,
          connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
          started_at INTEGER NOT NULL,
          finished_at INTEGER,
          status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
          error_code TEXT,
          error TEXT,
          pages INTEGER NOT NULL DEFAULT 0,
          keys_seen INTEGER NOT NULL DEFAULT 0,
          added INTEGER NOT NULL DEFAULT 0,
          removed INTEGER NOT NULL DEFAULT 0,
          changed INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX sync_runs_connection ON sync_runs (connection_id, started_at);

        -- One row per successful sync of a connection: the whole normalised key list, compressed.
        CREATE TABLE key_snapshots (
          sync_run_id TEXT PRIMARY KEY REFERENCES sync_runs (id) ON DELETE CASCADE,
          connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
          taken_at INTEGER NOT NULL,
          key_count INTEGER NOT NULL,
          body BLOB NOT NULL
        ) STRICT;
        CREATE INDEX key_snapshots_connection ON key_snapshots (connection_id, taken_at);

        -- What changed between two snapshots, per key. key_id stays after the key is removed.
        CREATE TABLE drift (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
          sync_run_id TEXT REFERENCES sync_runs (id) ON DELETE SET NULL,
          key_id TEXT NOT NULL,
          tenant TEXT NOT NULL DEFAULT '',
          hub_key_id TEXT NOT NULL,
          key_name TEXT NOT NULL,
          at INTEGER NOT NULL,
          change TEXT NOT NULL CHECK (change IN ('added', 'removed', 'renamed', 'ip-rules', 'role', 'status', 'expiry', 'scopes', 'headers')),
          before TEXT CHECK (before IS NULL OR json_valid(before)),
          after TEXT CHECK (after IS NULL OR json_valid(after))
        ) STRICT;
        CREATE INDEX drift_key ON drift (key_id, at);
        CREATE INDEX drift_connection ON drift (connection_id, at);

        CREATE TABLE saved_filters (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL COLLATE NOCASE UNIQUE,
          query TEXT NOT NULL CHECK (json_valid(query)),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE INDEX keys_name ON keys (name COLLATE NOCASE, id);
        CREATE INDEX keys_created_at ON keys (created_at);

        -- Search over name, ids, tenant, hub, tags and notes. Contentless (the keys table holds the
        -- text) with contentless_delete so rows can be removed by rowid alone.
        CREATE VIRTUAL TABLE keys_fts USING fts5(
          name, hub_key_id, tenant, connection, kind, tags, notes,
          content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE TRIGGER keys_fts_insert AFTER INSERT ON keys BEGIN
          INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
          SELECT new.rowid, new.name, new.hub_key_id, new.tenant, c.name, c.kind, new.tags, coalesce(new.notes, '')
          FROM connections c WHERE c.id = new.connection_id;
        END;
        CREATE TRIGGER keys_fts_update AFTER UPDATE OF name, hub_key_id, tenant, tags, notes ON keys BEGIN
          DELETE FROM keys_fts WHERE rowid = old.rowid;
          INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
          SELECT new.rowid, new.name, new.hub_key_id, new.tenant, c.name, c.kind, new.tags, coalesce(new.notes, '')
          FROM connections c WHERE c.id = new.connection_id;
        END;
        CREATE TRIGGER keys_fts_delete AFTER DELETE ON keys BEGIN
          DELETE FROM keys_fts WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER keys_fts_connection_renamed AFTER UPDATE OF name ON connections BEGIN
          DELETE FROM keys_fts WHERE rowid IN (SELECT rowid FROM keys WHERE connection_id = new.id);
          INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
          SELECT k.rowid, k.name, k.hub_key_id, k.tenant, new.name, new.kind, k.tags, coalesce(k.notes, '')
          FROM keys k WHERE k.connection_id = new.id;
        END;
        -- Keys that existed before this migration.
        INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
        SELECT k.rowid, k.name, k.hub_key_id, k.tenant, c.name, c.kind, k.tags, coalesce(k.notes, '')
        FROM keys k JOIN connections c ON c.id = k.connection_id;
      `)
    }
  }
]

const checkList = (list: readonly Migration[]): void => {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}.`
      )
    }
  })
}
checkList(migrations)

/** The schema version this build writes. */
export const schemaVersion = migrations.length

export const readSchemaVersion = (db: SqliteDb): number =>
  db.pragma('user_version', { simple: true }) as number

export const newerVersionError = (found: number, known: number = schemaVersion): StoreError =>
  new StoreError(
    'NEWER_VERSION',
    `This data was written by a newer Hubkeys (schema ${found}, this build knows ${known}); update Hubkeys.`
  )

export interface MigrateOptions {
  /** Stop at this version instead of the newest (tests seed old versions with it). */
  to?: number
  /** Another list (tests); defaults to `migrations`. */
  list?: readonly Migration[]
}

export interface MigrateResult {
  from: number
  to: number
}

/**
 * Brings the database up to date: every pending step and the new user_version commit together or
 * not at all. A database from a newer build is refused before anything is written.
 */
export const migrate = (db: SqliteDb, options: MigrateOptions = {}): MigrateResult => {
  const list = options.list ?? migrations
  checkList(list)
  const target = options.to ?? list.length
  if (!Number.isInteger(target) || target < 0 || target > list.length) {
    throw new RangeError(
      `Cannot migrate to schema ${target}; this build knows 0 to ${list.length}.`
    )
  }
  const before = readSchemaVersion(db)
  if (before > list.length) throw newerVersionError(before, list.length)
  if (before >= target) return { from: before, to: before }

  const run = db.transaction((): MigrateResult => {
    // Read again under the write lock: another process may have migrated since the first look.
    const from = readSchemaVersion(db)
    if (from > list.length) throw newerVersionError(from, list.length)
    for (const step of list.slice(from, target)) {
      step.up(db)
      db.pragma(`user_version = ${step.version}`)
    }
    const broken = db.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0) throw new Error(`The migration left ${broken.length} broken references.`)
    return { from, to: Math.max(from, target) }
  })
  try {
    // IMMEDIATE takes the write lock up front, so two processes cannot both run the same step.
    return run.immediate()
  } catch (error) {
    if (error instanceof StoreError) throw error
    throw new StoreError(
      'IO',
      `Hubkeys could not upgrade its data file to schema ${target} because ${reasonFor(error)}; nothing was changed.`,
      { cause: error }
    )
  }
}
