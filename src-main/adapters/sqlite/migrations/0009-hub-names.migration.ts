// Schema step 9 of the local store (the names a hub gives its own ids, such as Cycle role names, read at sync so reviews offline show names; search finds keys by role id and name); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

/** What the search index holds for one key: step 4's columns plus its role (id and name). */
const searchColumns = 'name, hub_key_id, tenant, connection, kind, tags, notes, role'

export const migration0009: Migration = {
  version: 9,
  name: 'names the hubs give their role ids; search by role',
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

      -- The text the search index holds per key, in one place for every trigger below.
      CREATE VIEW keys_search_text AS
        SELECT k.rowid AS rid, k.connection_id, k.role AS role_id, k.name, k.hub_key_id, k.tenant,
          c.name AS connection, c.kind, k.tags, coalesce(k.notes, '') AS notes,
          trim(coalesce(k.role, '') || ' ' || coalesce((SELECT n.name FROM hub_names n
            WHERE n.connection_id = k.connection_id AND n.kind = 'role' AND n.hub_id = k.role), ''))
            AS role
        FROM keys k JOIN connections c ON c.id = k.connection_id;

      -- Step 4's index gains a role column: rebuilt, with its triggers, from the keys.
      DROP TRIGGER keys_fts_insert;
      DROP TRIGGER keys_fts_update;
      DROP TRIGGER keys_fts_delete;
      DROP TRIGGER keys_fts_connection_renamed;
      DROP TABLE keys_fts;
      CREATE VIRTUAL TABLE keys_fts USING fts5(
        ${searchColumns},
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      -- Step 8's rules stay: a sync's own bulk indexing makes the insert trigger stand aside, and
      -- an update re-indexes a key only when its searched text (now its role too) changed.
      CREATE TRIGGER keys_fts_insert AFTER INSERT ON keys
      WHEN NOT EXISTS (SELECT 1 FROM keys_fts_deferred) BEGIN
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text WHERE rid = new.rowid;
      END;
      CREATE TRIGGER keys_fts_update AFTER UPDATE OF name, hub_key_id, tenant, tags, notes, role ON keys
      WHEN old.name IS NOT new.name OR old.hub_key_id IS NOT new.hub_key_id
        OR old.tenant IS NOT new.tenant OR old.tags IS NOT new.tags OR old.notes IS NOT new.notes
        OR old.role IS NOT new.role
      BEGIN
        DELETE FROM keys_fts WHERE rowid = old.rowid;
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text WHERE rid = new.rowid;
      END;
      CREATE TRIGGER keys_fts_delete AFTER DELETE ON keys BEGIN
        DELETE FROM keys_fts WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER keys_fts_connection_renamed AFTER UPDATE OF name ON connections BEGIN
        DELETE FROM keys_fts WHERE rowid IN (SELECT rowid FROM keys WHERE connection_id = new.id);
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text WHERE connection_id = new.id;
      END;
      -- A role named, renamed or dropped: the keys holding that role are indexed again.
      CREATE TRIGGER keys_fts_role_named AFTER INSERT ON hub_names WHEN new.kind = 'role' BEGIN
        DELETE FROM keys_fts WHERE rowid IN
          (SELECT rowid FROM keys WHERE connection_id = new.connection_id AND role = new.hub_id);
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text
        WHERE connection_id = new.connection_id AND role_id = new.hub_id;
      END;
      CREATE TRIGGER keys_fts_role_unnamed AFTER DELETE ON hub_names WHEN old.kind = 'role' BEGIN
        DELETE FROM keys_fts WHERE rowid IN
          (SELECT rowid FROM keys WHERE connection_id = old.connection_id AND role = old.hub_id);
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text
        WHERE connection_id = old.connection_id AND role_id = old.hub_id;
      END;
      INSERT INTO keys_fts (rowid, ${searchColumns}) SELECT rid, ${searchColumns} FROM keys_search_text;
    `)
  }
}
