// Schema step 11 of the local store (the rotation journal: one row per rotation, at most one unfinished per key); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0011: Migration = {
  version: 11,
  name: 'rotation journal and policies',
  up: (db) => {
    db.exec(`
      -- DESIGN.md section 6. The engine commits each state before the hub call it leads to, and
      -- NEW_STORED in the same transaction that seals the new secret, so a crash at any point
      -- leaves a row that says what to check at the hub. No secret is ever written here: the
      -- secret ids point into the secrets table.
      CREATE TABLE rotation_journal (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        old_hub_key_id TEXT NOT NULL,
        old_secret_id TEXT,
        strategy TEXT NOT NULL CHECK (strategy IN ('create-verify-delete', 'reset-cutover',
          'create-verify-retire', 'guided', 'regenerate-own')),
        state TEXT NOT NULL CHECK (state IN ('PLANNED', 'NEW_REQUESTED', 'NEW_STORED',
          'NEW_VERIFIED', 'SWITCHED', 'OLD_REVOKED', 'DONE', 'ROLLED_BACK', 'FAILED')),
        token TEXT NOT NULL UNIQUE,
        -- The name the next (or last) create asks for, committed before the call: after a crash it
        -- names the key the hub may hold without Hubkeys holding its value.
        requested_name TEXT,
        new_key_id TEXT,
        new_hub_key_id TEXT,
        new_secret_id TEXT,
        grace_ms INTEGER NOT NULL DEFAULT 0 CHECK (grace_ms >= 0),
        grace_until INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER,
        notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- One rotation per key at a time: a second start while one is unfinished is a conflict.
      CREATE UNIQUE INDEX rotation_journal_one_per_key ON rotation_journal (key_id)
        WHERE state NOT IN ('DONE', 'ROLLED_BACK', 'FAILED');
      CREATE INDEX rotation_journal_created ON rotation_journal (created_at);
      -- A connection's rotation policy: keys older than this are proposed for rotation, never
      -- rotated unasked.
      CREATE TABLE rotation_policies (
        connection_id TEXT PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
        max_age_days INTEGER NOT NULL CHECK (max_age_days BETWEEN 1 AND 3650),
        updated_at INTEGER NOT NULL
      );
    `)
  }
}
