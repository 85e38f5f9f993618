// Schema step 8 of the local store (the names a hub gives its own ids, such as Cycle role names, read at sync so reviews offline show names); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0008: Migration = {
  version: 8,
  name: 'names the hubs give their role ids',
  up: (db) => {
    db.exec(`
      -- One row per id a hub names (kind 'role': a Cycle role id and its name). A sync that reads
      -- the hub's list replaces the connection's rows of that kind; keys keep only the id, so a
      -- renamed role shows its new name on every key at once. Gone with the connection.
      CREATE TABLE hub_names (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('role')),
        hub_id TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (connection_id, kind, hub_id)
      ) WITHOUT ROWID;
    `)
  }
}
