// Schema step 5 of the local store (keys missing at the hub or deleted through Hubkeys are kept, and syncs that applied only part of a listing are marked); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0005: Migration = {
  version: 5,
  name: 'keys missing at the hub or deleted through Hubkeys are kept; partial syncs',
  up: (db) => {
    db.exec(`
      -- When a complete listing first lacked the key (status 'missing'); NULL while the hub lists it.
      -- synced_at stays the last time a listing contained the key.
      ALTER TABLE keys ADD COLUMN missing_since INTEGER;
      -- When Hubkeys deleted the key at the hub (status 'deleted'); a later sync keeps that status.
      ALTER TABLE keys ADD COLUMN deleted_at INTEGER;
      -- 1: the listing ended early (error, timeout, cancel; status says which) and the keys it saw
      -- were applied; nothing was marked missing.
      ALTER TABLE sync_runs ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1));
    `)
  }
}
