// Schema step 13 of the local store (usage buckets move from one row each to packed chunks of a series, so a 90-day minute chart reads 92 rows, not 131,487); main process only. Never edit a shipped step: add a new one.
import type { UsageInterval } from '../../../contract/hubs.contract'
import type { Migration } from '../migration'
import { chunkOf, packChunk } from '../usage-chunk.codec'

type SeriesRow = [connectionId: string, scope: string, subject: string, interval: UsageInterval]
type BucketRow = [at: number, requests: number | null, bytes: number | null]

export const migration0013: Migration = {
  version: 13,
  name: 'usage chunks',
  up: (db) => {
    db.exec(`
      -- One row per series and chunk (usage-chunk.codec.ts): the buckets whose start falls in the
      -- chunk's span, in start order, as three packed float64 columns. A bucket's start decides its
      -- chunk, so a refetch rewrites the chunk with the bucket replaced, never added twice.
      -- Rows run to tens of kB, so this keeps a rowid (SQLite advises WITHOUT ROWID for small rows).
      CREATE TABLE usage_chunks (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('key', 'fileset')),
        subject TEXT NOT NULL,
        interval TEXT NOT NULL CHECK (interval IN ('minute', 'hour', 'day', 'week', 'month')),
        chunk_start INTEGER NOT NULL,
        count INTEGER NOT NULL CHECK (count > 0),
        starts BLOB NOT NULL CHECK (length(starts) = count * 8),
        requests BLOB NOT NULL CHECK (length(requests) = count * 8),
        bytes BLOB NOT NULL CHECK (length(bytes) = count * 8),
        PRIMARY KEY (connection_id, scope, subject, interval, chunk_start)
      ) STRICT;
    `)
    const insert = db.prepare(
      `INSERT INTO usage_chunks
         (connection_id, scope, subject, interval, chunk_start, count, starts, requests, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const buckets = db
      .prepare(
        `SELECT bucket_start, requests, bytes FROM usage_buckets
         WHERE connection_id = ? AND scope = ? AND subject = ? AND interval = ?
         ORDER BY bucket_start`
      )
      .raw(true)
    // One series at a time: a connection may be busy with only one statement while it iterates.
    const series = db
      .prepare('SELECT DISTINCT connection_id, scope, subject, interval FROM usage_buckets')
      .raw(true)
      .all() as SeriesRow[]
    for (const id of series) {
      const rows = buckets.all(...id) as BucketRow[]
      let start = 0
      while (start < rows.length) {
        const chunk = chunkOf((rows[start] as BucketRow)[0], id[3])
        let end = start
        while (end < rows.length && chunkOf((rows[end] as BucketRow)[0], id[3]) === chunk) end += 1
        const part = rows.slice(start, end)
        const packed = packChunk({
          at: part.map((row) => row[0]),
          requests: part.map((row) => row[1]),
          bytes: part.map((row) => row[2])
        })
        insert.run(...id, chunk, packed.count, packed.starts, packed.requests, packed.bytes)
        start = end
      }
    }
    db.exec('DROP TABLE usage_buckets')
  }
}
