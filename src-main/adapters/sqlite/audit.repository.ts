// SQLite implementation of the AuditStore port: the hash-chained audit_log table (append, ordered reads, filtered pages, retention cut); main process only.
import type { AuditQuery } from '../../contract/audit.contract'
import type { AuditStore, ChainTip, StoredAuditEntry } from '../../core/ports/audit-store.port'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

interface AuditRow {
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  detail: string | null
  prev_hash: Uint8Array | null
  hash: Uint8Array
}

const toEntry = (row: AuditRow): StoredAuditEntry => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  target: row.target,
  detail: row.detail,
  prevHash: row.prev_hash,
  hash: row.hash
})

/** The detail fields filters read; detail is canonical JSON written by core (json_valid CHECK). */
const field = (name: string) => `json_extract(detail, '$.${name}')`

/** WHERE clause and parameters for one audit:list query (everything bound, nothing spliced). */
const whereOf = (query: AuditQuery): { sql: string; params: unknown[] } => {
  const clauses: string[] = []
  const params: unknown[] = []
  if (query.key !== undefined) {
    clauses.push(
      `(${field('keyId')} = ? OR ${field('hubKeyId')} = ? OR ${field('fingerprint')} = ?)`
    )
    params.push(query.key, query.key, query.key)
  }
  if (query.connectionId !== undefined) {
    // A sync names every connection it covered in `connectionIds`.
    clauses.push(
      `(${field('connectionId')} = ? OR EXISTS (SELECT 1 FROM json_each(detail, '$.connectionIds') WHERE value = ?))`
    )
    params.push(query.connectionId, query.connectionId)
  }
  if (query.actions !== undefined) {
    clauses.push(`action IN (${query.actions.map(() => '?').join(', ')})`)
    params.push(...query.actions)
  }
  if (query.outcome === 'error') clauses.push(`${field('outcome')} <> 'ok'`)
  else if (query.outcome !== undefined) {
    clauses.push(`${field('outcome')} = ?`)
    params.push(query.outcome)
  }
  if (query.from !== undefined) {
    clauses.push('at >= ?')
    params.push(query.from)
  }
  if (query.to !== undefined) {
    clauses.push('at <= ?')
    params.push(query.to)
  }
  if (query.text) {
    // instr, not LIKE: the text is matched literally, `%` and `_` included.
    clauses.push(
      `instr(lower(action || ' ' || actor || ' ' || coalesce(detail, '')), lower(?)) > 0`
    )
    params.push(query.text)
  }
  if (query.before !== undefined) {
    clauses.push('seq < ?')
    params.push(query.before)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

/** Needs a migrated database (schema 1 or later: audit_log is in the first step). */
export const createSqliteAuditStore = (db: SqliteDb): AuditStore => {
  const tipStatement = db.prepare<[], ChainTip>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'
  )
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @target, @detail, @prevHash, @hash)`
  )
  const chain = db.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?'
  )
  const lastBefore = db.prepare<[number], AuditRow>(
    'SELECT * FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1'
  )
  const countThrough = db
    .prepare<[number], number>('SELECT count(*) FROM audit_log WHERE seq <= ?')
    .pluck()
  // The one DELETE of the audit log: retention, after its anchor is written (see cut).
  const removeThrough = db.prepare<[number]>('DELETE FROM audit_log WHERE seq <= ?')

  const write = (entry: StoredAuditEntry) =>
    insert.run({
      ...entry,
      prevHash: entry.prevHash === null ? null : Buffer.from(entry.prevHash),
      hash: Buffer.from(entry.hash)
    })

  const guarded = <T>(doing: string, run: () => T): T => {
    try {
      return run()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }

  return {
    append: (seal) =>
      guarded('write the audit log', () =>
        // IMMEDIATE: the CLI and the app may append at once; the tip must not change under us.
        db
          .transaction(() => {
            const entry = seal(tipStatement.get() ?? null)
            write(entry)
            return entry
          })
          .immediate()
      ),
    readChain: (afterSeq, limit) =>
      guarded('read the audit log', () => chain.all(afterSeq, limit).map(toEntry)),
    list: (query) =>
      guarded('read the audit log', () => {
        const { sql, params } = whereOf(query)
        return db
          .prepare<unknown[], AuditRow>(`SELECT * FROM audit_log ${sql} ORDER BY seq DESC LIMIT ?`)
          .all(...params, query.limit + 1)
          .map(toEntry)
      }),
    cut: (before, sealAnchor) =>
      guarded('apply the audit retention', () =>
        db
          .transaction(() => {
            const last = lastBefore.get(before)
            const tip = tipStatement.get()
            if (!last || !tip) return 0
            const removed = countThrough.get(last.seq) as number
            // The anchor goes in first: it carries the last removed entry's hash, so verify can
            // still check that the oldest kept entry followed it.
            write(sealAnchor(tip, toEntry(last), removed))
            removeThrough.run(last.seq)
            return removed
          })
          .immediate()
      )
  }
}
