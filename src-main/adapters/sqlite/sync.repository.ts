// SQLite implementation of the SyncStore port: sync runs, zlib-compressed key snapshots and drift rows; main process only.
import type {
  ConnectionRuns,
  DriftRecord,
  SyncRunRecord,
  SyncStore
} from '../../core/ports/sync-store.port'
import type { DriftChange, SyncOutcome } from '../../contract/sync.contract'
import type { SqliteDb } from './migrations'
import { roleNamesWriter } from './hub-names.repository'
import { createSyncStageStore } from './sync-stage.repository'
import { translateStoreError } from './sqlite-errors'

interface RunRow {
  id: string
  connection_id: string
  started_at: number
  finished_at: number | null
  status: SyncOutcome | 'running'
  error_code: string | null
  error: string | null
  pages: number
  keys_seen: number
  added: number
  removed: number
  changed: number
  partial: 0 | 1
}

interface DriftRow {
  seq: number
  connection_id: string
  sync_run_id: string | null
  key_id: string
  tenant: string
  hub_key_id: string
  key_name: string
  at: number
  change: DriftChange
  before: string | null
  after: string | null
}

interface SnapshotRow {
  sync_run_id: string
  connection_id: string
  taken_at: number
  key_count: number
  body: Buffer
}

const toRun = (row: RunRow): SyncRunRecord => ({
  id: row.id,
  connectionId: row.connection_id,
  startedAt: row.started_at,
  finishedAt: row.finished_at ?? row.started_at,
  // 'running' rows are never written by this build; an old one reads as a run that did not finish.
  // A partial run is stored with how its listing ended (failed or cancelled) and `partial` = 1.
  outcome: row.partial === 1 ? 'partial' : row.status === 'running' ? 'failed' : row.status,
  errorCode: row.error_code,
  error: row.error,
  pages: row.pages,
  keysSeen: row.keys_seen,
  added: row.added,
  removed: row.removed,
  changed: row.changed
})

const parseJson = (text: string | null): unknown => {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

const toDrift = (row: DriftRow): DriftRecord => ({
  seq: row.seq,
  connectionId: row.connection_id,
  syncRunId: row.sync_run_id,
  keyId: row.key_id,
  tenant: row.tenant,
  hubKeyId: row.hub_key_id,
  keyName: row.key_name,
  at: row.at,
  change: row.change,
  before: parseJson(row.before),
  after: parseJson(row.after)
})

/** JSON for a drift value; `undefined` becomes SQL NULL (no value), `null` stays JSON null. */
const jsonOrNull = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value)

/** Needs a migrated database (`openStore`); share it with the inventory store so one transaction covers both. */
export const createSqliteSyncStore = (db: SqliteDb): SyncStore => {
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }
  const runColumns =
    'id, connection_id, started_at, finished_at, status, error_code, error, pages, keys_seen, added, removed, changed, partial'
  const insertRun = db.prepare(
    `INSERT INTO sync_runs (${runColumns})
     VALUES (@id, @connection_id, @started_at, @finished_at, @status, @error_code, @error, @pages, @keys_seen,
       @added, @removed, @changed, @partial)`
  )
  // rowid breaks ties between runs that ended in the same millisecond: the later insert wins.
  const latestRuns = db.prepare<[], RunRow>(
    `SELECT ${runColumns} FROM sync_runs r
     WHERE r.rowid = (SELECT r2.rowid FROM sync_runs r2 WHERE r2.connection_id = r.connection_id
                      ORDER BY r2.started_at DESC, r2.rowid DESC LIMIT 1)`
  )
  const latestOkRuns = db.prepare<[], RunRow>(
    `SELECT ${runColumns} FROM sync_runs r
     WHERE r.rowid = (SELECT r2.rowid FROM sync_runs r2 WHERE r2.connection_id = r.connection_id
                      AND r2.status = 'ok' ORDER BY r2.started_at DESC, r2.rowid DESC LIMIT 1)`
  )
  const listRuns = db.prepare<[string, number], RunRow>(
    `SELECT ${runColumns} FROM sync_runs WHERE connection_id = ?
     ORDER BY started_at DESC, rowid DESC LIMIT ?`
  )

  const insertSnapshot = db.prepare(
    `INSERT INTO key_snapshots (sync_run_id, connection_id, taken_at, key_count, body)
     VALUES (@sync_run_id, @connection_id, @taken_at, @key_count, @body)`
  )
  const latestSnapshot = db.prepare<[string], SnapshotRow>(
    `SELECT s.sync_run_id, s.connection_id, s.taken_at, s.key_count, s.body FROM key_snapshots s
     WHERE s.connection_id = ? ORDER BY s.taken_at DESC, s.rowid DESC LIMIT 1`
  )
  const pruneSnapshots = db.prepare<[string, string, number]>(
    `DELETE FROM key_snapshots WHERE connection_id = ? AND rowid NOT IN (
       SELECT rowid FROM key_snapshots WHERE connection_id = ? ORDER BY taken_at DESC, rowid DESC LIMIT ?)`
  )

  const insertDrift = db.prepare(
    `INSERT INTO drift (connection_id, sync_run_id, key_id, tenant, hub_key_id, key_name, at, change, before, after)
     VALUES (@connection_id, @sync_run_id, @key_id, @tenant, @hub_key_id, @key_name, @at, @change, @before, @after)`
  )
  const driftColumns =
    'seq, connection_id, sync_run_id, key_id, tenant, hub_key_id, key_name, at, change, before, after'

  const countKeys = db.prepare<[], { connection_id: string; n: number }>(
    'SELECT connection_id, count(*) AS n FROM keys GROUP BY connection_id'
  )

  return {
    insertRun: (run) =>
      guard('record the sync', () => {
        insertRun.run({
          id: run.id,
          connection_id: run.connectionId,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          status:
            run.outcome === 'partial' ? (run.errorCode ? 'failed' : 'cancelled') : run.outcome,
          error_code: run.errorCode,
          error: run.error,
          pages: run.pages,
          keys_seen: run.keysSeen,
          added: run.added,
          removed: run.removed,
          changed: run.changed,
          partial: run.outcome === 'partial' ? 1 : 0
        })
      }),
    latestRuns: () =>
      guard('read the sync status', () => {
        const byConnection = new Map<string, ConnectionRuns>()
        const entry = (connectionId: string): ConnectionRuns => {
          let found = byConnection.get(connectionId)
          if (!found) {
            found = { connectionId }
            byConnection.set(connectionId, found)
          }
          return found
        }
        for (const row of latestRuns.all()) entry(row.connection_id).lastRun = toRun(row)
        for (const row of latestOkRuns.all()) entry(row.connection_id).lastOk = toRun(row)
        return [...byConnection.values()]
      }),
    listRuns: (connectionId, limit) =>
      guard('read the sync history', () => listRuns.all(connectionId, limit).map(toRun)),

    putSnapshot: (snapshot) =>
      guard('store the snapshot', () => {
        insertSnapshot.run({
          sync_run_id: snapshot.syncRunId,
          connection_id: snapshot.connectionId,
          taken_at: snapshot.takenAt,
          key_count: snapshot.keyCount,
          body: snapshot.body
        })
      }),
    latestSnapshot: (connectionId) =>
      guard('read the last snapshot', () => {
        const row = latestSnapshot.get(connectionId)
        if (!row) return undefined
        return {
          syncRunId: row.sync_run_id,
          connectionId: row.connection_id,
          takenAt: row.taken_at,
          keyCount: row.key_count,
          body: row.body
        }
      }),
    pruneSnapshots: (connectionId, keep) =>
      guard(
        'prune old snapshots',
        () => pruneSnapshots.run(connectionId, connectionId, Math.max(1, keep)).changes
      ),

    insertDrift: (connectionId, syncRunId, at, rows) =>
      guard('record what changed', () => {
        for (const row of rows) {
          insertDrift.run({
            connection_id: connectionId,
            sync_run_id: syncRunId,
            key_id: row.keyId,
            tenant: row.tenant,
            hub_key_id: row.hubKeyId,
            key_name: row.keyName,
            at,
            change: row.change,
            before: jsonOrNull(row.before),
            after: jsonOrNull(row.after)
          })
        }
      }),
    listDrift: (filter) =>
      guard('read the history', () => {
        const where: string[] = []
        const params: (string | number)[] = []
        if (filter.keyId !== undefined) {
          where.push('key_id = ?')
          params.push(filter.keyId)
        }
        if (filter.connectionId !== undefined) {
          where.push('connection_id = ?')
          params.push(filter.connectionId)
        }
        if (filter.before !== undefined) {
          where.push('seq < ?')
          params.push(filter.before)
        }
        const sql = `SELECT ${driftColumns} FROM drift ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY seq DESC LIMIT ?`
        return db
          .prepare<(string | number)[], DriftRow>(sql)
          .all(...params, filter.limit)
          .map(toDrift)
      }),

    ...createSyncStageStore(db),
    replaceRoleNames: roleNamesWriter(db),
    countKeys: () =>
      guard('count the cached keys', () => {
        const counts = new Map<string, number>()
        for (const row of countKeys.all()) counts.set(row.connection_id, row.n)
        return counts
      })
  }
}
