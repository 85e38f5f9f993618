// Integration tests for opening the store with real better-sqlite3 in a temp dir: modes, pragmas, damaged and newer files.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  openDatabase,
  openStore,
  StoreError,
  type SqliteDb
} from '../../../src-main/adapters/sqlite/open-db'
import { applicationId, migrate, schemaVersion } from '../../../src-main/adapters/sqlite/migrations'
import { nativeLoadFailure } from '../../../src-main/adapters/sqlite/sqlite-errors'
import { seedConnections, seedKeys, snapshotFiles } from './store-seed'

const fixedNow = Date.UTC(2025, 0, 2, 3, 4, 5, 678)
const stamp = '2025-01-02T03-04-05-678Z'

let root: string
let dataDir: string
const open: SqliteDb[] = []
const track = <T extends { db: SqliteDb }>(opened: T): T => {
  open.push(opened.db)
  return opened
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-open-'))
  dataDir = join(root, 'nested', 'Hubkeys')
})
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close()
  rmSync(root, { recursive: true, force: true })
})

const modeOf = (path: string): number => statSync(path).mode & 0o777

/** Makes a migrated store holding `keys` rows and closes it, so the file is complete on disk. */
const makeStore = (keys: number): string => {
  const { db, path } = openStore({ dataDir })
  seedKeys(db, seedConnections(db, 3), keys)
  db.close()
  return path
}

/** Buffer.equals, because a deep toEqual over megabytes of bytes takes seconds. */
const expectSameBytes = (actual: Buffer, expected: Buffer): void => {
  expect(actual.length).toBe(expected.length)
  expect(actual.equals(expected)).toBe(true)
}

const expectSameFiles = (actual: Map<string, Buffer>, expected: Map<string, Buffer>): void => {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
  for (const [name, bytes] of expected) expectSameBytes(actual.get(name) ?? Buffer.alloc(0), bytes)
}

const expectStoreError = (fn: () => unknown, code: StoreError['code']): StoreError => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe(code)
    return error as StoreError
  }
  throw new Error(`expected a StoreError ${code}`)
}

describe('openDatabase', () => {
  it('creates a private folder and a 0600 file with WAL, foreign keys and NORMAL sync', () => {
    const { db, path, created } = track(openDatabase({ dataDir }))
    expect(path).toBe(join(dataDir, 'hubkeys.db'))
    expect(created).toBe(true)
    expect(modeOf(dataDir)).toBe(0o700)
    expect(modeOf(path)).toBe(0o600)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    expect(db.pragma('secure_delete', { simple: true })).toBe(2) // FAST

    migrate(db)
    db.prepare("INSERT INTO secrets VALUES ('s1', 'key', 1, x'00', 1, 1)").run()
    expect(modeOf(`${path}-wal`)).toBe(0o600)
    expect(modeOf(`${path}-shm`)).toBe(0o600)
  })

  it('honours the file name and reopens existing data without moving anything', () => {
    const first = openStore({ dataDir, fileName: 'other.db' })
    first.db.prepare("INSERT INTO secrets VALUES ('s1', 'key', 1, x'0102', 1, 1)").run()
    first.db.close()

    const again = track(openDatabase({ dataDir, fileName: 'other.db' }))
    expect(again.path).toBe(join(dataDir, 'other.db'))
    expect(again.created).toBe(false)
    expect(again.db.prepare('SELECT count(*) FROM secrets').pluck().get()).toBe(1)
  })

  it('narrows an existing file that others can read back to 0600', () => {
    openStore({ dataDir }).db.close()
    const path = join(dataDir, 'hubkeys.db')
    chmodSync(path, 0o644)
    track(openDatabase({ dataDir }))
    expect(modeOf(path)).toBe(0o600)
  })

  it('leaves an existing data folder with the mode its owner chose', () => {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 })
    chmodSync(dataDir, 0o755)
    track(openDatabase({ dataDir }))
    expect(modeOf(dataDir)).toBe(0o755)
  })

  const damagedSentence = (path: string, detail: string): string =>
    `The Hubkeys data file ${path} is damaged (${detail}); nothing was changed: run \`hubkeys doctor --recover\` to copy what can still be read into a new file.`

  /** Opening must refuse with `code` and leave every file in the folder byte for byte as it was. */
  const expectRefusedUnchanged = (code: StoreError['code']): StoreError => {
    const before = snapshotFiles(dataDir)
    const error = expectStoreError(() => openStore({ dataDir, now: () => fixedNow }), code)
    expect(error.message).not.toMatch(/\n/)
    expectSameFiles(snapshotFiles(dataDir), before)
    return error
  }

  it('refuses a file that is not a database, with its WAL, and changes nothing', () => {
    mkdirSync(dataDir, { recursive: true })
    const path = join(dataDir, 'hubkeys.db')
    writeFileSync(path, Buffer.from('these are not the bytes of a database; '.repeat(200)))
    writeFileSync(`${path}-wal`, 'stray log')
    expect(expectRefusedUnchanged('CORRUPT').message).toBe(
      damagedSentence(path, 'it is not a database')
    )
  })

  it('refuses a zero-byte file as damaged, not as a new store', () => {
    mkdirSync(dataDir, { recursive: true })
    const path = join(dataDir, 'hubkeys.db')
    writeFileSync(path, '')
    expect(expectRefusedUnchanged('CORRUPT').message).toBe(
      damagedSentence(path, 'it is empty, zero bytes')
    )
  })

  it('refuses a truncated database and changes nothing', () => {
    const path = makeStore(3000)
    truncateSync(path, Math.floor(statSync(path).size / 2))
    expect(expectRefusedUnchanged('CORRUPT').message).toContain(`${path} is damaged`)
  })

  it('refuses a database with a zeroed page in the middle (quick_check reports, rather than throws)', () => {
    const path = makeStore(3000)
    const bytes = readFileSync(path)
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096
    bytes.fill(0, middle, middle + 4096)
    writeFileSync(path, bytes)
    expect(expectRefusedUnchanged('CORRUPT').message).toBe(
      damagedSentence(path, "SQLite's integrity check failed")
    )
  })

  it("refuses another program's SQLite file and never touches it", () => {
    mkdirSync(dataDir, { recursive: true })
    const path = join(dataDir, 'hubkeys.db')
    const other = new Database(path)
    other.exec(
      "CREATE TABLE photos (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO photos VALUES (1, 'x')"
    )
    other.close()
    expect(expectRefusedUnchanged('FOREIGN').message).toBe(
      `The file ${path} is not a Hubkeys data file (it belongs to another program) and was left untouched; move it away or choose another data folder.`
    )
    // Another program's own id, even on an empty file, is not ours either.
    writeFileSync(path, '')
    const tagged = new Database(path)
    tagged.pragma('application_id = 1234')
    tagged.close()
    expectRefusedUnchanged('FOREIGN')
  })

  it('refuses a database from a newer Hubkeys and leaves every byte as it was', () => {
    mkdirSync(dataDir, { recursive: true })
    const path = join(dataDir, 'hubkeys.db')
    // Rollback-journal mode on purpose: switching it to WAL would rewrite the header.
    const newer = new Database(path)
    newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future')")
    newer.pragma(`application_id = ${applicationId}`)
    newer.pragma('user_version = 99')
    newer.close()
    const before = snapshotFiles(dataDir)

    const error = expectStoreError(() => openDatabase({ dataDir }), 'NEWER_VERSION')
    expect(error.message).toBe(
      `This data was written by a newer Hubkeys (schema 99, this build knows ${schemaVersion}); update Hubkeys.`
    )
    expectSameFiles(snapshotFiles(dataDir), before)
    expectStoreError(() => openStore({ dataDir }), 'NEWER_VERSION')
    expectSameFiles(snapshotFiles(dataDir), before)
  })

  it('refuses a newer database whose change is still in its WAL, without checkpointing it', () => {
    // A writer that never checkpoints, copied mid-flight: the newer schema lives only in the WAL.
    const source = join(root, 'source')
    mkdirSync(source)
    const writer = new Database(join(source, 'hubkeys.db'))
    writer.pragma('journal_mode = WAL')
    writer.pragma('wal_autocheckpoint = 0')
    writer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future')")
    writer.pragma(`application_id = ${applicationId}`)
    writer.pragma('user_version = 42')
    mkdirSync(dataDir, { recursive: true })
    for (const suffix of ['', '-wal']) {
      copyFileSync(join(source, `hubkeys.db${suffix}`), join(dataDir, `hubkeys.db${suffix}`))
    }
    writer.close()
    const main = readFileSync(join(dataDir, 'hubkeys.db'))
    const wal = readFileSync(join(dataDir, 'hubkeys.db-wal'))
    expect(wal.length).toBeGreaterThan(0)

    expect(expectStoreError(() => openDatabase({ dataDir }), 'NEWER_VERSION').message).toContain(
      'schema 42'
    )
    expectSameBytes(readFileSync(join(dataDir, 'hubkeys.db')), main)
    expectSameBytes(readFileSync(join(dataDir, 'hubkeys.db-wal')), wal)
  })

  it('reports a file in place of the data folder as an IO error naming the folder', () => {
    writeFileSync(join(root, 'nested'), 'a file, not a folder')
    const error = expectStoreError(() => openDatabase({ dataDir }), 'IO')
    expect(error.message).toContain(dataDir)
    expect(error.message).not.toMatch(/\n/)
  })

  it('reports a folder in place of the data file as an IO error, without moving it', () => {
    mkdirSync(join(dataDir, 'hubkeys.db'), { recursive: true })
    const error = expectStoreError(() => openDatabase({ dataDir }), 'IO')
    expect(error.message).toContain(join(dataDir, 'hubkeys.db'))
    expect(statSync(join(dataDir, 'hubkeys.db')).isDirectory()).toBe(true)
  })

  it('turns a native binding that cannot load into NATIVE_MISMATCH with what to run', () => {
    const notAnAddon = join(root, 'better_sqlite3.node')
    writeFileSync(notAnAddon, 'not a shared library')
    const error = expectStoreError(
      () => openDatabase({ dataDir, nativeBinding: notAnAddon }),
      'NATIVE_MISMATCH'
    )
    expect(error.message).toContain('npm start')
    expect(error.message).toContain(notAnAddon)

    const missing = join(root, 'missing', 'better_sqlite3.node')
    expectStoreError(() => openDatabase({ dataDir, nativeBinding: missing }), 'NATIVE_MISMATCH')
    // The empty file made for the failed attempt is gone: left behind, it would read as damaged.
    expect(existsSync(join(dataDir, 'hubkeys.db'))).toBe(false)
  })

  it('recognises Node ABI mismatch messages and leaves unrelated errors alone', () => {
    const abi = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 139. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module.'
      ),
      { code: 'ERR_DLOPEN_FAILED' }
    )
    const mapped = nativeLoadFailure(abi)
    expect(mapped?.code).toBe('NATIVE_MISMATCH')
    expect(mapped?.message).toBe(
      'The SQLite module (better-sqlite3) was not built for this Node.js version; run `npm rebuild better-sqlite3` and try again.'
    )
    expect(
      nativeLoadFailure(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }))
    ).toBeUndefined()
    expect(
      nativeLoadFailure(new TypeError('Expected first argument to be a string'))
    ).toBeUndefined()
  })
})

describe('openStore', () => {
  it('opens and migrates to the current schema, without a backup for a new store', () => {
    const { db, backupBeforeMigration } = track(openStore({ dataDir }))
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion)
    expect(backupBeforeMigration).toBeUndefined()
    expect(existsSync(join(dataDir, 'backups'))).toBe(false)
  })

  it('backs up an older store before migrating it, and the copy is the old schema', () => {
    const { db } = openDatabase({ dataDir })
    migrate(db, { to: 2 })
    seedKeys(db, seedConnections(db, 2), 50)
    db.close()
    const backupDir = join(root, 'my backups')

    const opened = track(openStore({ dataDir, backupDir, now: () => fixedNow }))
    expect(opened.db.pragma('user_version', { simple: true })).toBe(schemaVersion)
    expect(opened.backupBeforeMigration).toBe(
      join(backupDir, `hubkeys-${stamp}-before-schema-2.db`)
    )
    expect(modeOf(opened.backupBeforeMigration as string)).toBe(0o600)
    const copy = new Database(opened.backupBeforeMigration as string, { readonly: true })
    try {
      expect(copy.pragma('user_version', { simple: true })).toBe(2)
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
      expect(copy.prepare('SELECT count(*) FROM keys').pluck().get()).toBe(50)
    } finally {
      copy.close()
    }
  })
})
