// Schema step 10 of the local store (the usage cache: buckets per key or fileset, fetch ranges, account quota); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0010: Migration = {
  version: 10,
  name: 'usage cache',
  up: (db) => {
    db.exec(`
      -- One row per bucket: the primary key makes a refetch replace a bucket instead of adding a
      -- second one. subject is Hubkeys' key id (scope 'key') or the fileset name ('fileset').
      -- REAL: hubs may send fractional amounts; integers up to 2^53 stay exact.
      CREATE TABLE usage_buckets (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('key', 'fileset')),
        subject TEXT NOT NULL,
        interval TEXT NOT NULL CHECK (interval IN ('minute', 'hour', 'day', 'week', 'month')),
        bucket_start INTEGER NOT NULL,
        requests REAL,
        bytes REAL,
        PRIMARY KEY (connection_id, scope, subject, interval, bucket_start)
      ) STRICT, WITHOUT ROWID;

      -- Which ranges the hub answered in full, when, and what was odd: the age shown with the data,
      -- and the coverage that derivation of coarser intervals checks.
      CREATE TABLE usage_fetches (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('key', 'fileset')),
        subject TEXT NOT NULL,
        interval TEXT NOT NULL CHECK (interval IN ('minute', 'hour', 'day', 'week', 'month')),
        range_from INTEGER NOT NULL,
        range_to INTEGER NOT NULL,
        fetched_at INTEGER NOT NULL,
        oddities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(oddities))
      ) STRICT;
      CREATE INDEX usage_fetches_series ON usage_fetches (connection_id, scope, subject, interval);

      CREATE TABLE usage_quota (
        connection_id TEXT PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
        total REAL,
        used REAL,
        remaining REAL,
        period TEXT,
        fetched_at INTEGER NOT NULL,
        oddities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(oddities))
      ) STRICT;
    `)
  }
}
