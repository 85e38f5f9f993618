// Schema step 2 of the local store (hub connections and the key inventory); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0002: Migration = {
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
}
