// Makes UUIDv7 ids (RFC 9562: the time in ms, then random bits) for the rows a sync inserts, so new rows land together at the end of the id index; pure, runs in main.
import { platform } from '../ports/platform.port'

/** Random bytes per id: 12 bits of rand_a and 62 of rand_b, less the version and variant bits. */
const randomPerId = 10
/** Ids served from one draw of randomness: one host call instead of one per id. */
const idsPerDraw = 256
const hexOf = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/**
 * A source of UUIDv7 ids. Ids made in the same millisecond share their first 12 hex digits, so a
 * sync's thousands of new keys go into neighbouring index pages instead of random ones (a random
 * v4 id costs each insert a page far from the last). Only their order over time is meant: ids of
 * one millisecond are in no particular order among themselves.
 */
export const createTimeOrderedIds = (
  now: () => number = Date.now,
  randomBytes: (size: number) => Uint8Array = (size) => platform().randomBytes(size)
): (() => string) => {
  let pool: Uint8Array = new Uint8Array(0)
  let used = 0
  const bytes = new Uint8Array(16)
  return () => {
    if (used + randomPerId > pool.length) {
      pool = randomBytes(randomPerId * idsPerDraw)
      used = 0
    }
    const ms = Math.max(0, Math.floor(now()))
    // 48 bits of milliseconds, big-endian (2 ** 32 splits them, as bit operators stop at 32 bits).
    const high = Math.floor(ms / 2 ** 32)
    bytes[0] = (high >>> 8) & 0xff
    bytes[1] = high & 0xff
    bytes[2] = (ms >>> 24) & 0xff
    bytes[3] = (ms >>> 16) & 0xff
    bytes[4] = (ms >>> 8) & 0xff
    bytes[5] = ms & 0xff
    bytes.set(pool.subarray(used, used + randomPerId), 6)
    used += randomPerId
    bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f)
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f)
    let hex = ''
    for (const byte of bytes) hex += hexOf[byte] as string
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
}
