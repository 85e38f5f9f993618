// Schema step 7 of the local store (an index for every key-table sort that had none: tenant, role, 7-day and 30-day usage); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0007: Migration = {
  version: 7,
  name: 'indexes for the tenant, role and usage sorts',
  up: (db) => {
    db.exec(`
      -- Each holds (value, rowid): exactly the order of the sort and its rowid tie-breaker in
      -- inventory-query/sort-orders.ts, so a page walks the index and stops instead of sorting
      -- every key. The text sorts ignore ASCII case, so their indexes must collate the same way.
      -- The NULL rows of role and usage sit together in these indexes too, in rowid order, which
      -- is how the page after the last value reads them.
      CREATE INDEX keys_tenant ON keys (tenant COLLATE NOCASE);
      CREATE INDEX keys_role ON keys (role COLLATE NOCASE);
      CREATE INDEX keys_usage_7d ON keys (usage_7d);
      CREATE INDEX keys_usage_30d ON keys (usage_30d);
    `)
  }
}
