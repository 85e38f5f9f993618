// SQLite implementation of the SyncStore port: sync runs, zlib-compressed key snapshots and drift rows; main process only.
import type {
  ConnectionRuns,
  DriftRecord,
  KeyStamp,
  SyncRunRecord,
  SyncStore
} from '../../core/ports/sync-store.port'
import type { HubKey } from '../../contract/hubs.contract'
import type { DriftChange, SyncOutcome } from '../../contract/sync.contract'
import type { Statement } from 'better-sqlite3'
import type { SqliteDb } from './migrations'
import { roleNamesWriter } from './hub-names.repository'
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

/**
 * The columns a stamp carries after id, tenant and hub key id, in this order: what a sync or a key
 * action writes. `stored` holds them from `synced_at` on.
 */
const stampColumns =
  'id, tenant, hub_key_id, synced_at, secret_id, name, status, role, scopes, ip_rules, headers, created_at, expires_at, last_used_at, owner, fingerprint, oddities, missing_since, deleted_at'
type StampRow = [
  id: string,
  tenant: string,
  hubKeyId: string,
  syncedAt: number,
  secretId: string | null,
  ...stored: HubColumns,
  missingSince: number | null,
  deletedAt: number | null
]
/** Hub-side columns as `InventoryStore.upsertKey` stores them, in `stampColumns` order. */
type HubColumns = [
  name: string,
  status: string,
  role: string | null,
  scopes: string,
  ipRules: string,
  headers: string,
  createdAt: number | null,
  expiresAt: number | null,
  lastUsedAt: number | null,
  owner: string | null,
  fingerprint: string | null,
  oddities: string
]
/** `stored` starts at synced_at and secret_id; the hub columns follow. */
const hubOffset = 2
/** A row as the bulk statements read it: the key's id, tenant and hub id, then the hub columns. */
type WriteRow = [id: string, tenant: string, hubKeyId: string, ...HubColumns]
/** Where the hub columns start in a WriteRow. */
const rowOffset = 3
const ownerAt = 9
const fingerprintAt = 10
const hubColumnCount = 12

/** Built in one go, without a separate column list: a first sync makes one per key. */
const writeRowOf = (id: string, key: HubKey, status: string): WriteRow => [
  id,
  key.tenant,
  key.hubKeyId,
  key.name,
  status,
  key.role,
  JSON.stringify(key.scopes),
  JSON.stringify(key.ipRules),
  JSON.stringify(key.headers),
  key.createdAt,
  key.expiresAt,
  key.lastUsedAt,
  key.owner,
  key.fingerprint,
  JSON.stringify(key.oddities)
]

/** Would `upsertKey`'s update leave these stored hub-side columns as they are? */
const unchanged = (stored: readonly unknown[], next: WriteRow): boolean => {
  for (let index = 0; index < hubColumnCount; index += 1) {
    const current = stored[hubOffset + index]
    const value = next[rowOffset + index]
    // The owner is local once set; the hub's only fills a gap.
    if (index === ownerAt) {
      if (current === null && value !== null) return false
    } else if (index === fingerprintAt) {
      // A fingerprint the hub does not send is kept.
      if (value !== null && value !== current) return false
    } else if (value !== current) return false
  }
  return true
}

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

  // A sync writes its keys a chunk at a time, each chunk one statement over a JSON array of rows,
  // instead of one statement per key: the per-statement cost was most of a sync's CPU. jsonb_each
  // hands each row over as binary JSON, which `->>` reads without parsing the row's text again.
  // Each row is [id, tenant, hub_key_id, ...the hub columns in HubColumns order].
  const insertKeys = db.prepare<{ rows: string; connection_id: string; synced_at: number }>(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, scopes, ip_rules, headers,
       created_at, expires_at, last_used_at, owner, fingerprint, secret_id, synced_at, oddities)
     SELECT j.value ->> 0, @connection_id, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
       j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10,
       j.value ->> 11, j.value ->> 12, j.value ->> 13, NULL, @synced_at, j.value ->> 14
     FROM jsonb_each(@rows) j`
  )
  const maxKeyRowid = db.prepare<[], number | null>('SELECT max(rowid) FROM keys').pluck()
  // The search index for the rows just inserted (the insert trigger stood aside), from the same
  // view the triggers read: once for all of them, by their rowid range, when that range holds
  // exactly the new rows (SQLite gives a new row the largest rowid plus one); otherwise by id, a
  // chunk at a time. Prepared on first use, like the deferral below.
  let indexRange: Statement<[number]> | undefined
  const indexRowsAfter = () =>
    (indexRange ??= db.prepare<[number]>(
      `INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes, role)
       SELECT s.rid, s.name, s.hub_key_id, s.tenant, s.connection, s.kind, s.tags, s.notes, s.role
       FROM keys_search_text s WHERE s.rid > ?`
    ))
  let indexById: Statement<{ ids: string }> | undefined
  const indexKeysById = () =>
    (indexById ??= db.prepare<{ ids: string }>(
      `INSERT INTO keys_fts (rowid, name, hub_key_id, tenant, connection, kind, tags, notes, role)
       SELECT s.rid, s.name, s.hub_key_id, s.tenant, s.connection, s.kind, s.tags, s.notes, s.role
       FROM json_each(@ids) j
       CROSS JOIN keys k ON k.id = j.value
       JOIN keys_search_text s ON s.rid = k.rowid`
    ))
  // Prepared on first use: tests of older schema steps open this store before step 8 exists.
  let searchDeferral: { defer: Statement; resume: Statement } | undefined
  const deferral = () =>
    (searchDeferral ??= {
      defer: db.prepare('INSERT INTO keys_fts_deferred (id) VALUES (1)'),
      resume: db.prepare('DELETE FROM keys_fts_deferred')
    })
  // The same merge as the inventory's upsert: local fields (notes, tags, secret, a set owner) stay.
  // Same row layout as insertKeys (id first; tenant and hub_key_id are not rewritten).
  const updateKeys = db.prepare<{ rows: string; synced_at: number }>(
    `UPDATE keys SET name = j.value ->> 3, status = j.value ->> 4, role = j.value ->> 5,
       scopes = j.value ->> 6, ip_rules = j.value ->> 7, headers = j.value ->> 8,
       created_at = j.value ->> 9, expires_at = j.value ->> 10, last_used_at = j.value ->> 11,
       owner = COALESCE(keys.owner, j.value ->> 12), fingerprint = COALESCE(j.value ->> 13, keys.fingerprint),
       synced_at = @synced_at, oddities = j.value ->> 14, missing_since = NULL
     FROM jsonb_each(@rows) j
     WHERE keys.id = j.value ->> 0`
  )
  const touchKeys = db.prepare<{ ids: string; synced_at: number }>(
    'UPDATE keys SET synced_at = @synced_at WHERE id IN (SELECT value FROM json_each(@ids))'
  )
  // synced_at is left alone: it stays the last time a listing contained the key.
  const markMissing = db.prepare<{ ids: string; at: number }>(
    `UPDATE keys SET status = 'missing', missing_since = @at
     WHERE id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL`
  )
  /** New keys into an empty table from which rebuilding the plain indexes beats growing them. */
  const bulkIndexRebuildRows = 5000
  const plainKeyIndexes = db.prepare<[], { name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'keys'
       AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'`
  )
  /** Drops the keys table's plain indexes; answers the statements that make them again. */
  const dropPlainKeyIndexes = (): string[] =>
    plainKeyIndexes.all().map(({ name, sql }) => {
      db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`)
      return sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')
    })
  /** Rows per statement: large enough that statement overhead vanishes, small enough to bound memory. */
  const chunkSize = 1000
  const inChunks = <T>(items: readonly T[], write: (chunk: readonly T[]) => void): void => {
    for (let start = 0; start < items.length; start += chunkSize) {
      write(items.slice(start, start + chunkSize))
    }
  }

  const insertDrift = db.prepare(
    `INSERT INTO drift (connection_id, sync_run_id, key_id, tenant, hub_key_id, key_name, at, change, before, after)
     VALUES (@connection_id, @sync_run_id, @key_id, @tenant, @hub_key_id, @key_name, @at, @change, @before, @after)`
  )
  const driftColumns =
    'seq, connection_id, sync_run_id, key_id, tenant, hub_key_id, key_name, at, change, before, after'

  // Raw rows (arrays) read about twice as fast as objects, and this read covers every cached key.
  const keyStamps = db
    .prepare<[string], StampRow>(`SELECT ${stampColumns} FROM keys WHERE connection_id = ?`)
    .raw(true)
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

    keyStamps: (connectionId) =>
      guard('read the cached keys', () =>
        keyStamps.all(connectionId).map((row): KeyStamp => ({
          id: row[0],
          tenant: row[1],
          hubKeyId: row[2],
          syncedAt: row[3],
          secretId: row[4],
          missingSince: row[17],
          deletedAt: row[18],
          stored: row.slice(3)
        }))
      ),
    writeSyncedKeys: (connectionId, writes, syncedAt, cachedStamps) =>
      guard('save the synced keys', () => {
        const cached = new Map<string, KeyStamp>()
        for (const stamp of cachedStamps)
          cached.set(`${stamp.tenant}\u0000${stamp.hubKeyId}`, stamp)
        const ids: string[] = []
        const inserts: WriteRow[] = []
        const updates: WriteRow[] = []
        const touches: string[] = []
        for (const { key, id } of writes) {
          const stamp = cached.get(`${key.tenant}\u0000${key.hubKeyId}`)
          if (!stamp) {
            inserts.push(writeRowOf(id, key, key.status))
            ids.push(id)
            continue
          }
          // Deleted through Hubkeys stays deleted, whatever the hub still lists (a DCT account
          // keeps existing after its key is deleted, and the spec has no field saying it has none).
          const row = writeRowOf(stamp.id, key, stamp.deletedAt != null ? 'deleted' : key.status)
          if (unchanged(stamp.stored, row)) touches.push(stamp.id)
          else updates.push(row)
          ids.push(stamp.id)
        }
        if (inserts.length > 0) {
          deferral().defer.run()
          let rebuild: string[] = []
          try {
            const last = maxKeyRowid.get() ?? 0
            // A first sync of a big hub into an empty table: SQLite builds an index from sorted rows
            // far faster than it grows one row by row, so the plain (non-unique) indexes go for the
            // insert and are built again before this transaction commits; unique ones stay and
            // keep checking every row.
            if (last === 0 && inserts.length >= bulkIndexRebuildRows)
              rebuild = dropPlainKeyIndexes()
            inChunks(inserts, (chunk) =>
              insertKeys.run({
                rows: JSON.stringify(chunk),
                connection_id: connectionId,
                synced_at: syncedAt
              })
            )
            if ((maxKeyRowid.get() ?? 0) - last === inserts.length) indexRowsAfter().run(last)
            else {
              inChunks(inserts, (chunk) =>
                indexKeysById().run({ ids: JSON.stringify(chunk.map((row) => row[0])) })
              )
            }
          } finally {
            for (const create of rebuild) db.exec(create)
            deferral().resume.run()
          }
        }
        inChunks(updates, (chunk) =>
          updateKeys.run({ rows: JSON.stringify(chunk), synced_at: syncedAt })
        )
        inChunks(touches, (chunk) =>
          touchKeys.run({ ids: JSON.stringify(chunk), synced_at: syncedAt })
        )
        return {
          ids,
          inserted: inserts.length,
          updated: updates.length,
          unchanged: touches.length
        }
      }),
    markMissing: (ids, at) =>
      guard('mark keys missing at the hub', () => {
        inChunks(ids, (chunk) => markMissing.run({ ids: JSON.stringify(chunk), at }))
      }),
    replaceRoleNames: roleNamesWriter(db),
    countKeys: () =>
      guard('count the cached keys', () => {
        const counts = new Map<string, number>()
        for (const row of countKeys.all()) counts.set(row.connection_id, row.n)
        return counts
      })
  }
}
