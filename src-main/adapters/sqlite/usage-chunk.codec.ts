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

/** Columns to pack: plain arrays with nulls, or the typed columns `unpackChunks` gives. */
export interface ColumnsToPack {
  at: ArrayLike<number>
  requests: ArrayLike<number | null>
  bytes: ArrayLike<number | null>
}

export const packChunk = (columns: ColumnsToPack): PackedChunk => {
  const count = columns.at.length
  return {
    count,
    starts: pack(columns.at, count),
    requests: pack(columns.requests, count),
    bytes: pack(columns.bytes, count)
  }
}

/**
 * The column as float64s: a view when SQLite's buffer is 8-byte aligned (it almost always is: a
 * chunk's blob is larger than Node's pooled buffers), else an aligned copy.
 */
const floats = (buffer: Uint8Array, count: number): Float64Array => {
  if (buffer.byteOffset % 8 === 0) return new Float64Array(buffer.buffer, buffer.byteOffset, count)
  const copy = new Float64Array(count)
  new Uint8Array(copy.buffer).set(buffer.subarray(0, count * 8))
  return copy
}

/** The first index in `starts` (sorted) whose value is at least `at`. */
const firstAtOrAfter = (starts: Float64Array, at: number): number => {
  let low = 0
  let high = starts.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((starts[middle] as number) < at) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * Every bucket of `chunks` (in chunk order) with from <= start < to, as three Float64Array columns
 * (NaN: no value). Each chunk's slice is copied as memory: a value-by-value read into plain arrays
 * made a 90-day minute series cost ~11 ms here.
 */
export const unpackChunks = (
  chunks: readonly PackedChunk[],
  from: number,
  to: number
): UsageColumns => {
  // Little-endian floats, as every platform Hubkeys runs on stores them.
  const slices = chunks.map((chunk) => {
    const starts = floats(chunk.starts, chunk.count)
    return { chunk, starts, first: firstAtOrAfter(starts, from), end: firstAtOrAfter(starts, to) }
  })
  let total = 0
  for (const slice of slices) total += Math.max(0, slice.end - slice.first)
  const out: UsageColumns = {
    at: new Float64Array(total),
    requests: new Float64Array(total),
    bytes: new Float64Array(total)
  }
  let offset = 0
  for (const { chunk, starts, first, end } of slices) {
    if (end <= first) continue
    out.at.set(starts.subarray(first, end), offset)
    out.requests.set(floats(chunk.requests, chunk.count).subarray(first, end), offset)
    out.bytes.set(floats(chunk.bytes, chunk.count).subarray(first, end), offset)
    offset += end - first
  }
  return out
}
