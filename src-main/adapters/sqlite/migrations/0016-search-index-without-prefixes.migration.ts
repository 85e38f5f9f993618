// Schema step 16 of the local store (the keys' search index without its two- and three-letter prefix indexes, which nearly doubled what indexing a key costs a sync for a millisecond or two on short searches); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

/** Step 15's columns, unchanged. */
const searchColumns = 'name, hub_key_id, tenant, tags, notes, role, conn'

export const migration0016: Migration = {
  version: 16,
  name: 'search index without prefix indexes',
  up: (db) => {
    // Step 15's triggers and view stay: they name keys_fts, which is found again by name when
    // they run. Prefix searches ("acm"*) still match; FTS5 reads them from the terms' index.
    db.exec(`
      DROP TABLE keys_fts;
      CREATE VIRTUAL TABLE keys_fts USING fts5(
        ${searchColumns},
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO keys_fts (rowid, ${searchColumns}) SELECT rid, ${searchColumns} FROM keys_search_text;
    `)
  }
}
