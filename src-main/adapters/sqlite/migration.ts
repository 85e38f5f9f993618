// What one schema step of the local store is, and the id that marks a Hubkeys file; main process only.
import type Database from 'better-sqlite3'

export type SqliteDb = Database.Database

/**
 * One schema step. `up` runs inside the runner's transaction, so it must not change
 * `foreign_keys` or `journal_mode` (SQLite ignores those inside a transaction); rebuild a table
 * with the create-copy-drop-rename procedure instead. Never edit a shipped step: add a new one.
 */
export interface Migration {
  version: number
  name: string
  up: (db: SqliteDb) => void
}

/** 'HbKy': lets `file` and support tools tell a Hubkeys store from any other SQLite file. */
export const applicationId = 0x48624b79
