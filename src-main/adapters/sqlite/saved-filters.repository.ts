// SQLite implementation of the SavedFiltersStore port: named key-table queries in the saved_filters table; main process only.
import { randomUUID } from 'node:crypto'
import type { SavedFilterRecord, SavedFiltersStore } from '../../core/ports/inventory-query.port'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

interface FilterRow {
  id: string
  name: string
  query: string
  created_at: number
  updated_at: number
}

export interface SqliteSavedFiltersOptions {
  now?: () => number
  newId?: () => string
}

const toRecord = (row: FilterRow): SavedFilterRecord => {
  let query: unknown
  try {
    query = JSON.parse(row.query) as unknown
  } catch {
    // The column has a json_valid CHECK, so this only happens to a file edited by hand.
    query = undefined
  }
  return {
    id: row.id,
    name: row.name,
    query,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

/** Needs a migrated database (schema 4 or later). */
export const createSqliteSavedFiltersStore = (
  db: SqliteDb,
  options: SqliteSavedFiltersOptions = {}
): SavedFiltersStore => {
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomUUID
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }
  const columns = 'id, name, query, created_at, updated_at'
  const selectAll = db.prepare<[], FilterRow>(
    `SELECT ${columns} FROM saved_filters ORDER BY name COLLATE NOCASE, id`
  )
  const selectByName = db.prepare<[string], FilterRow>(
    `SELECT ${columns} FROM saved_filters WHERE name = ? COLLATE NOCASE`
  )
  // The name column is UNIQUE COLLATE NOCASE, so the conflict target matches any spelling.
  const upsert = db.prepare(
    `INSERT INTO saved_filters (id, name, query, created_at, updated_at)
     VALUES (@id, @name, @query, @at, @at)
     ON CONFLICT (name) DO UPDATE SET name = excluded.name, query = excluded.query,
       updated_at = excluded.updated_at`
  )
  const remove = db.prepare<[string]>('DELETE FROM saved_filters WHERE id = ?')
  const countAll = db.prepare<[], number>('SELECT count(*) FROM saved_filters').pluck()

  return {
    list: () => guard('read the saved filters', () => selectAll.all().map(toRecord)),
    save: (name, query) =>
      guard('save the filter', () => {
        upsert.run({ id: newId(), name, query: JSON.stringify(query), at: now() })
        return toRecord(selectByName.get(name) as FilterRow)
      }),
    delete: (id) => guard('delete the filter', () => remove.run(id).changes > 0),
    count: () => guard('read the saved filters', () => countAll.get() as number)
  }
}
