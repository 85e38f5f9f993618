// Schema step 4 of the local store (sync runs, snapshots, drift, saved filters and full-text search); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0004: Migration = {
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
