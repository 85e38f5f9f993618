// SQLite implementation of the UsageStore port: buckets (packed per chunk of a series), fetch ranges and quota in the usage_* tables; main process only.
import type { UsagePoint } from '../../contract/hubs.contract'
import { amountAt } from '../../contract/usage.contract'
import type {
  UsageColumns,
  UsageFetch,
  UsageQuota,
  UsageScope,
  UsageSeriesId,
  UsageStore
} from '../../core/ports/usage-store.port'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'
import { chunkOf, packChunk, unpackChunks, type PackedChunk } from './usage-chunk.codec'

interface FetchRow {
  range_from: number
  range_to: number
  fetched_at: number
  oddities: string
}

interface QuotaRow {
  total: number | null
  used: number | null
  remaining: number | null
  period: string | null
  fetched_at: number
  oddities: string
}

const oddityList = (text: string): string[] => {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
  } catch {
    // json_valid CHECK on the column: only a file edited by hand gets here.
    return []
  }
}

const seriesArgs = (s: UsageSeriesId) => [s.connectionId, s.scope, s.subject, s.interval] as const

const guard = <T>(doing: string, fn: () => T): T => {
  try {
    return fn()
  } catch (error) {
    throw translateStoreError(error, doing)
  }
}

export const createSqliteUsageStore = (db: SqliteDb): UsageStore => {
  const selectChunk = db.prepare(
    `SELECT count, starts, requests, bytes FROM usage_chunks
     WHERE connection_id = ? AND scope = ? AND subject = ? AND interval = ? AND chunk_start = ?`
  )
  const upsertChunk = db.prepare(
    `INSERT INTO usage_chunks
       (connection_id, scope, subject, interval, chunk_start, count, starts, requests, bytes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, scope, subject, interval, chunk_start)
     DO UPDATE SET count = excluded.count, starts = excluded.starts,
       requests = excluded.requests, bytes = excluded.bytes`
  )
  // A fetch wholly inside the new one says nothing the new one does not; keep the table small.
  const dropCovered = db.prepare(
    `DELETE FROM usage_fetches
     WHERE connection_id = ? AND scope = ? AND subject = ? AND interval = ?
       AND range_from >= ? AND range_to <= ?`
  )
  const insertFetch = db.prepare(
    `INSERT INTO usage_fetches (connection_id, scope, subject, interval, range_from, range_to, fetched_at, oddities)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  )
  // The primary key's index, in chunk order: a 90-day minute series is 92 rows of packed
  // columns (one per UTC day it touches).
  const selectChunks = db.prepare(
    `SELECT count, starts, requests, bytes FROM usage_chunks
     WHERE connection_id = ? AND scope = ? AND subject = ? AND interval = ?
       AND chunk_start >= ? AND chunk_start < ?
     ORDER BY chunk_start`
  )
  const selectFetches = db.prepare(
    `SELECT range_from, range_to, fetched_at, oddities FROM usage_fetches
     WHERE connection_id = ? AND scope = ? AND subject = ? AND interval = ?
       AND range_from < ? AND range_to > ?
     ORDER BY fetched_at, id`
  )
  const selectSubjects = db.prepare(
    `SELECT DISTINCT subject FROM usage_fetches WHERE connection_id = ? AND scope = ? ORDER BY subject`
  )
  const upsertQuota = db.prepare(
    `INSERT INTO usage_quota (connection_id, total, used, remaining, period, fetched_at, oddities)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id) DO UPDATE SET total = excluded.total, used = excluded.used,
       remaining = excluded.remaining, period = excluded.period,
       fetched_at = excluded.fetched_at, oddities = excluded.oddities`
  )
  const selectQuota = db.prepare(
    `SELECT total, used, remaining, period, fetched_at, oddities FROM usage_quota WHERE connection_id = ?`
  )

  const updateKeyTotals = db.prepare(
    `UPDATE keys SET usage_7d = ?, usage_30d = ?, last_used_at = ? WHERE id = ?`
  )

  /** Rewrites one chunk with `points` merged in: a start already there takes the new values. */
  const mergeChunk = (
    args: ReturnType<typeof seriesArgs>,
    chunk: number,
    points: readonly UsagePoint[]
  ) => {
    const byStart = new Map<number, UsagePoint>()
    const stored = selectChunk.get(...args, chunk) as PackedChunk | undefined
    if (stored) {
      const old = unpackChunks([stored], -Infinity, Infinity)
      old.at.forEach((at, i) =>
        byStart.set(at, { at, requests: amountAt(old.requests, i), bytes: amountAt(old.bytes, i) })
      )
    }
    // In the hub's order: a start it sent twice keeps the later values, as a row upsert did.
    for (const point of points) byStart.set(point.at, point)
    const merged = [...byStart.values()].sort((a, b) => a.at - b.at)
    const packed = packChunk({
      at: merged.map((point) => point.at),
      requests: merged.map((point) => point.requests),
      bytes: merged.map((point) => point.bytes)
    })
    upsertChunk.run(...args, chunk, packed.count, packed.starts, packed.requests, packed.bytes)
  }

  const mergeAll = db.transaction(
    (series: UsageSeriesId, points: readonly UsagePoint[], fetch: UsageFetch) => {
      const args = seriesArgs(series)
      const byChunk = new Map<number, UsagePoint[]>()
      for (const point of points) {
        const chunk = chunkOf(point.at, series.interval)
        const list = byChunk.get(chunk)
        if (list) list.push(point)
        else byChunk.set(chunk, [point])
      }
      for (const [chunk, list] of byChunk) mergeChunk(args, chunk, list)
      dropCovered.run(...args, fetch.from, fetch.to)
      insertFetch.run(
        ...args,
        fetch.from,
        fetch.to,
        fetch.fetchedAt,
        JSON.stringify(fetch.oddities)
      )
    }
  )

  const readColumns = (series: UsageSeriesId, from: number, to: number): UsageColumns => {
    if (!(from < to)) return unpackChunks([], from, to)
    const chunks = selectChunks.all(
      ...seriesArgs(series),
      chunkOf(from, series.interval),
      to
    ) as PackedChunk[]
    return unpackChunks(chunks, from, to)
  }

  return {
    merge: (series, points, fetch) => guard('save usage', () => mergeAll(series, points, fetch)),
    read: (series, from, to) =>
      guard('read usage', () => {
        const columns = readColumns(series, from, to)
        const out = new Array<UsagePoint>(columns.at.length)
        for (let i = 0; i < out.length; i += 1)
          out[i] = {
            at: columns.at[i] as number,
            requests: amountAt(columns.requests, i),
            bytes: amountAt(columns.bytes, i)
          }
        return out
      }),
    readColumns: (series, from, to) => guard('read usage', () => readColumns(series, from, to)),
    fetches: (series, from, to) =>
      guard('read usage', () =>
        (selectFetches.all(...seriesArgs(series), to, from) as FetchRow[]).map((row) => ({
          from: row.range_from,
          to: row.range_to,
          fetchedAt: row.fetched_at,
          oddities: oddityList(row.oddities)
        }))
      ),
    subjects: (connectionId: string, scope: UsageScope) =>
      guard('read usage', () =>
        (selectSubjects.all(connectionId, scope) as { subject: string }[]).map((r) => r.subject)
      ),
    writeKeyTotals: (keyId, totals) =>
      guard('save the usage totals', () => {
        // INTEGER columns: totals of fractional amounts are rounded for the inventory's sorts.
        const whole = (value: number | null) => (value === null ? null : Math.round(value))
        updateKeyTotals.run(
          whole(totals.usage7d),
          whole(totals.usage30d),
          whole(totals.lastUsedAt),
          keyId
        )
      }),
    saveQuota: (connectionId: string, quota: UsageQuota, fetchedAt: number) =>
      guard('save the quota', () => {
        upsertQuota.run(
          connectionId,
          quota.total ?? null,
          quota.used ?? null,
          quota.remaining ?? null,
          quota.period ?? null,
          fetchedAt,
          JSON.stringify(quota.oddities)
        )
      }),
    readQuota: (connectionId: string) =>
      guard('read the quota', () => {
        const row = selectQuota.get(connectionId) as QuotaRow | undefined
        if (!row) return undefined
        return {
          quota: {
            total: row.total ?? undefined,
            used: row.used ?? undefined,
            remaining: row.remaining ?? undefined,
            period: row.period ?? undefined,
            oddities: oddityList(row.oddities)
          },
          fetchedAt: row.fetched_at
        }
      })
  }
}
