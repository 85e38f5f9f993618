// Helpers for the one-test-file-per-migration suite: a store at any schema version, one step run with its checks, schema listings; plain Node.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { openDatabase, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { migrate, readSchemaVersion } from '../../../src-main/adapters/sqlite/migrations'

export interface StepStore {
  db: SqliteDb
  /** Closes the database and deletes its folder. */
  dispose: () => void
}

/** A new store file migrated to `version` (0 = the empty file openDatabase creates). */
export const storeAtVersion = (version: number): StepStore => {
  const root = mkdtempSync(join(tmpdir(), 'hubkeys-migration-'))
  const { db } = openDatabase({ dataDir: root })
  expect(migrate(db, { to: version })).toEqual({ from: 0, to: version })
  return {
    db,
    dispose: () => {
      if (db.open) db.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}

/** Every schema object as `type name` (tables, indexes, triggers, and SQLite's own), sorted. */
export const schemaObjects = (db: SqliteDb): string[] =>
  db
    .prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY type, name")
    .pluck()
    .all() as string[]

export const tablesOf = (db: SqliteDb): string[] =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .pluck()
    .all() as string[]

export const columnsOf = (db: SqliteDb, table: string): string[] =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name)

export const bytes = (text: string): Buffer => Buffer.from(text, 'utf8')

/**
 * Runs migration `version` alone on a store at `version - 1`, checks the runner's answer, the new
 * user_version, the references and the file's integrity, and returns the schema objects the step
 * added and removed.
 */
export const runStep = (db: SqliteDb, version: number): { added: string[]; removed: string[] } => {
  expect(readSchemaVersion(db)).toBe(version - 1)
  const before = schemaObjects(db)
  expect(migrate(db, { to: version })).toEqual({ from: version - 1, to: version })
  expect(readSchemaVersion(db)).toBe(version)
  expect(db.pragma('foreign_key_check')).toEqual([])
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  const after = schemaObjects(db)
  return {
    added: after.filter((entry) => !before.includes(entry)),
    removed: before.filter((entry) => !after.includes(entry))
  }
}
