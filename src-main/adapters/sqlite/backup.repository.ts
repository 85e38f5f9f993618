// Online copies of the SQLite store into a backup folder (timestamped, atomic, pruned) and restoring one into the live file; main process and CLI.
import {
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { BackupFile, BackupStore, BackupVaultRow } from '../../core/ports/backup.port'
import { StoreError } from '../../core/ports/store-error'
import type { SqliteDb } from './migration'
import { migrate } from './migrations'
import { reasonFor } from './sqlite-errors'
import { closeQuietly, connectSqlite, diagnoseFile, ioError } from './store-doctor'

export const defaultBackupKeep = 7

/** `hubkeys-2026-12-06T10-23-54-123Z.db`, with `-before-schema-N` for the copy made before a migration. */
const namePattern = /^hubkeys-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(?:-before-schema-\d+)?\.db$/

export const stampOf = (at: number): string => new Date(at).toISOString().replace(/[:.]/g, '-')

const timeOfStamp = (stamp: string): number =>
  Date.parse(stamp.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z'))

export const backupFileName = (at: number, fromSchema?: number): string =>
  `hubkeys-${stampOf(at)}${fromSchema === undefined ? '' : `-before-schema-${fromSchema}`}.db`

/** The backups in a folder, newest first; only files named as Hubkeys names them. */
export const listBackups = (dir: string): BackupFile[] => {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw ioError(`read the backup folder ${dir}`, error)
  }
  return names
    .flatMap((name) => {
      const match = namePattern.exec(name)
      return match ? [{ path: join(dir, name), at: timeOfStamp(match[1] as string) }] : []
    })
    .sort((a, b) => b.at - a.at || (b.path < a.path ? -1 : 1))
}

/** Deletes all but the newest `keep` backups; files Hubkeys did not name are never touched. */
export const pruneBackups = (dir: string, keep: number): void => {
  for (const old of listBackups(dir).slice(Math.max(1, keep))) {
    try {
      unlinkSync(old.path)
    } catch {
      // Another process pruned it first, or it is read-only; the next backup tries again.
    }
  }
}

const ensureBackupDir = (dir: string): void => {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw ioError(`create the backup folder ${dir}`, error)
  }
}

const tempBeside = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)

const removeQuietly = (path: string): void => {
  for (const file of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    try {
      unlinkSync(file)
    } catch {
      // Not there: nothing to clean up.
    }
  }
}

/** Makes a finished copy self-contained (no WAL beside it), private, then renames it into place. */
const finish = (temp: string, target: string): void => {
  const copy = connectSqlite(temp, { readonly: false, fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    closeQuietly(copy)
  }
  chmodSync(temp, 0o600)
  renameSync(temp, target)
}

/**
 * The copy made before a migration. `openStore` is synchronous, so this uses `VACUUM INTO` (an
 * online, consistent copy made by SQLite itself, keeping `application_id` and `user_version`);
 * the daily and manual backups use the backup API. Throws StoreError IO, and then nothing migrates.
 */
export const writeBackupBeforeMigration = (
  db: SqliteDb,
  options: { dir: string; keep: number; at: number; fromSchema: number }
): string => {
  const dir = resolve(options.dir)
  const target = join(dir, backupFileName(options.at, options.fromSchema))
  const temp = tempBeside(target)
  try {
    ensureBackupDir(dir)
    removeQuietly(temp)
    db.prepare('VACUUM INTO ?').run(temp)
    finish(temp, target)
  } catch (error) {
    removeQuietly(temp)
    throw new StoreError(
      'IO',
      `Hubkeys could not back up its data file to ${dir} before upgrading it because ${reasonFor(error)}, so nothing was upgraded.`,
      { cause: error }
    )
  }
  pruneBackups(dir, options.keep)
  return target
}

/**
 * An online copy with better-sqlite3's backup API (the secrets stay sealed as they are). Never
 * replaces an existing file: the final rename would silently overwrite whatever `target` names.
 */
export const writeBackup = async (db: SqliteDb, target: string): Promise<void> => {
  if (existsSync(target)) {
    throw new StoreError('CONFLICT', `${target} already exists; choose another file name.`)
  }
  const temp = tempBeside(target)
  try {
    ensureBackupDir(dirname(target))
    removeQuietly(temp)
    await db.backup(temp)
    finish(temp, target)
  } catch (error) {
    removeQuietly(temp)
    if (error instanceof StoreError) throw error
    throw ioError(`write the backup ${target}`, error)
  }
}

/** The vault row of a backup, read on a read-only connection after checking the file is a healthy Hubkeys store. */
export const readBackupVault = (file: string): BackupVaultRow | undefined => {
  const diagnosis = diagnoseFile(file)
  if (diagnosis.health === 'missing') {
    throw new StoreError('IO', `There is no backup file at ${file}.`)
  }
  if (diagnosis.error) throw diagnosis.error
  if (statSync(file).isDirectory()) throw new StoreError('IO', `${file} is a folder, not a backup.`)
  const db = connectSqlite(file, { readonly: true, fileMustExist: true })
  try {
    const hasVault = db
      .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'vault'")
      .pluck()
      .get()
    if (!hasVault) return undefined
    const row = db
      .prepare('SELECT vault_id, kdf_params, salt, wrapped_key FROM vault WHERE id = 1')
      .get() as
      { vault_id: string; kdf_params: string; salt: Buffer; wrapped_key: Buffer } | undefined
    return row
      ? {
          vaultId: row.vault_id,
          kdfParams: row.kdf_params,
          salt: row.salt,
          wrappedKey: row.wrapped_key
        }
      : undefined
  } finally {
    closeQuietly(db)
  }
}

const freeAsideName = (livePath: string, at: number): string => {
  const base = `${livePath}.before-restore-${stampOf(at)}`
  let name = base
  for (let n = 2; existsSync(name); n += 1) name = `${base}-${n}`
  return name
}

/**
 * Restore as a plain file operation, for when the live store cannot be opened (it is damaged); the
 * caller has checked the backup's password first. The backup is copied beside the live file, then
 * the live file and its WAL are renamed to `<file>.before-restore-<stamp>` and the copy into place.
 */
export const restoreFileOffline = (options: {
  livePath: string
  file: string
  at: number
}): { keptAside: string } => {
  const source = resolve(options.file)
  const livePath = resolve(options.livePath)
  if (source === livePath) {
    throw new StoreError('CONFLICT', `${source} is the data file itself, not a backup of it.`)
  }
  const diagnosis = diagnoseFile(source)
  if (diagnosis.health === 'missing')
    throw new StoreError('IO', `There is no backup file at ${source}.`)
  if (diagnosis.error) throw diagnosis.error
  const temp = tempBeside(livePath)
  const keptAside = freeAsideName(livePath, options.at)
  try {
    removeQuietly(temp)
    copyFileSync(source, temp, constants.COPYFILE_EXCL)
    chmodSync(temp, 0o600)
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      if (existsSync(livePath + suffix)) renameSync(livePath + suffix, keptAside + suffix)
    }
    renameSync(temp, livePath)
  } catch (error) {
    removeQuietly(temp)
    throw ioError(`restore the backup ${source}`, error)
  }
  return { keptAside }
}

/**
 * The backup port over the live store. `restore` copies the backup into the live file through the
 * backup API, so the open connection (and every prepared statement) sees the restored data at
 * once without reopening; the current content is first copied to `<file>.before-restore-<stamp>`.
 */
export const createSqliteBackupStore = (db: SqliteDb, livePath: string): BackupStore => {
  /** A backup's path; the live file itself is refused before anything is checked or locked. */
  const backupSource = (file: string): string => {
    const source = resolve(file)
    if (source === resolve(livePath)) {
      throw new StoreError('CONFLICT', `${source} is the data file itself, not a backup of it.`)
    }
    return source
  }
  return {
    defaultDir: join(dirname(livePath), 'backups'),
    list: (dir) => listBackups(resolve(dir)),
    create: async ({ dir, keep, at, out }) => {
      const target = out === undefined ? join(resolve(dir), backupFileName(at)) : resolve(out)
      await writeBackup(db, target)
      if (out === undefined) pruneBackups(resolve(dir), keep)
      return { path: target, at }
    },
    readVault: (file) => readBackupVault(backupSource(file)),
    restore: async ({ file, at }) => {
      const source = backupSource(file)
      const keptAside = freeAsideName(livePath, at)
      await writeBackup(db, keptAside)
      const from = connectSqlite(source, { readonly: true, fileMustExist: true })
      try {
        await from.backup(livePath)
      } catch (error) {
        throw ioError(`restore the backup ${source}`, error)
      } finally {
        closeQuietly(from)
      }
      // A backup from an older build is brought up to this schema on the live connection.
      migrate(db)
      return { keptAside }
    }
  }
}
