// Recovers a damaged data file: copies every readable row of the vault, secrets, connections and recorded keys into a new file and keeps the damaged one beside it; main process and CLI.
import { chmodSync, closeSync, existsSync, openSync, renameSync, unlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { StoreError } from '../../core/ports/store-error'
import { stampOf } from './backup.repository'
import type { SqliteDb } from './migration'
import { migrate } from './migrations'
import { isCorruption, reasonFor } from './sqlite-errors'
import { closeQuietly, connectSqlite, diagnoseFile, type ConnectOptions } from './store-doctor'

/** What is copied, parents first so references can be checked. The cache is rebuilt by the next sync. */
export const recoveredTables = [
  'vault',
  'unlock_throttle',
  'secrets',
  'connections',
  'keys'
] as const
export type RecoveredTable = (typeof recoveredTables)[number]

export interface TableRecovery {
  table: RecoveredTable
  saved: number
  /** Rows known to be lost; null when the damage hides how many there were. */
  lost: number | null
}

export interface RecoveryReport {
  /** The new data file, at the usual place. */
  path: string
  /** The damaged file, kept beside it unchanged. */
  keptAs: string
  tables: TableRecovery[]
  /** Connections kept without their credential, keys kept without their stored value (the secret was lost). */
  detached: { connections: number; keys: number }
  /** One sentence for people. */
  message: string
}

export interface RecoverOptions extends ConnectOptions {
  dataDir: string
  fileName?: string
  now?: () => number
}

const companions = ['-wal', '-shm', '-journal'] as const

/** Damage as SQLite reports it: corrupt pages, or a short read past the end of a truncated file. */
const unreadable = (error: unknown): boolean =>
  isCorruption(error) || String((error as { code?: unknown }).code).startsWith('SQLITE_IOERR')

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

type Row = Record<string, unknown>
type Probe = { kind: 'row'; rowid: number; row: Row } | { kind: 'end' } | { kind: 'error' }

/** The columns a table has in both files; the new file's defaults fill the rest. */
const sharedColumns = (source: SqliteDb, target: SqliteDb, table: string): string[] => {
  const names = (db: SqliteDb) =>
    (db.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name)
  const wanted = new Set(names(target))
  return names(source).filter((name) => wanted.has(name))
}

/**
 * The smallest point past `after` where a seek does not fail: doubling the step until one works,
 * then bisecting back. Undefined when every seek to the end of the rowid range fails.
 */
const firstReadableAfter = (
  after: number,
  readable: (at: number) => boolean
): number | undefined => {
  let step = 1
  while (after + step <= Number.MAX_SAFE_INTEGER && !readable(after + step)) step *= 2
  if (after + step > Number.MAX_SAFE_INTEGER) return undefined
  let bad = after + Math.floor(step / 2)
  let good = after + step
  while (good - bad > 1) {
    const middle = bad + Math.floor((good - bad) / 2)
    if (readable(middle)) good = middle
    else bad = middle
  }
  return good
}

/**
 * Reads a table row by row in rowid order, one seek per row, so a damaged page costs only the rows
 * on it: after an error the next readable rowid is found by doubling the step and then bisecting
 * back (a seek fails exactly while it lands in the damaged part of the tree).
 */
const readRows = (
  source: SqliteDb,
  table: string,
  columns: string[]
): { rows: Row[]; gaps: number; unreadableTail: boolean } => {
  // `rowid >= ?` (a SeekGE), not `> ?`: a SeekGT on the first rowid past a damaged page still
  // descends into that page, which would cost the row.
  const next = source.prepare(
    `SELECT rowid AS "__rowid", ${columns.map(quote).join(', ')} FROM ${quote(table)} WHERE rowid >= ? ORDER BY rowid LIMIT 1`
  )
  const probe = (from: number): Probe => {
    try {
      const found = next.get(from) as (Row & { __rowid: number }) | undefined
      if (!found) return { kind: 'end' }
      const { __rowid: rowid, ...row } = found
      return { kind: 'row', rowid, row }
    } catch (error) {
      if (unreadable(error)) return { kind: 'error' }
      throw error
    }
  }
  const rows: Row[] = []
  let gaps = 0
  let from = Number.MIN_SAFE_INTEGER
  // Rowids start at 1, so a damaged first page is measured from 0.
  let lastRead = 0
  for (;;) {
    const found = probe(from)
    if (found.kind === 'end') return { rows, gaps, unreadableTail: false }
    if (found.kind === 'row') {
      rows.push(found.row)
      lastRead = found.rowid
      from = found.rowid + 1
      continue
    }
    const good = firstReadableAfter(from, (at) => probe(at).kind !== 'error')
    if (good === undefined) return { rows, gaps, unreadableTail: true }
    const resumed = probe(good)
    // Rowids are handed out in order, so the skipped span estimates the rows the damage held.
    const span = (resumed.kind === 'row' ? resumed.rowid : good) - lastRead - 1
    gaps += Math.max(1, Math.min(span, 1_000_000))
    from = good
  }
}

/** How many rows an intact index of the table lists; undefined when none can be counted. */
const indexedCount = (source: SqliteDb, table: string): number | undefined => {
  const indexes = source
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?")
    .pluck()
    .all(table) as string[]
  for (const index of indexes) {
    try {
      return source
        .prepare(`SELECT count(*) FROM ${quote(table)} INDEXED BY ${quote(index)}`)
        .pluck()
        .get() as number
    } catch (error) {
      if (!unreadable(error)) throw error
    }
  }
  return undefined
}

const tableExists = (db: SqliteDb, table: string): boolean =>
  db
    .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table) === 1

interface CopyState {
  secrets: Set<string>
  connections: Set<string>
  detached: { connections: number; keys: number }
}

/** Fixes a row's references to rows that were lost; false when the row cannot stand without them. */
const keepReferences = (table: RecoveredTable, row: Row, state: CopyState): boolean => {
  if (table === 'connections') {
    const secret = row.credential_secret_id
    if (typeof secret === 'string' && !state.secrets.has(secret)) {
      row.credential_secret_id = null
      state.detached.connections += 1
    }
  } else if (table === 'keys') {
    if (!state.connections.has(row.connection_id as string)) return false
    const secret = row.secret_id
    if (typeof secret === 'string' && !state.secrets.has(secret)) {
      row.secret_id = null
      state.detached.keys += 1
    }
  }
  return true
}

const copyTable = (
  source: SqliteDb | undefined,
  target: SqliteDb,
  table: RecoveredTable,
  state: CopyState
): TableRecovery => {
  const singleRow = table === 'vault' || table === 'unlock_throttle'
  let read: { rows: Row[]; gaps: number; unreadableTail: boolean; expected?: number }
  try {
    if (!source || !tableExists(source, table)) throw Object.assign(new Error(), { unread: true })
    const columns = sharedColumns(source, target, table)
    read = { ...readRows(source, table, columns), expected: indexedCount(source, table) }
  } catch (error) {
    if (!unreadable(error) && !(error as { unread?: boolean }).unread) throw error
    return { table, saved: 0, lost: singleRow ? 1 : null }
  }
  let saved = 0
  let refused = 0
  for (const row of read.rows) {
    if (!keepReferences(table, row, state)) {
      refused += 1
      continue
    }
    const names = Object.keys(row)
    try {
      target
        .prepare(
          `INSERT OR REPLACE INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`
        )
        .run(...names.map((name) => row[name]))
      saved += 1
      if (table === 'secrets') state.secrets.add(row.id as string)
      if (table === 'connections') state.connections.add(row.id as string)
    } catch (error) {
      // A row whose bytes were garbled fails the new file's checks (types, JSON): it is lost.
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) refused += 1
      else throw error
    }
  }
  if (singleRow) return { table, saved, lost: saved > 0 ? 0 : 1 }
  const expected = read.expected
  if (expected !== undefined && expected >= read.rows.length) {
    return { table, saved, lost: expected - read.rows.length + refused }
  }
  return { table, saved, lost: read.unreadableTail ? null : read.gaps + refused }
}

const renameWithCompanions = (from: string, to: string): void => {
  renameSync(from, to)
  for (const suffix of companions) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix)
  }
}

const freeName = (base: string): string => {
  const taken = (candidate: string) =>
    [candidate, ...companions.map((suffix) => candidate + suffix)].some((p) => existsSync(p))
  let name = base
  for (let n = 2; taken(name); n += 1) name = `${base}-${n}`
  return name
}

const summary = (report: Omit<RecoveryReport, 'message'>): string => {
  const lost = report.tables.some((t) => t.lost !== 0)
  const vault = report.tables.find((t) => t.table === 'vault')
  const what = report.tables.map((t) => `${t.saved} ${t.table.replace('_', ' ')}`).join(', ')
  const tail = report.tables.every((t) => t.saved === 0)
    ? '; nothing in it could be read'
    : vault?.saved === 0
      ? '; the vault row was lost, so the saved secrets cannot be opened'
      : lost
        ? '; some rows could not be read'
        : '; nothing readable was lost'
  return `Hubkeys copied what it could read (${what} rows) into a new ${report.path} and kept the damaged file as ${report.keptAs}${tail}.`
}

/**
 * Recovery for a file `diagnoseFile` calls damaged: builds a new store (fresh schema through the
 * migrations) in a temporary file beside it, copies every readable row, then renames the damaged
 * file (and its WAL) to `<name>.damaged-<timestamp>` and the new one into place. A healthy,
 * foreign or newer file is refused unchanged. Throws `StoreError`.
 */
export const recoverStore = (options: RecoverOptions): RecoveryReport => {
  const path = join(resolve(options.dataDir), options.fileName ?? 'hubkeys.db')
  const diagnosis = diagnoseFile(path, options)
  if (diagnosis.health === 'missing') {
    throw new StoreError('IO', `There is no data file at ${path} to recover.`)
  }
  if (diagnosis.health === 'healthy') {
    throw new StoreError(
      'CONFLICT',
      `${diagnosis.message.slice(0, -1)}; there is nothing to recover.`
    )
  }
  if (diagnosis.health !== 'damaged') throw diagnosis.error
  const stamp = stampOf((options.now ?? Date.now)())
  const temp = freeName(`${path}.recovering-${stamp}`)

  let source: SqliteDb | undefined
  try {
    source = connectSqlite(path, { ...options, readonly: true, fileMustExist: true })
    // Lets SQLite read a file shorter than its header says (truncated) instead of refusing it whole.
    // better-sqlite3's defensive mode ignores writable_schema; the connection is read-only anyway.
    source.unsafeMode(true)
    source.pragma('writable_schema = ON')
  } catch (error) {
    if (error instanceof StoreError) throw error
    source = undefined
  }
  let target: SqliteDb | undefined
  try {
    closeSync(openSync(temp, 'wx', 0o600))
    target = connectSqlite(temp, { ...options, readonly: false })
    target.pragma('foreign_keys = ON')
    migrate(target)
    const state: CopyState = {
      secrets: new Set(),
      connections: new Set(),
      detached: { connections: 0, keys: 0 }
    }
    const tables: TableRecovery[] = []
    const copy = target.transaction(() => {
      for (const table of recoveredTables)
        tables.push(copyTable(source, target as SqliteDb, table, state))
    })
    copy()
    target.close()
    if (source) closeQuietly(source)
    const keptAs = freeName(`${path}.damaged-${stamp}`)
    renameWithCompanions(path, keptAs)
    renameSync(temp, path)
    chmodSync(path, 0o600)
    const report = { path, keptAs, tables, detached: state.detached }
    return { ...report, message: summary(report) }
  } catch (error) {
    if (target?.open) closeQuietly(target)
    if (source?.open) closeQuietly(source)
    for (const file of [temp, ...companions.map((suffix) => temp + suffix)]) {
      if (existsSync(file)) unlinkSync(file)
    }
    if (error instanceof StoreError) throw error
    throw new StoreError(
      'IO',
      `Hubkeys could not recover ${path} because ${reasonFor(error)}; the damaged file was left as it was.`,
      { cause: error }
    )
  }
}

/** The report as lines for people: the summary, then saved and lost per table, then what lost its secret. */
export const recoveryReportLines = (report: RecoveryReport): string[] => [
  report.message,
  ...report.tables.map(
    (t) => `  ${t.table}: ${t.saved} saved, ${t.lost === null ? 'an unknown number' : t.lost} lost`
  ),
  ...(report.detached.connections > 0
    ? [`  ${report.detached.connections} connection(s) lost their credential; add it again.`]
    : []),
  ...(report.detached.keys > 0
    ? [`  ${report.detached.keys} recorded key(s) lost their stored value.`]
    : [])
]
