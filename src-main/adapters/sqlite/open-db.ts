// Opens (or creates) the Hubkeys SQLite file in the data folder: private modes, WAL, checks, moving a damaged file aside; main process only.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync
} from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { StoreError } from '../../core/ports/store-error'
import {
  migrate,
  newerVersionError,
  readSchemaVersion,
  schemaVersion,
  type SqliteDb
} from './migrations'
import { isCorruption, nativeLoadFailure, reasonFor } from './sqlite-errors'

export { StoreError } from '../../core/ports/store-error'
export type { SqliteDb } from './migrations'

export const defaultFileName = 'hubkeys.db'
/** SQLite's companions of a database file; they move with it so a set-aside copy stays readable. */
const companions = ['-wal', '-shm', '-journal'] as const
const isWindows = process.platform === 'win32'

export interface OpenDatabaseOptions {
  dataDir: string
  fileName?: string
  /** Path of a better-sqlite3 addon built for another runtime (the Electron ABI, DESIGN.md section 10). */
  nativeBinding?: string
  now?: () => number
  /** How long a write waits for another connection's lock before failing. */
  busyTimeoutMs?: number
}

export interface OpenedDatabase {
  db: SqliteDb
  path: string
  /** Where a damaged file was moved before a fresh one was made; tell the user. */
  movedAside?: string
}

type Attempt = { ok: true; db: SqliteDb } | { ok: false; corrupt: true; cause: unknown }

const ioError = (what: string, error: unknown): StoreError =>
  new StoreError('IO', `Hubkeys could not ${what} because ${reasonFor(error)}.`, { cause: error })

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

const ensureFile = (path: string): void => {
  try {
    // Create it ourselves so it is 0600 from its first byte; SQLite would honour the umask instead.
    closeSync(openSync(path, 'wx', 0o600))
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw ioError(`create its data file ${path}`, error)
    }
  }
  tightenMode(path)
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

const closeQuietly = (db: SqliteDb): void => {
  try {
    db.close()
  } catch {
    // Closing a connection to a damaged file can itself fail; the file is being set aside anyway.
  }
}

const openIo = (path: string, error: unknown): StoreError =>
  ioError(`open its data file ${path}`, error)

const connect = (
  path: string,
  options: OpenDatabaseOptions,
  readonly: boolean
): SqliteDb | 'corrupt' => {
  try {
    return new Database(path, {
      readonly,
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding })
    })
  } catch (error) {
    const native = nativeLoadFailure(error, options.nativeBinding)
    if (native) throw native
    if (isCorruption(error)) return 'corrupt'
    throw openIo(path, error)
  }
}

/**
 * Looks before writing, on a read-only connection: a read-write one would checkpoint a WAL into the
 * main file (or delete it) on close, changing a file we are about to refuse or set aside.
 */
const inspect = (path: string, options: OpenDatabaseOptions): Attempt | undefined => {
  const db = connect(path, options, true)
  if (db === 'corrupt') return { ok: false, corrupt: true, cause: new Error('unreadable at open') }
  try {
    const verdict = db.pragma('quick_check(1)', { simple: true })
    if (verdict !== 'ok') {
      return {
        ok: false,
        corrupt: true,
        cause: new Error(`quick_check: ${String(verdict).slice(0, 200)}`)
      }
    }
    const found = readSchemaVersion(db)
    if (found > schemaVersion) throw newerVersionError(found)
    return undefined
  } catch (error) {
    if (error instanceof StoreError) throw error
    if (isCorruption(error)) return { ok: false, corrupt: true, cause: error }
    throw openIo(path, error)
  } finally {
    closeQuietly(db)
  }
}

const attempt = (path: string, options: OpenDatabaseOptions): Attempt => {
  const refused = inspect(path, options)
  if (refused) return refused
  const db = connect(path, options, false)
  if (db === 'corrupt') return { ok: false, corrupt: true, cause: new Error('unreadable at open') }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    // Deleted content is zeroed where that costs no extra I/O, so a replaced wrapped key or a
    // deleted secret does not linger in its page ('FAST': full zeroing halves bulk insert speed).
    db.pragma('secure_delete = FAST')
  } catch (error) {
    closeQuietly(db)
    if (isCorruption(error)) return { ok: false, corrupt: true, cause: error }
    throw openIo(path, error)
  }
  for (const suffix of companions) tightenMode(path + suffix)
  return { ok: true, db }
}

const stampOf = (at: number): string => new Date(at).toISOString().replace(/[:.]/g, '-')

/** Renames the file and its companions to `<name>.corrupt-<timestamp>[-n]`, never over an existing file. */
const moveAside = (path: string, at: number, cause: unknown): string => {
  const base = `${path}.corrupt-${stampOf(at)}`
  const taken = (candidate: string): boolean =>
    [candidate, ...companions.map((suffix) => candidate + suffix)].some((p) => existsSync(p))
  let target = base
  for (let n = 2; taken(target); n += 1) target = `${base}-${n}`
  try {
    renameSync(path, target)
    for (const suffix of companions) {
      if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix)
    }
  } catch (error) {
    throw new StoreError(
      'CORRUPT',
      `The Hubkeys data file ${path} is damaged and could not be moved aside because ${reasonFor(error)}; move it away and start Hubkeys again.`,
      { cause: [cause, error] }
    )
  }
  return target
}

/**
 * Opens the store, creating the folder (0700) and the file (0600) when missing. A file that is not a
 * database, or fails `PRAGMA quick_check`, is renamed aside and a fresh one is made; `movedAside`
 * says where it went. Does not migrate: call `migrate(db)` (or use `openStore`).
 * Throws `StoreError` NEWER_VERSION, NATIVE_MISMATCH, CORRUPT or IO.
 */
export const openDatabase = (options: OpenDatabaseOptions): OpenedDatabase => {
  const dir = resolve(options.dataDir)
  const path = join(dir, options.fileName ?? defaultFileName)
  const now = options.now ?? Date.now
  ensureDataDir(dir)
  ensureFile(path)
  const first = attempt(path, options)
  if (first.ok) return { db: first.db, path }

  const movedAside = moveAside(path, now(), first.cause)
  ensureFile(path)
  const second = attempt(path, options)
  if (!second.ok) {
    throw new StoreError('CORRUPT', `Hubkeys could not create a fresh data file at ${path}.`, {
      cause: second.cause
    })
  }
  return { db: second.db, path, movedAside }
}

/** `openDatabase` then `migrate`, closing the database if the migration is refused or fails. */
export const openStore = (options: OpenDatabaseOptions): OpenedDatabase => {
  const opened = openDatabase(options)
  try {
    migrate(opened.db)
  } catch (error) {
    closeQuietly(opened.db)
    throw error
  }
  return opened
}

/** The one sentence the UI and the CLI show after `openDatabase` reported `movedAside`. */
export const movedAsideNotice = (movedAside: string): string =>
  `Hubkeys found its data file damaged, kept it as ${movedAside} and started a fresh one.`
