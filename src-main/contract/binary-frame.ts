// The web bridge's wire form for answers that hold Float64Array columns (usage series): one binary WebSocket frame of a JSON skeleton plus the columns' bytes; pure, runs in main (web mode) and in the browser (the web bridge).

/**
 * Why: a 90-day minute series is two columns of 131,487 numbers. As JSON text that is 1.35 MB to
 * write, send, decode and parse into plain arrays; as bytes it is a copy, and the window gets the
 * Float64Arrays the contract names (what Electron's IPC gives it too, by structured clone).
 *
 * Frame: [u32 LE skeleton length][skeleton, UTF-8 JSON][zero padding to 8][each column's bytes,
 * padded to 8]. The skeleton is `{ m: message, c: [[path, wire type, length], ...] }`, the message
 * with `null` where each column goes. A column whose values are all whole numbers that fit 8, 16
 * or 32 unsigned bits travels in that width (request counts fit a byte) and is widened back on
 * arrival: exact, as every such number is; -0, NaN and fractions keep 64 bits.
 */

type Key = string | number
type WireType = 'u8' | 'u16' | 'u32' | 'f64'
type ColumnEntry = [path: Key[], type: WireType, length: number]

const bytesPer: Readonly<Record<WireType, number>> = { u8: 1, u16: 2, u32: 4, f64: 8 }

/** The narrowest exact wire type for `column`. */
const wireTypeOf = (column: Float64Array): WireType => {
  let max = 0
  for (let i = 0; i < column.length; i += 1) {
    const v = column[i] as number
    // Fails for NaN, fractions and negatives (and -0, whose sign a whole-number width would lose).
    if (!(v >= 0 && Math.floor(v) === v) || (v === 0 && 1 / v < 0)) return 'f64'
    if (v > max) max = v
  }
  return max <= 0xff ? 'u8' : max <= 0xffff ? 'u16' : max <= 0xffffffff ? 'u32' : 'f64'
}

/**
 * `value` with each Float64Array replaced by `null`, its path and the column pushed to `found`.
 * Containers on no column's path are returned as they are, not copied. Every answer passes
 * through here, so the walk allocates nothing until it finds a column: one shared path stack,
 * copied only for a column, and `for…in` rather than `Object.entries` (which made the walk of a
 * 1,000-row answer cost three times its JSON.stringify).
 */
const skeletonOf = (value: unknown, path: Key[], found: [Key[], Float64Array][]): unknown => {
  if (value instanceof Float64Array) {
    found.push([path.slice(), value])
    return null
  }
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i]
      if (typeof item !== 'object' || item === null) continue
      path.push(i)
      const next = skeletonOf(item, path, found)
      path.pop()
      if (next !== item) (copy ??= value.slice())[i] = next
    }
    return copy ?? value
  }
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue
    const item = record[key]
    if (typeof item !== 'object' || item === null) continue
    path.push(key)
    const next = skeletonOf(item, path, found)
    path.pop()
    if (next !== item) (copy ??= { ...record })[key] = next
  }
  return copy ?? value
}

const padded = (n: number): number => Math.ceil(n / 8) * 8

/**
 * The frame for `message` when it holds Float64Array columns, else `undefined` (send it as JSON
 * text, as before). `message` is not changed.
 */
export const encodeBinaryFrame = (message: unknown): Uint8Array | undefined => {
  const found: [Key[], Float64Array][] = []
  const skeleton = skeletonOf(message, [], found)
  if (found.length === 0) return undefined
  const entries: ColumnEntry[] = found.map(([path, column]) => [
    path,
    wireTypeOf(column),
    column.length
  ])
  const head = new TextEncoder().encode(JSON.stringify({ m: skeleton, c: entries }))
  let size = padded(4 + head.byteLength)
  for (const [, type, length] of entries) size += padded(length * bytesPer[type])
  const frame = new Uint8Array(size)
  new DataView(frame.buffer).setUint32(0, head.byteLength, true)
  frame.set(head, 4)
  let offset = padded(4 + head.byteLength)
  found.forEach(([, column], i) => {
    const [, type, length] = entries[i] as ColumnEntry
    // Typed-array set() converts each value to the target width; exact by wireTypeOf's checks.
    // Multi-byte widths are written in the platform's order: little-endian on every platform
    // Hubkeys and its browsers run on (x64, arm64).
    const target =
      type === 'u8'
        ? new Uint8Array(frame.buffer, offset, length)
        : type === 'u16'
          ? new Uint16Array(frame.buffer, offset, length)
          : type === 'u32'
            ? new Uint32Array(frame.buffer, offset, length)
            : new Float64Array(frame.buffer, offset, length)
    target.set(column)
    offset += padded(length * bytesPer[type])
  })
  return frame
}

const refusedKeys = new Set(['__proto__', 'constructor', 'prototype'])

/** Puts `column` where the skeleton holds its `null`, refusing any other shape. */
const place = (root: unknown, path: Key[], column: Float64Array): void => {
  if (path.length === 0) throw new Error('a column cannot be the whole message')
  let node: unknown = root
  for (let i = 0; i < path.length; i += 1) {
    const key = path[i] as Key
    const isLast = i === path.length - 1
    if (typeof node !== 'object' || node === null) throw new Error('column path leaves the message')
    if (typeof key === 'string' && refusedKeys.has(key)) throw new Error('column path refused')
    const container = node as Record<Key, unknown>
    if (Array.isArray(node) ? typeof key !== 'number' : typeof key !== 'string')
      throw new Error('column path does not match the message')
    if (!Object.prototype.hasOwnProperty.call(container, key))
      throw new Error('column path does not match the message')
    if (isLast) {
      if (container[key] !== null) throw new Error('column slot is not empty')
      container[key] = column
    } else node = container[key]
  }
}

/** The message a frame carries, its columns in place as Float64Arrays; throws on a malformed frame. */
/** The frame's skeleton and where its columns begin; throws when it cannot be read. */
const readSkeleton = (frame: ArrayBuffer): { head: { m?: unknown; c?: unknown }; end: number } => {
  if (frame.byteLength < 4) throw new Error('frame too short')
  const headLength = new DataView(frame).getUint32(0, true)
  if (4 + headLength > frame.byteLength) throw new Error('frame shorter than its skeleton')
  const head = JSON.parse(new TextDecoder().decode(new Uint8Array(frame, 4, headLength))) as {
    m?: unknown
    c?: unknown
  }
  if (typeof head !== 'object' || head === null) throw new Error('frame skeleton is not an object')
  return { head, end: padded(4 + headLength) }
}

/**
 * The call id of the answer a frame carries, read from its skeleton alone: when the columns
 * cannot be decoded, the bridge can still answer that call with an error instead of leaving it
 * waiting. `undefined` when even the skeleton is unreadable.
 */
export const binaryFrameCallId = (frame: ArrayBuffer): number | undefined => {
  try {
    const { m } = readSkeleton(frame).head
    const id = typeof m === 'object' && m !== null ? (m as { id?: unknown }).id : undefined
    return typeof id === 'number' ? id : undefined
  } catch {
    return undefined
  }
}

/**
 * The call id of an answer sent as JSON text that does not parse (cut short or damaged). The web
 * server writes `{ id, result }`, so the id comes first: the bridge can still answer that call
 * with an error instead of leaving it waiting. `undefined` when the text does not start so.
 */
export const textAnswerCallId = (text: string): number | undefined => {
  const match = /^\{"id":(\d{1,15})[,}]/.exec(text)
  return match ? Number(match[1]) : undefined
}

export const decodeBinaryFrame = (frame: ArrayBuffer): unknown => {
  const { head, end } = readSkeleton(frame)
  if (!Array.isArray(head.c)) throw new Error('frame lists no columns')
  let offset = end
  for (const entry of head.c as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) throw new Error('bad column entry')
    const [path, type, length] = entry as [unknown, unknown, unknown]
    if (
      !Array.isArray(path) ||
      !path.every((k) => typeof k === 'string' || (Number.isSafeInteger(k) && (k as number) >= 0))
    )
      throw new Error('bad column path')
    if (typeof type !== 'string' || !(type in bytesPer)) throw new Error('bad column type')
    if (!Number.isSafeInteger(length) || (length as number) < 0)
      throw new Error('bad column length')
    const width = bytesPer[type as WireType]
    const byteLength = (length as number) * width
    if (offset + byteLength > frame.byteLength) throw new Error('frame shorter than its columns')
    const n = length as number
    // f64 columns are used in place (the frame's buffer is aligned); narrower ones are widened.
    const column =
      type === 'f64'
        ? new Float64Array(frame, offset, n)
        : new Float64Array(
            type === 'u8'
              ? new Uint8Array(frame, offset, n)
              : type === 'u16'
                ? new Uint16Array(frame, offset, n)
                : new Uint32Array(frame, offset, n)
          )
    place(head.m, path as Key[], column)
    offset += padded(byteLength)
  }
  return head.m
}
