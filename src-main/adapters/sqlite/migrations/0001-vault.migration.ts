// Schema step 1 of the local store (vault, unlock back-off, sealed secrets, audit log); main process only. Never edit a shipped step: add a new one.
import { applicationId, type Migration } from '../migration'

export const migration0001: Migration = {
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
}
