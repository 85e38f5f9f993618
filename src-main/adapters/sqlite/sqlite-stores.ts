// Opens the store once and builds every repository on that one connection (shared transactions); plain Node or Electron.
import { createSqliteAuditStore } from './audit.repository'
import { createSqliteInventoryStore } from './inventory.repository'
import { createSqliteInventoryQueryStore } from './inventory-query.repository'
import { createSqliteSavedFiltersStore } from './saved-filters.repository'
import { openStore, type OpenDatabaseOptions, type SqliteDb } from './open-db'
import { createSqliteSyncStore } from './sync.repository'
import { createSqliteVaultStore } from './vault.repository'
import { createSqliteBackupStore } from './backup.repository'
import { createSqliteUsageStore } from './usage.repository'
import { createSqliteRotationStore } from './rotation.repository'

export const openSqliteStores = (options: OpenDatabaseOptions) => {
  const opened = openStore(options)
  const db: SqliteDb = opened.db
  return {
    db,
    path: opened.path,
    backupBeforeMigration: opened.backupBeforeMigration,
    vaultStore: createSqliteVaultStore(db),
    inventory: createSqliteInventoryStore(db),
    syncStore: createSqliteSyncStore(db),
    inventoryQuery: createSqliteInventoryQueryStore(db),
    savedFilters: createSqliteSavedFiltersStore(db),
    audit: createSqliteAuditStore(db),
    backups: createSqliteBackupStore(db, opened.path),
    usage: createSqliteUsageStore(db),
    rotations: createSqliteRotationStore(db),
    close: () => db.close()
  }
}
