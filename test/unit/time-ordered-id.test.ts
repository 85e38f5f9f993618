// Unit tests of the UUIDv7 ids sync gives new keys: RFC 9562 layout, time order across milliseconds, randomness drawn in batches.
import { describe, expect, it } from 'vitest'
import { createTimeOrderedIds } from '../../src-main/core/sync/time-ordered-id'

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('time-ordered ids', () => {
  it('lays out the time in ms, the version and the variant as RFC 9562 says', () => {
    const at = Date.UTC(2026, 11, 6, 16, 20, 0, 123)
    const next = createTimeOrderedIds(() => at)
    const id = next()
    expect(id).toMatch(uuidV7)
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at)
    // All-ones randomness still leaves the version and variant bits as they must be.
    const ones = createTimeOrderedIds(
      () => 2 ** 48 - 1,
      (size) => new Uint8Array(size).fill(0xff)
    )
    expect(ones()).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff')
    const zeros = createTimeOrderedIds(
      () => 0,
      (size) => new Uint8Array(size)
    )
    expect(zeros()).toBe('00000000-0000-7000-8000-000000000000')
  })

  it('sorts ids of later milliseconds after earlier ones and never repeats one', () => {
    let clock = 1_700_000_000_000
    const next = createTimeOrderedIds(() => clock)
    const ids: string[] = []
    for (let i = 0; i < 2_000; i += 1) {
      if (i % 100 === 0) clock += 1
      ids.push(next())
    }
    for (const id of ids) expect(id).toMatch(uuidV7)
    expect(new Set(ids).size).toBe(ids.length)
    const firstOfEachMs = ids.filter((_, i) => i % 100 === 0)
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs)
    expect(ids[99]! < ids[100]!).toBe(true)
  })

  it('draws randomness once per 256 ids and uses every byte of a draw once', () => {
    const draws: number[] = []
    let counter = 0
    const next = createTimeOrderedIds(
      () => 0,
      (size) => {
        draws.push(size)
        return Uint8Array.from({ length: size }, () => counter++ & 0xff)
      }
    )
    const ids = Array.from({ length: 257 }, () => next())
    expect(draws).toEqual([2_560, 2_560])
    // The second id starts where the first one's ten bytes ended (byte 10, 0x0a, after the time).
    expect(ids[1]!.replace(/-/g, '').slice(12, 14)).toBe('7a')
    expect(ids[1]!.replace(/-/g, '').slice(14, 16)).toBe('0b')
  })
})
