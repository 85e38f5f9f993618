// Integration tests of the migration runner on real better-sqlite3 (order, idempotence, refusals, rollback); each step has its own file under migrations/.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, StoreError, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import {
  migrate,
  migrations,
  readSchemaVersion,
  schemaVersion,
  type Migration
} from '../../../src-main/adapters/sqlite/migrations'
import { tablesOf } from './migration-step'

let root: string
let db: SqliteDb

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-migrate-'))
  db = openDatabase({ dataDir: root }).db
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(root, { recursive: true, force: true })
})

const schemaOf = (target: SqliteDb): unknown[] =>
  target.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all()

const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

const migrationDir = 'src-main/adapters/sqlite/migrations'
const migrationTestDir = 'test/integration/sqlite/migrations'
const migrationFiles = readdirSync(migrationDir)
  .filter((file) => file.endsWith('.migration.ts'))
  .sort()
const migrationTests = readdirSync(migrationTestDir)
  .filter((file) => file.endsWith('.test.ts'))
  .sort()

describe('migrations', () => {
  it('lists one file per migration under migrations/, numbered 1..n in order', () => {
    expect(migrationFiles.length).toBeGreaterThan(0)
    expect(migrationFiles.map((file) => Number(file.slice(0, 4)))).toEqual(
      migrationFiles.map((_, index) => index + 1)
    )
    for (const file of migrationFiles) expect(file).toMatch(/^\d{4}-[a-z0-9-]+\.migration\.ts$/)
    expect(migrations.map((step) => step.version)).toEqual(
      migrationFiles.map((_, index) => index + 1)
    )
    expect(schemaVersion).toBe(migrationFiles.length)
  })

  it('has a test file of its own for every migration file, and no test without its migration', () => {
    const expected = migrationFiles.map((file) => file.replace(/\.migration\.ts$/, '.test.ts'))
    expect(expected.filter((file) => !migrationTests.includes(file))).toEqual([])
    expect(migrationTests.filter((file) => !expected.includes(file))).toEqual([])
  })

  it('brings a fresh database to the newest schema in one call and then does nothing', () => {
    expect(migrate(db)).toEqual({ from: 0, to: schemaVersion })
    const schema = schemaOf(db)
    expect(migrate(db)).toEqual({ from: schemaVersion, to: schemaVersion })
    expect(migrate(db, { to: 1 })).toEqual({ from: schemaVersion, to: schemaVersion })
    expect(schemaOf(db)).toEqual(schema)
  })

  it('refuses a database from a newer build without touching it', () => {
    migrate(db)
    db.pragma(`user_version = ${schemaVersion + 5}`)
    const schema = schemaOf(db)

    const error = thrown(() => migrate(db))
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('NEWER_VERSION')
    expect((error as StoreError).message).toBe(
      `This data was written by a newer Hubkeys (schema ${schemaVersion + 5}, this build knows ${schemaVersion}); update Hubkeys.`
    )
    expect(readSchemaVersion(db)).toBe(schemaVersion + 5)
    expect(schemaOf(db)).toEqual(schema)
  })

  it('rolls every pending step back when one fails, leaving schema 0 as it was', () => {
    const first = migrations[0] as Migration
    const broken: Migration = {
      version: 2,
      name: 'fails half-way',
      up: (target) => {
        target.exec('CREATE TABLE half_done (x TEXT)')
        throw new Error('boom')
      }
    }
    const error = thrown(() => migrate(db, { list: [first, broken] }))
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('IO')
    expect((error as StoreError).message).toMatch(
      /^Hubkeys could not upgrade its data file to schema 2 .*nothing was changed\.$/
    )
    expect(readSchemaVersion(db)).toBe(0)
    expect(tablesOf(db)).toEqual([])
    expect(db.pragma('application_id', { simple: true })).toBe(0)
  })

  it('rejects a misnumbered list and an impossible target', () => {
    expect(() => migrate(db, { list: [{ version: 2, name: 'gap', up: () => undefined }] })).toThrow(
      /expected 1/
    )
    expect(() => migrate(db, { to: schemaVersion + 1 })).toThrow(RangeError)
    expect(() => migrate(db, { to: -1 })).toThrow(RangeError)
    expect(readSchemaVersion(db)).toBe(0)
  })
})
