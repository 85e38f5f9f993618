// Stages a sync's pulled keys page by page in SQLite's temporary database and applies a stage to the keys table with set-based statements; main process only.
import type { SyncStore } from '../../core/ports/sync-store.port'
import type { SqliteDb } from './migrations'
import { createCheckpointDeferral, type CheckpointDeferral } from './wal-checkpoint-deferral'
import { translateStoreError } from './sqlite-errors'

/** Columns a sync writes from the hub, as the keys table names them, after tenant and hub_key_id. */
const hubColumns = [
  'name',
  'status',
  'role',
  'scopes',
  'ip_rules',
  'headers',
  'created_at',
  'expires_at',
  'last_used_at',
  'owner',
  'fingerprint',
  'oddities'
] as const

/** Each hub column read from one staged key's JSON (a SnapshotKey); lists stay JSON text. */
const fromKeyJson: Record<(typeof hubColumns)[number] | 'id' | 'tenant' | 'hub_key_id', string> = {
  id: "v ->> '$.id'",
  tenant: "v ->> '$.tenant'",
  hub_key_id: "v ->> '$.hubKeyId'",
  name: "v ->> '$.name'",
  status: "v ->> '$.status'",
  role: "v ->> '$.role'",
  scopes: "v -> '$.scopes'",
  ip_rules: "v -> '$.ipRules'",
  headers: "v -> '$.headers'",
  created_at: "v ->> '$.createdAt'",
  expires_at: "v ->> '$.expiresAt'",
  last_used_at: "v ->> '$.lastUsedAt'",
  owner: "v ->> '$.owner'",
  fingerprint: "v ->> '$.fingerprint'",
  oddities: "v -> '$.oddities'"
}

/** Every column a sync or a key action writes: a row equal in all of them was left alone. */
const stampColumns = [
  'synced_at',
  'secret_id',
  ...hubColumns,
  'missing_since',
  'deleted_at'
] as const

/** The cached row `k` is as the pull found it (`b`): nobody wrote it while the pull ran. */
const untouched = (k: string, b: string) =>
  [`${k}.id = ${b}.id`, ...stampColumns.map((c) => `${k}.${c} IS ${b}.${c}`)].join(' AND ')

/**
 * Would a sync's update leave the cached row `b` as it is, given the hub's row `r`? The same merge
 * as the inventory's upsert: the owner is local once set (the hub's only fills a gap), a
 * fingerprint the hub does not send is kept, and a key deleted through Hubkeys stays `deleted`.
 */
const unchangedBy = (r: string, b: string) =>
  hubColumns
    .map((c) =>
      c === 'owner'
        ? `NOT (${b}.owner IS NULL AND ${r}.owner IS NOT NULL)`
        : c === 'fingerprint'
          ? `(${r}.fingerprint IS NULL OR ${r}.fingerprint IS ${b}.fingerprint)`
          : c === 'status'
            ? `(CASE WHEN ${b}.deleted_at IS NOT NULL THEN 'deleted' ELSE ${r}.status END) IS ${b}.status`
            : `${r}.${c} IS ${b}.${c}`
    )
    .join(' AND ')

/** What a staged key's row is to the cache as the pull found it (the `action` column). */
const newToCache = 0
const unchanged = 1
const changed = 2

/** New keys into an empty table from which rebuilding the plain indexes beats growing them. */
const bulkIndexRebuildRows = 5000
/** The search index's columns (migration 15), filled from the keys_search_text view. */
const searchColumns = ['name', 'hub_key_id', 'tenant', 'tags', 'notes', 'role', 'conn'] as const
/** SQLite's largest rowid: past it, new rows take random rowids, so no range holds them. */
const maxRowid = 9223372036854775807n

/**
 * The staging half of the SQLite sync store. A stage lives in the connection's temporary database
 * (tables `temp.sync_*`, keyed by the stage's run number), so staging a page takes no lock on the
 * store's file and any number of pulls stage side by side; closing the database drops them all.
 */
export const createSyncStageStore = (
  db: SqliteDb,
  // While any stage is open, automatic WAL checkpoints wait (see wal-checkpoint-deferral.ts).
  checkpoints: CheckpointDeferral = createCheckpointDeferral(db)
): Pick<SyncStore, 'openStage' | 'stageKeys' | 'applyStage' | 'dropStage'> => {
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }
  // Made and prepared on first use: the temporary tables belong to this database connection.
  let statements: ReturnType<typeof prepare> | undefined
  const prepare = () => {
    // The temporary database lives in memory (open-db's temp_store): without auto-vacuum, the
    // pages of the biggest sync ever staged would stay with the connection for good once emptied.
    // Takes effect only while the temporary database is still empty, as it is before this runs.
    db.pragma('temp.auto_vacuum = FULL')
    db.exec(`
      -- AUTOINCREMENT: a run number is never given twice, so rows a closed stage left behind
      -- (see dropStage) can never mix with a later stage's.
      CREATE TEMP TABLE IF NOT EXISTS sync_stages (
        run INTEGER PRIMARY KEY AUTOINCREMENT,
        connection_id TEXT NOT NULL
      );
      CREATE TEMP TABLE IF NOT EXISTS sync_before (
        run INTEGER NOT NULL, tenant TEXT NOT NULL, hub_key_id TEXT NOT NULL, id TEXT NOT NULL,
        ${stampColumns.join(', ')}
      );
      CREATE UNIQUE INDEX IF NOT EXISTS temp.sync_before_key ON sync_before (run, tenant, hub_key_id);
      CREATE TEMP TABLE IF NOT EXISTS sync_stage (
        run INTEGER NOT NULL, tenant TEXT NOT NULL, hub_key_id TEXT NOT NULL, id TEXT NOT NULL,
        ${hubColumns.join(', ')},
        action INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS temp.sync_stage_key ON sync_stage (run, tenant, hub_key_id);
      CREATE INDEX IF NOT EXISTS temp.sync_stage_action ON sync_stage (run, action);
    `)
    const rowColumns = ['tenant', 'hub_key_id', 'id', ...hubColumns] as const
    const keysColumns = `id, connection_id, tenant, hub_key_id, ${hubColumns.join(', ')}, role_label, secret_id, synced_at`
    // The Role sort's label (migration 14), here so its insert trigger stands aside for each row;
    // the role names this sync read are written before its keys (sync-apply.ts).
    const roleLabel = `coalesce((SELECT nullif(n.name, '') FROM hub_names n WHERE n.connection_id = @connection_id
      AND n.kind = 'role' AND n.hub_id = s.role), s.role)`
    /**
     * The staged rows of a run with one action whose cached row is still as the pull found it;
     * CROSS JOIN keeps the staged rows outermost, so only rows with that action are read.
     */
    const stagedUntouched = (action: number) => `FROM temp.sync_stage s
      CROSS JOIN temp.sync_before b ON b.run = s.run AND b.tenant = s.tenant AND b.hub_key_id = s.hub_key_id
      WHERE s.run = @run AND s.action = ${action} AND keys.id = s.id AND ${untouched('keys', 'b')}`
    return {
      open: db
        .prepare<[string], number>(
          'INSERT INTO temp.sync_stages (connection_id) VALUES (?) RETURNING run'
        )
        .pluck(),
      connectionOf: db
        .prepare<[number], string>('SELECT connection_id FROM temp.sync_stages WHERE run = ?')
        .pluck(),
      remember: db.prepare<{ run: number; connection_id: string }>(
        `INSERT INTO temp.sync_before (run, tenant, hub_key_id, id, ${stampColumns.join(', ')})
         SELECT @run, tenant, hub_key_id, id, ${stampColumns.join(', ')}
         FROM keys WHERE connection_id = @connection_id`
      ),
      cachedIds: db
        .prepare<[number], [string, string, string]>(
          'SELECT tenant, hub_key_id, id FROM temp.sync_before WHERE run = ?'
        )
        .raw(true),
      // One statement per page. A key listed twice replaces its first copy: the later one wins.
      stage: db.prepare<{ run: number; keys: string }>(
        `INSERT OR REPLACE INTO temp.sync_stage (run, ${rowColumns.join(', ')}, action)
         SELECT @run, ${rowColumns.map((c) => `r.${c}`).join(', ')},
           CASE WHEN b.id IS NULL THEN ${newToCache}
             WHEN ${unchangedBy('r', 'b')} THEN ${unchanged} ELSE ${changed} END
         FROM (SELECT ${rowColumns.map((c) => `${fromKeyJson[c]} AS ${c}`).join(', ')}
               FROM (SELECT value AS v FROM jsonb_each(@keys))) r
         LEFT JOIN temp.sync_before b
           ON b.run = @run AND b.tenant = r.tenant AND b.hub_key_id = r.hub_key_id`
      ),
      stagedCount: db
        .prepare<[number], number>('SELECT count(*) FROM temp.sync_stage WHERE run = ?')
        .pluck(),
      // A key Hubkeys created or re-created while the pull ran keeps the id the cache gave it.
      movedIds: db
        .prepare<{ run: number; connection_id: string }, [string, string, string]>(
          `SELECT k.tenant, k.hub_key_id, k.id FROM temp.sync_stage s
           JOIN keys k ON k.connection_id = @connection_id AND k.tenant = s.tenant
             AND k.hub_key_id = s.hub_key_id
           WHERE s.run = @run AND k.id <> s.id`
        )
        .raw(true),
      maxKeyRowid: db
        .prepare<[], bigint | null>('SELECT max(rowid) FROM keys')
        .pluck()
        .safeIntegers(true),
      inserts: [
        // Keys new to the cache when the pull started, unless Hubkeys created one meanwhile.
        `INSERT INTO keys (${keysColumns})
         SELECT s.id, @connection_id, s.tenant, s.hub_key_id, ${hubColumns.map((c) => `s.${c}`).join(', ')},
           ${roleLabel}, NULL, @synced_at
         FROM temp.sync_stage s WHERE s.run = @run AND s.action = ${newToCache}
         ON CONFLICT (connection_id, tenant, hub_key_id) DO NOTHING`,
        // Keys cached when the pull started and forgotten since: the listing brings them back.
        `INSERT INTO keys (${keysColumns})
         SELECT s.id, @connection_id, s.tenant, s.hub_key_id, ${hubColumns.map((c) => `s.${c}`).join(', ')},
           ${roleLabel}, NULL, @synced_at
         FROM temp.sync_stage s WHERE s.run = @run AND s.action <> ${newToCache}
           AND NOT EXISTS (SELECT 1 FROM keys k WHERE k.connection_id = @connection_id
             AND k.tenant = s.tenant AND k.hub_key_id = s.hub_key_id)`
      ].map((sql) => db.prepare<{ run: number; connection_id: string; synced_at: number }>(sql)),
      // The merge of the inventory's upsert; a key listed again stops being missing.
      update: db.prepare<{ run: number; synced_at: number }>(
        `UPDATE keys SET name = s.name,
           status = CASE WHEN keys.deleted_at IS NOT NULL THEN 'deleted' ELSE s.status END,
           role = s.role, scopes = s.scopes, ip_rules = s.ip_rules, headers = s.headers,
           created_at = s.created_at, expires_at = s.expires_at, last_used_at = s.last_used_at,
           owner = COALESCE(keys.owner, s.owner), fingerprint = COALESCE(s.fingerprint, keys.fingerprint),
           oddities = s.oddities, synced_at = @synced_at, missing_since = NULL
         ${stagedUntouched(changed)}`
      ),
      // Unchanged keys only move synced_at, so the search index is not rewritten for them.
      touch: db.prepare<{ run: number; synced_at: number }>(
        `UPDATE keys SET synced_at = @synced_at ${stagedUntouched(unchanged)}`
      ),
      // synced_at is left alone: it stays the last time a listing contained the key.
      markMissing: db.prepare<{ run: number; at: number }>(
        `UPDATE keys SET status = 'missing', missing_since = @at
         FROM temp.sync_before b
         WHERE b.run = @run AND keys.id = b.id AND b.missing_since IS NULL AND b.deleted_at IS NULL
           AND ${untouched('keys', 'b')}
           AND NOT EXISTS (SELECT 1 FROM temp.sync_stage s
             WHERE s.run = @run AND s.tenant = b.tenant AND s.hub_key_id = b.hub_key_id)`
      ),
      // The search index for the rows just inserted (migration 0008's deferral row holds the
      // per-row trigger back), from the view the triggers read, once for all by their rowids.
      indexAfter: db.prepare<[number | bigint]>(
        `INSERT INTO keys_fts (rowid, ${searchColumns.join(', ')})
         SELECT s.rid, ${searchColumns.map((c) => `s.${c}`).join(', ')}
         FROM keys_search_text s WHERE s.rid > ?`
      ),
      indexRowids: db.prepare<{ rowids: string }>(
        `INSERT INTO keys_fts (rowid, ${searchColumns.join(', ')})
         SELECT s.rid, ${searchColumns.map((c) => `s.${c}`).join(', ')}
         FROM json_each(@rowids) j JOIN keys_search_text s ON s.rid = j.value`
      ),
      defer: db.prepare('INSERT INTO keys_fts_deferred (id) VALUES (1)'),
      resume: db.prepare('DELETE FROM keys_fts_deferred'),
      plainKeyIndexes: db.prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'keys'
           AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'`
      ),
      close: db.prepare<[number]>('DELETE FROM temp.sync_stages WHERE run = ?'),
      openCount: db.prepare<[], number>('SELECT count(*) FROM temp.sync_stages').pluck(),
      // Without a WHERE clause SQLite empties a table by freeing its pages, not row by row.
      clear: [db.prepare('DELETE FROM temp.sync_stage'), db.prepare('DELETE FROM temp.sync_before')]
    }
  }
  const ready = () => (statements ??= prepare())

  /** Inserts the staged keys the cache lacks and indexes them for search; answers how many. */
  const insertNew = (
    s: ReturnType<typeof prepare>,
    params: { run: number; connection_id: string; synced_at: number }
  ): number => {
    const last = s.maxKeyRowid.get() ?? 0n
    const staged = s.stagedCount.get(params.run) ?? 0
    s.defer.run()
    let rebuild: string[] = []
    try {
      // A first sync of a big hub into an empty table: SQLite builds an index from sorted rows far
      // faster than it grows one row by row, so the plain (non-unique) indexes go for the insert
      // and are built again before the transaction commits; unique ones stay and check every row.
      if (last === 0n && staged >= bulkIndexRebuildRows) {
        rebuild = s.plainKeyIndexes.all().map(({ name, sql }) => {
          db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`)
          return sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')
        })
      }
      // New rows take the largest rowid plus one, unless that would pass SQLite's largest.
      if (last + BigInt(staged) <= maxRowid) {
        const inserted = s.inserts.reduce((total, insert) => total + insert.run(params).changes, 0)
        if (inserted > 0) s.indexAfter.run(last)
        return inserted
      }
      const rowids = s.inserts.flatMap((insert) =>
        db
          .prepare<typeof params, bigint>(`${insert.source} RETURNING rowid`)
          .pluck()
          .safeIntegers(true)
          .all(params)
      )
      s.indexRowids.run({ rowids: `[${rowids.join(',')}]` })
      return rowids.length
    } finally {
      for (const create of rebuild) db.exec(create)
      s.resume.run()
    }
  }

  return {
    openStage: (connectionId) =>
      guard('start the sync', () => {
        const s = ready()
        const run = s.open.get(connectionId) as number
        s.remember.run({ run, connection_id: connectionId })
        const cached = s.cachedIds
          .all(run)
          .map(([tenant, hubKeyId, id]) => ({ tenant, hubKeyId, id }))
        checkpoints.hold()
        return { stageId: run, cached }
      }),
    stageKeys: (stageId, keysJson) =>
      guard('stage the pulled keys', () => {
        ready().stage.run({ run: stageId, keys: keysJson })
      }),
    applyStage: (stageId, { syncedAt, markMissing }) =>
      guard('save the synced keys', () => {
        const s = ready()
        const connectionId = s.connectionOf.get(stageId)
        if (connectionId === undefined) throw new Error(`sync stage ${stageId} is not open`)
        const run = { run: stageId, synced_at: syncedAt }
        const movedIds = s.movedIds
          .all({ run: stageId, connection_id: connectionId })
          .map(([tenant, hubKeyId, id]) => ({ tenant, hubKeyId, id }))
        const inserted = insertNew(s, { ...run, connection_id: connectionId })
        const updated = s.update.run(run).changes
        const unchangedCount = s.touch.run(run).changes
        const missing = markMissing ? s.markMissing.run({ run: stageId, at: syncedAt }).changes : 0
        return { inserted, updated, unchanged: unchangedCount, missing, movedIds }
      }),
    // A closed stage's rows stay until no stage is open, then all go at once: deleting one run's
    // rows from tables other runs share costs as much as staging them, and it would come right
    // after each apply, while the other connections wait for theirs.
    dropStage: (stageId) =>
      guard('clear the staged keys', () => {
        const s = ready()
        s.close.run(stageId)
        if (s.openCount.get() !== 0) return
        try {
          for (const statement of s.clear) statement.run()
        } finally {
          checkpoints.release()
        }
      })
  }
}
