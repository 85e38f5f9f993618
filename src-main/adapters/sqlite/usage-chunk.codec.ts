// The stored format of the usage cache's chunks (which chunk a bucket lives in, and its starts, requests and bytes packed as little-endian float64 columns); main process only. Changing it needs a new migration.
import type { UsageInterval } from '../../contract/hubs.contract'
import type { UsageColumns } from '../../core/ports/usage-store.port'

const day = 86_400_000

/**
 * How much time one chunk row spans, per interval: at most about a thousand regular buckets
 * (a minute chunk is a UTC day of 1,440), so a 90-day minute series is 92 rows, not 131,487.
 * Starts are stored in full, so buckets need not sit on any grid; the span only partitions them.
 */
export const chunkSpanMs: Readonly<Record<UsageInterval, number>> = {
  minute: day,
  hour: 32 * day,
  day: 1024 * day,
  week: 7 * 1024 * day,
  month: 32 * 1024 * day
}

/** Start of the chunk that holds the bucket starting at `at`. */
export const chunkOf = (at: number, interval: UsageInterval): number => {
  const span = chunkSpanMs[interval]
  return Math.floor(at / span) * span
}

/** One chunk as stored: `count` buckets in start order, each column `count * 8` bytes. */
export interface PackedChunk {
  count: number
  starts: Buffer
  requests: Buffer
  bytes: Buffer
}

/** Float64 little-endian; NaN stands for "the hub sent no value" (hubs' values are finite). */
const pack = (values: ArrayLike<number | null>, count: number): Buffer => {
  const out = Buffer.allocUnsafe(count * 8)
  for (let i = 0; i < count; i += 1) out.writeDoubleLE(values[i] ?? Number.NaN, i * 8)
  return out
}

export const packChunk = (columns: UsageColumns): PackedChunk => {
  const count = columns.at.length
  return {
    count,
    starts: pack(columns.at, count),
    requests: pack(columns.requests, count),
    bytes: pack(columns.bytes, count)
  }
}

const view = (buffer: Uint8Array): DataView =>
  new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength)

/**
 * Appends the chunk's buckets with from <= start < to to `out`, in order. DataView reads need no
 * alignment, so SQLite's buffers are read in place, without a copy.
 */
const unpackChunkInto = (chunk: PackedChunk, from: number, to: number, out: UsageColumns): void => {
  const starts = view(chunk.starts)
  const requests = view(chunk.requests)
  const bytes = view(chunk.bytes)
  for (let i = 0; i < chunk.count; i += 1) {
    const offset = i * 8
    const start = starts.getFloat64(offset, true)
    if (start < from) continue
    if (start >= to) break
    const r = requests.getFloat64(offset, true)
    const b = bytes.getFloat64(offset, true)
    out.at.push(start)
    out.requests.push(Number.isNaN(r) ? null : r)
    out.bytes.push(Number.isNaN(b) ? null : b)
  }
}

/**
 * Every bucket of `chunks` (in chunk order) with from <= start < to, as columns. Grown by push, not
 * preallocated: a preallocated array stays "holey" in V8, and JSON.stringify of 131,487 values
 * then takes about three times as long as of a packed one (the contract sends these as JSON).
 */
export const unpackChunks = (
  chunks: readonly PackedChunk[],
  from: number,
  to: number
): UsageColumns => {
  const out: UsageColumns = { at: [], requests: [], bytes: [] }
  for (const chunk of chunks) unpackChunkInto(chunk, from, to, out)
  return out
}
