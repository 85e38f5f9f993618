// Schema step 15 of the local store (the search index holds one token per key for its connection instead of the connection's name and kind, which a small index of connections answers, so renaming a connection re-indexes no key); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

/** What the search index holds per key: step 9's columns less connection and kind, plus conn. */
const searchColumns = 'name, hub_key_id, tenant, tags, notes, role, conn'
const tokenizer = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'`

/** Indexes again the keys holding the role a hub_names row (`new` or `old`) names. */
const reindexRoleKeys = (row: 'new' | 'old') => `
        DELETE FROM keys_fts WHERE rowid IN
          (SELECT rowid FROM keys WHERE connection_id = ${row}.connection_id AND role = ${row}.hub_id);
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text
        WHERE connection_id = ${row}.connection_id AND role_id = ${row}.hub_id;`

export const migration0015: Migration = {
  version: 15,
  name: 'search by connection token',
  up: (db) => {
    db.exec(`
      -- Connections' searched words (name, kind), tokenised as the keys' index is. A search word
      -- they match becomes "or the key's conn token is one of theirs" (inventory-query.ts). The
      -- table keeps its own copy of the id: it never depends on the connections' rowids.
      CREATE VIRTUAL TABLE connections_fts USING fts5(id UNINDEXED, name, kind, ${tokenizer});
      INSERT INTO connections_fts (id, name, kind) SELECT id, name, kind FROM connections;
      CREATE TRIGGER connections_fts_insert AFTER INSERT ON connections BEGIN
        INSERT INTO connections_fts (id, name, kind) VALUES (new.id, new.name, new.kind);
      END;
      CREATE TRIGGER connections_fts_update AFTER UPDATE OF id, name, kind ON connections BEGIN
        DELETE FROM connections_fts WHERE id = old.id;
        INSERT INTO connections_fts (id, name, kind) VALUES (new.id, new.name, new.kind);
      END;
      CREATE TRIGGER connections_fts_delete AFTER DELETE ON connections BEGIN
        DELETE FROM connections_fts WHERE id = old.id;
      END;

      -- Step 9's index and its triggers, rebuilt without the connection's name and kind: each key
      -- carries its connection's token instead: U+E000 and the connection id in hex. One token
      -- whatever the id's characters, and none a person types: a private-use character leads it,
      -- so no search word matches it unless the store adds it for a connection the word names.
      DROP TRIGGER keys_fts_insert;
      DROP TRIGGER keys_fts_update;
      DROP TRIGGER keys_fts_delete;
      DROP TRIGGER keys_fts_connection_renamed;
      DROP TRIGGER keys_fts_role_named;
      DROP TRIGGER keys_fts_role_unnamed;
      DROP VIEW keys_search_text;
      DROP TABLE keys_fts;

      CREATE VIEW keys_search_text AS
        SELECT k.rowid AS rid, k.connection_id, k.role AS role_id, k.name, k.hub_key_id, k.tenant,
          k.tags, coalesce(k.notes, '') AS notes,
          trim(coalesce(k.role, '') || ' ' || coalesce((SELECT n.name FROM hub_names n
            WHERE n.connection_id = k.connection_id AND n.kind = 'role' AND n.hub_id = k.role), ''))
            AS role,
          char(57344) || hex(k.connection_id) AS conn
        FROM keys k;
      CREATE VIRTUAL TABLE keys_fts USING fts5(
        ${searchColumns},
        content = '', contentless_delete = 1, ${tokenizer}
      );
      CREATE TRIGGER keys_fts_insert AFTER INSERT ON keys
      WHEN NOT EXISTS (SELECT 1 FROM keys_fts_deferred) BEGIN
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text WHERE rid = new.rowid;
      END;
      CREATE TRIGGER keys_fts_update
      AFTER UPDATE OF connection_id, name, hub_key_id, tenant, tags, notes, role ON keys
      WHEN old.connection_id IS NOT new.connection_id OR old.name IS NOT new.name
        OR old.hub_key_id IS NOT new.hub_key_id OR old.tenant IS NOT new.tenant
        OR old.tags IS NOT new.tags OR old.notes IS NOT new.notes OR old.role IS NOT new.role
      BEGIN
        DELETE FROM keys_fts WHERE rowid = old.rowid;
        INSERT INTO keys_fts (rowid, ${searchColumns})
        SELECT rid, ${searchColumns} FROM keys_search_text WHERE rid = new.rowid;
      END;
      CREATE TRIGGER keys_fts_delete AFTER DELETE ON keys BEGIN
        DELETE FROM keys_fts WHERE rowid = old.rowid;
      END;
      -- A role named, renamed or dropped: the keys holding that role are indexed again.
      CREATE TRIGGER keys_fts_role_named AFTER INSERT ON hub_names WHEN new.kind = 'role' BEGIN
        ${reindexRoleKeys('new')}
      END;
      CREATE TRIGGER keys_fts_role_unnamed AFTER DELETE ON hub_names WHEN old.kind = 'role' BEGIN
        ${reindexRoleKeys('old')}
      END;
      INSERT INTO keys_fts (rowid, ${searchColumns}) SELECT rid, ${searchColumns} FROM keys_search_text;
    `)
  }
}
