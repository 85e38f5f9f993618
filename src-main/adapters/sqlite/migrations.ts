// The local store's ordered list of migrations on PRAGMA user_version, and the runner; main process only.
import { StoreError } from '../../core/ports/store-error'
import { reasonFor } from './sqlite-errors'
import type { Migration, SqliteDb } from './migration'
import { migration0001 } from './migrations/0001-vault.migration'
import { migration0002 } from './migrations/0002-connections-keys.migration'
import { migration0003 } from './migrations/0003-key-oddities.migration'
import { migration0004 } from './migrations/0004-sync-drift-search.migration'
import { migration0005 } from './migrations/0005-missing-keys-partial-syncs.migration'
import { migration0006 } from './migrations/0006-audit-retention-only.migration'
import { migration0007 } from './migrations/0007-sort-indexes.migration'
import { migration0008 } from './migrations/0008-bulk-search-index.migration'
import { migration0009 } from './migrations/0009-hub-names.migration'
import { migration0010 } from './migrations/0010-usage-buckets.migration'
import { migration0011 } from './migrations/0011-rotation-journal.migration'
import { migration0012 } from './migrations/0012-rotation-lease.migration'
import { migration0013 } from './migrations/0013-usage-chunks.migration'
import { migration0014 } from './migrations/0014-role-sort-label.migration'
import { migration0015 } from './migrations/0015-search-by-connection-token.migration'
import { migration0016 } from './migrations/0016-search-index-without-prefixes.migration'

export { applicationId } from './migration'
export type { Migration, SqliteDb } from './migration'

/**
 * One file per step under `migrations/`, in order; the runner checks the numbering. Each has its own
 * test, test/integration/sqlite/migrations/<same name>.test.ts (seed the step before, run it, check).
 */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016
]

const checkList = (list: readonly Migration[]): void => {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}.`
      )
    }
  })
}
checkList(migrations)

/** The schema version this build writes. */
export const schemaVersion = migrations.length

export const readSchemaVersion = (db: SqliteDb): number =>
  db.pragma('user_version', { simple: true }) as number

export const newerVersionError = (found: number, known: number = schemaVersion): StoreError =>
  new StoreError(
    'NEWER_VERSION',
    `This data was written by a newer Hubkeys (schema ${found}, this build knows ${known}); update Hubkeys.`
  )

export interface MigrateOptions {
  /** Stop at this version instead of the newest (tests seed old versions with it). */
  to?: number
  /** Another list (tests); defaults to `migrations`. */
  list?: readonly Migration[]
}

export interface MigrateResult {
  from: number
  to: number
}

/**
 * Brings the database up to date: every pending step and the new user_version commit together or
 * not at all. A database from a newer build is refused before anything is written.
 */
export const migrate = (db: SqliteDb, options: MigrateOptions = {}): MigrateResult => {
  const list = options.list ?? migrations
  checkList(list)
  const target = options.to ?? list.length
  if (!Number.isInteger(target) || target < 0 || target > list.length) {
    throw new RangeError(
      `Cannot migrate to schema ${target}; this build knows 0 to ${list.length}.`
    )
  }
  const before = readSchemaVersion(db)
  if (before > list.length) throw newerVersionError(before, list.length)
  if (before >= target) return { from: before, to: before }

  const run = db.transaction((): MigrateResult => {
    // Read again under the write lock: another process may have migrated since the first look.
    const from = readSchemaVersion(db)
    if (from > list.length) throw newerVersionError(from, list.length)
    for (const step of list.slice(from, target)) {
      step.up(db)
      db.pragma(`user_version = ${step.version}`)
    }
    const broken = db.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0) throw new Error(`The migration left ${broken.length} broken references.`)
    return { from, to: Math.max(from, target) }
  })
  try {
    // IMMEDIATE takes the write lock up front, so two processes cannot both run the same step.
    return run.immediate()
  } catch (error) {
    if (error instanceof StoreError) throw error
    throw new StoreError(
      'IO',
      `Hubkeys could not upgrade its data file to schema ${target} because ${reasonFor(error)}; nothing was changed.`,
      { cause: error }
    )
  }
}
