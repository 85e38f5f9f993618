// Opens (or creates) the Hubkeys SQLite file in the data folder: private modes, WAL, refusing damaged or foreign files, a backup before migrating; main process only.
import { chmodSync, closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defaultBackupKeep, writeBackupBeforeMigration } from './backup.repository'
import { migrate, readSchemaVersion, schemaVersion, type SqliteDb } from './migrations'
import { isCorruption } from './sqlite-errors'
import {
  closeQuietly,
  connectSqlite,
  damagedError,
  diagnoseFile,
  ioError,
  type ConnectOptions
} from './store-doctor'

export { StoreError } from '../../core/ports/store-error'
export type { SqliteDb } from './migrations'

export const defaultFileName = 'hubkeys.db'
const isWindows = process.platform === 'win32'

export interface OpenDatabaseOptions extends ConnectOptions {
  dataDir: string
  fileName?: string
  now?: () => number
  /** Where `openStore` writes the copy it makes before a migration; default `<dataDir>/backups`. */
  backupDir?: string
  /** How many backups that folder keeps; default 7. */
  backupKeep?: number
}

export interface OpenedDatabase {
  db: SqliteDb
  path: string
  /** The file did not exist and was made now (schema 0). */
  created: boolean
  /** The copy `openStore` made before migrating an older schema. */
  backupBeforeMigration?: string
}

const ensureDataDir = (dir: string): void => {
  try {
    // A new folder is private; an existing one keeps its owner's mode (it may be shared, like /tmp).
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!statSync(dir).isDirectory()) {
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    }
  } catch (error) {
    throw ioError(`create its data folder ${dir}`, error)
  }
}

/** Creates the file when missing and says whether it did. */
const ensureFile = (path: string): boolean => {
  try {
    // Create it ourselves so it is 0600 from its first byte; SQLite would honour the umask instead.
    closeSync(openSync(path, 'wx', 0o600))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw ioError(`create its data file ${path}`, error)
    }
  }
  tightenMode(path)
  return false
}

/** Best effort: narrows a file to 0600 when it is readable by others (not meaningful on Windows). */
const tightenMode = (path: string): void => {
  if (isWindows) return
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  } catch {
    // Missing companions and foreign owners are fine: SQLite gives its own files the database's mode.
  }
}

const companions = ['-wal', '-shm', '-journal'] as const

/** Read-write connection with the store's pragmas; a corruption error here becomes CORRUPT. */
const connectWritable = (path: string, options: OpenDatabaseOptions): SqliteDb => {
  let db: SqliteDb
  try {
    db = connectSqlite(path, { ...options, readonly: false })
  } catch (error) {
    if (isCorruption(error)) throw damagedError(path, 'it could not be opened', error)
    throw error
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    // Deleted content is zeroed where that costs no extra I/O, so a replaced wrapped key or a
    // deleted secret does not linger in its page ('FAST': full zeroing halves bulk insert speed).
    db.pragma('secure_delete = FAST')
    // Temporary tables (a sync's staged pages, sorts) in memory: a file-backed temporary database
    // writes each staged page out and reads it back, about a third of staging's CPU.
    db.pragma('temp_store = MEMORY')
  } catch (error) {
    closeQuietly(db)
    if (isCorruption(error)) throw damagedError(path, 'SQLite found damaged pages in it', error)
    throw ioError(`open its data file ${path}`, error)
  }
  for (const suffix of companions) tightenMode(path + suffix)
  return db
}

/**
 * Opens the store, creating the folder (0700) and the file (0600) when missing. An existing file is
 * first examined read-only (`diagnoseFile`): a damaged one (zero bytes included), another
 * program's database or a newer schema is refused with one sentence and left exactly as it was;
 * nothing is ever moved aside or started fresh beside it. Does not migrate: call `migrate(db)` (or
 * use `openStore`). Throws `StoreError` CORRUPT, FOREIGN, NEWER_VERSION, NATIVE_MISMATCH or IO.
 */
export const openDatabase = (options: OpenDatabaseOptions): OpenedDatabase => {
  const dir = resolve(options.dataDir)
  const path = join(dir, options.fileName ?? defaultFileName)
  ensureDataDir(dir)
  const created = ensureFile(path)
  if (!created) {
    const diagnosis = diagnoseFile(path, options)
    if (diagnosis.error) throw diagnosis.error
  }
  try {
    return { db: connectWritable(path, options), path, created }
  } catch (error) {
    // The empty file made a moment ago would read as damaged (zero bytes) next time.
    if (created) unlinkQuietly(path)
    throw error
  }
}

const unlinkQuietly = (path: string): void => {
  try {
    unlinkSync(path)
  } catch {
    // Already gone or not ours to remove; the error that brought us here matters more.
  }
}

/**
 * `openDatabase` then `migrate`, closing the database if the migration is refused or fails. An
 * existing store on an older schema is copied to the backup folder first (a migration failing
 * half-way rolls back, but a bug in a step that commits would otherwise be final).
 */
export const openStore = (options: OpenDatabaseOptions): OpenedDatabase => {
  const opened = openDatabase(options)
  try {
    const from = readSchemaVersion(opened.db)
    let backupBeforeMigration: string | undefined
    if (from > 0 && from < schemaVersion) {
      backupBeforeMigration = writeBackupBeforeMigration(opened.db, {
        dir: options.backupDir ?? join(resolve(options.dataDir), 'backups'),
        keep: options.backupKeep ?? defaultBackupKeep,
        at: (options.now ?? Date.now)(),
        fromSchema: from
      })
    }
    migrate(opened.db)
    return backupBeforeMigration ? { ...opened, backupBeforeMigration } : opened
  } catch (error) {
    closeQuietly(opened.db)
    throw error
  }
}
