// Schema step 8 of the local store (a sync fills the search index in bulk; the update trigger re-indexes only rows whose searched text changed); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0008: Migration = {
  version: 8,
  name: 'bulk search indexing for syncs, re-indexing only changed text',
  up: (db) => {
    db.exec(`
      -- Holds its one row only inside a sync's write transaction: the per-row insert trigger then
      -- stands aside and the sync indexes its new rows with one INSERT ... SELECT, several times
      -- faster than a trigger per row. The row is removed before the transaction commits, so every
      -- other writer (and any crash) sees the table empty and the trigger at work.
      CREATE TABLE keys_fts_deferred (
        id INTEGER PRIMARY KEY CHECK (id = 1)
      ) STRICT;
      DROP TRIGGER keys_fts_insert;
      CREATE TRIGGER keys_fts_insert AFTER INSERT ON keys
      WHEN NOT EXISTS (SELECT 1 FROM keys_fts_deferred) BEGIN
        INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
        SELECT new.rowid, new.name, new.hub_key_id, new.tenant, c.name, c.kind, new.tags, coalesce(new.notes, '')
        FROM connections c WHERE c.id = new.connection_id;
      END;
      -- A sync rewrites name on every changed key; only a change of searched text re-indexes it.
      DROP TRIGGER keys_fts_update;
      CREATE TRIGGER keys_fts_update AFTER UPDATE OF name, hub_key_id, tenant, tags, notes ON keys
      WHEN old.name IS NOT new.name OR old.hub_key_id IS NOT new.hub_key_id
        OR old.tenant IS NOT new.tenant OR old.tags IS NOT new.tags OR old.notes IS NOT new.notes
      BEGIN
        DELETE FROM keys_fts WHERE rowid = old.rowid;
        INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes)
        SELECT new.rowid, new.name, new.hub_key_id, new.tenant, c.name, c.kind, new.tags, coalesce(new.notes, '')
        FROM connections c WHERE c.id = new.connection_id;
      END;
    `)
  }
}
