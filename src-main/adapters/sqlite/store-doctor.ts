// Examines a Hubkeys data file read-only and says in one sentence whether it is healthy, damaged, foreign or newer; main process and CLI.
import { existsSync, statSync, unlinkSync } from 'node:fs'
import Database from 'better-sqlite3'
import { StoreError } from '../../core/ports/store-error'
import { applicationId, type SqliteDb } from './migration'
import { newerVersionError, readSchemaVersion, schemaVersion } from './migrations'
import { isCorruption, nativeLoadFailure, reasonFor } from './sqlite-errors'

export interface ConnectOptions {
  /** Path of a better-sqlite3 addon built for another runtime (the Electron ABI, DESIGN.md section 10). */
  nativeBinding?: string
  /** How long a write waits for another connection's lock before failing. */
  busyTimeoutMs?: number
}

/**
 * - `missing`: there is no file yet; opening makes a new store.
 * - `healthy`: a Hubkeys store (or an empty one Hubkeys made), readable, at `schema`.
 * - `damaged`, `foreign`, `newer`: refused; `error` carries the StoreError that opening throws.
 */
export type StoreHealth = 'missing' | 'healthy' | 'damaged' | 'foreign' | 'newer'

export interface Diagnosis {
  health: StoreHealth
  path: string
  /** One sentence for people. */
  message: string
  schema?: number
  error?: StoreError
}

export const ioError = (what: string, error: unknown): StoreError =>
  new StoreError('IO', `Hubkeys could not ${what} because ${reasonFor(error)}.`, { cause: error })

/** Opens a connection; throws NATIVE_MISMATCH or IO, or the raw SQLite error for corruption. */
export const connectSqlite = (
  path: string,
  options: ConnectOptions & { readonly: boolean; fileMustExist?: boolean }
): SqliteDb => {
  try {
    return new Database(path, {
      readonly: options.readonly,
      fileMustExist: options.fileMustExist ?? false,
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding })
    })
  } catch (error) {
    const native = nativeLoadFailure(error, options.nativeBinding)
    if (native) throw native
    if (isCorruption(error)) throw error
    throw ioError(`open the data file ${path}`, error)
  }
}

export const closeQuietly = (db: SqliteDb): void => {
  try {
    db.close()
  } catch {
    // Closing a connection to a damaged file can itself fail; there is nothing more to release.
  }
}

/** The one sentence a damaged file gets, naming what is wrong and how to recover. */
export const damagedError = (path: string, detail: string, cause?: unknown): StoreError =>
  new StoreError(
    'CORRUPT',
    `The Hubkeys data file ${path} is damaged (${detail}); nothing was changed: run \`hubkeys doctor --recover\` to copy what can still be read into a new file.`,
    { cause }
  )

export const foreignError = (path: string): StoreError =>
  new StoreError(
    'FOREIGN',
    `The file ${path} is not a Hubkeys data file (it belongs to another program) and was left untouched; move it away or choose another data folder.`
  )

const detailOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_NOTADB' ? 'it is not a database' : 'SQLite found damaged pages in it'
}

const companions = ['-wal', '-shm'] as const

const removeMade = (path: string, suffixes: readonly string[]): void => {
  for (const suffix of suffixes) {
    try {
      unlinkSync(path + suffix)
    } catch {
      // Never made (or already gone): nothing to tidy.
    }
  }
}

const refused = (path: string, error: StoreError): Diagnosis => ({
  health:
    error.code === 'FOREIGN' ? 'foreign' : error.code === 'NEWER_VERSION' ? 'newer' : 'damaged',
  path,
  message: error.message,
  error
})

/**
 * Looks at the file on a read-only connection, in this order: present, not zero bytes, a SQLite
 * database, Hubkeys' `application_id`, `PRAGMA quick_check`, a schema this build knows. A
 * read-only connection never checkpoints a WAL into the main file, so nothing is changed. Throws
 * only NATIVE_MISMATCH or IO (the file could not be read at all).
 */
export const diagnoseFile = (path: string, options: ConnectOptions = {}): Diagnosis => {
  if (!existsSync(path)) {
    return { health: 'missing', path, message: `There is no data file at ${path} yet.` }
  }
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    throw ioError(`read the data file ${path}`, error)
  }
  // An empty file is not a new store: something emptied the vault that was there.
  if (size === 0) return refused(path, damagedError(path, 'it is empty, zero bytes'))
  // A read-only connection to a WAL file still makes empty -wal and -shm files; they go again after.
  const made = companions.filter((suffix) => !existsSync(path + suffix))
  let db: SqliteDb
  try {
    db = connectSqlite(path, { ...options, readonly: true, fileMustExist: true })
  } catch (error) {
    removeMade(path, made)
    if (error instanceof StoreError) throw error
    return refused(path, damagedError(path, detailOf(error), error))
  }
  try {
    const id = db.pragma('application_id', { simple: true }) as number
    const tables = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number
    // Id 0 with no tables is a file Hubkeys created and had not yet migrated.
    if (id !== applicationId && (id !== 0 || tables > 0)) return refused(path, foreignError(path))
    const verdict = db.pragma('quick_check(1)', { simple: true })
    if (verdict !== 'ok') {
      return refused(
        path,
        damagedError(path, "SQLite's integrity check failed", new Error(String(verdict)))
      )
    }
    const schema = readSchemaVersion(db)
    if (schema > schemaVersion) return refused(path, newerVersionError(schema))
    return {
      health: 'healthy',
      path,
      schema,
      message: `The Hubkeys data file ${path} is healthy (schema ${schema}).`
    }
  } catch (error) {
    if (isCorruption(error)) return refused(path, damagedError(path, detailOf(error), error))
    throw ioError(`read the data file ${path}`, error)
  } finally {
    closeQuietly(db)
    removeMade(path, made)
  }
}
