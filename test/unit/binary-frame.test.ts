// Unit tests of the web bridge's binary frame (contract/binary-frame.ts): Float64Array columns round-trip exactly in the narrowest exact width, other messages stay JSON, and malformed frames are refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  binaryFrameCallId,
  textAnswerCallId,
  decodeBinaryFrame,
  encodeBinaryFrame
} from '../../src-main/contract/binary-frame'

/** What the browser gets: the frame's bytes in an ArrayBuffer of their own. */
const roundTrip = (message: unknown): unknown => {
  const frame = encodeBinaryFrame(message)
  if (!frame) throw new Error('no frame')
  return decodeBinaryFrame(frame.slice().buffer)
}

/** The wire type the frame chose for its first column. */
const wireTypeOf = (column: Float64Array): string => {
  const frame = encodeBinaryFrame({ column }) as Uint8Array
  const length = new DataView(frame.buffer).getUint32(0, true)
  const head = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + length))) as {
    c: [unknown, string, number][]
  }
  return head.c[0]![1]
}

/** Same values, bit for bit (NaN and -0 included). */
const sameValues = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

describe('binary frame', () => {
  it('leaves messages without columns to JSON', () => {
    expect(encodeBinaryFrame({ id: 1, result: { ok: true, value: [1, 2, 3] } })).toBeUndefined()
    expect(encodeBinaryFrame('text')).toBeUndefined()
    expect(encodeBinaryFrame(null)).toBeUndefined()
  })

  it('puts each column back where it was, in a message equal to the original', () => {
    const requests = Float64Array.from([0, 1, 96, 3])
    const bytes = Float64Array.from([0, 20_000, 1_920_000, Number.NaN])
    const message = {
      id: 7,
      result: {
        ok: true,
        value: {
          series: [
            { subject: 'k-1', at: { start: 60_000, step: 60_000, count: 4 }, requests, bytes },
            { subject: 'k-2', at: Float64Array.from([1, 2]), requests: new Float64Array(0), bytes }
          ],
          oddities: ['one'],
          fetchedAt: null
        }
      }
    }
    const back = roundTrip(message) as typeof message
    expect(back.id).toBe(7)
    expect(back.result.value.oddities).toEqual(['one'])
    expect(back.result.value.fetchedAt).toBeNull()
    const [one, two] = back.result.value.series
    expect(one!.at).toEqual({ start: 60_000, step: 60_000, count: 4 })
    expect(one!.requests).toBeInstanceOf(Float64Array)
    expect(sameValues(one!.requests, requests)).toBe(true)
    expect(sameValues(one!.bytes, bytes)).toBe(true)
    expect(sameValues(two!.at as Float64Array, Float64Array.from([1, 2]))).toBe(true)
    expect(two!.requests).toHaveLength(0)
    expect(sameValues(two!.bytes, bytes)).toBe(true)
    // The sender's message is untouched.
    expect(message.result.value.series[0]!.requests).toBe(requests)
  })

  it('sends whole numbers in the narrowest exact width and everything else in 64 bits', () => {
    expect(wireTypeOf(Float64Array.from([0, 255]))).toBe('u8')
    expect(wireTypeOf(Float64Array.from([0, 256]))).toBe('u16')
    expect(wireTypeOf(Float64Array.from([65_536]))).toBe('u32')
    expect(wireTypeOf(Float64Array.from([2 ** 32 - 1]))).toBe('u32')
    expect(wireTypeOf(Float64Array.from([2 ** 32]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([1, 0.5]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([1, -1]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([1, -0]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([1, Number.NaN]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([Number.POSITIVE_INFINITY]))).toBe('f64')
    expect(wireTypeOf(Float64Array.from([1_795_165_200_000]))).toBe('f64')
  })

  it('round-trips any column exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 300 }),
            fc.integer({ min: 0, max: 2 ** 33 }),
            fc.double()
          ),
          { maxLength: 64 }
        ),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
        (values, small) => {
          const a = Float64Array.from(values)
          const b = Float64Array.from(small)
          const back = roundTrip({ list: [{ a }, 'x', { b }] }) as {
            list: [{ a: Float64Array }, string, { b: Float64Array }]
          }
          return sameValues(back.list[0].a, a) && sameValues(back.list[2].b, b)
        }
      )
    )
  })

  it('refuses malformed frames', () => {
    const good = encodeBinaryFrame({ value: { column: Float64Array.from([1, 2]) } }) as Uint8Array
    const head = (skeleton: unknown) => {
      const text = new TextEncoder().encode(JSON.stringify(skeleton))
      const frame = new Uint8Array(Math.ceil((4 + text.length) / 8) * 8 + 16)
      new DataView(frame.buffer).setUint32(0, text.length, true)
      frame.set(text, 4)
      return frame.buffer
    }
    expect(() => decodeBinaryFrame(new ArrayBuffer(2))).toThrow()
    expect(() => decodeBinaryFrame(good.slice(0, 12).buffer)).toThrow()
    expect(() => decodeBinaryFrame(good.slice(0, good.length - 8).buffer)).toThrow()
    expect(() => decodeBinaryFrame(head({ m: { a: null } }))).toThrow('no columns')
    expect(() => decodeBinaryFrame(head({ m: { a: 1 }, c: [[['a'], 'u8', 2]] }))).toThrow(
      'not empty'
    )
    expect(() => decodeBinaryFrame(head({ m: { a: null }, c: [[['b'], 'u8', 2]] }))).toThrow()
    expect(() => decodeBinaryFrame(head({ m: {}, c: [[['__proto__'], 'u8', 2]] }))).toThrow()
    expect(() =>
      decodeBinaryFrame(head({ m: { a: { b: null } }, c: [[['a', '__proto__', 'x'], 'u8', 1]] }))
    ).toThrow()
    expect(() => decodeBinaryFrame(head({ m: { a: null }, c: [[['a'], 'f32', 2]] }))).toThrow()
    expect(() => decodeBinaryFrame(head({ m: { a: null }, c: [[['a'], 'u8', -1]] }))).toThrow()
    expect(() => decodeBinaryFrame(head({ m: { a: null }, c: [[['a'], 'f64', 99]] }))).toThrow()
    expect(() => decodeBinaryFrame(head({ m: [null], c: [[['0'], 'u8', 1]] }))).toThrow()
    expect(() => decodeBinaryFrame(head({ m: null, c: [[[], 'u8', 1]] }))).toThrow()
  })

  it('names the call of a frame whose columns cannot be read, so the bridge can answer it', () => {
    const frame = encodeBinaryFrame({
      id: 42,
      result: { ok: true, value: { column: Float64Array.from([1.5, 2.5]) } }
    }) as Uint8Array
    const cut = frame.slice(0, frame.length - 8).buffer
    expect(() => decodeBinaryFrame(cut)).toThrow()
    expect(binaryFrameCallId(cut)).toBe(42)
    expect(binaryFrameCallId(frame.slice().buffer)).toBe(42)
    expect(binaryFrameCallId(new ArrayBuffer(3))).toBeUndefined()
    expect(binaryFrameCallId(frame.slice(0, 10).buffer)).toBeUndefined()
    const noId = encodeBinaryFrame({ event: 'x', payload: Float64Array.from([1]) }) as Uint8Array
    expect(binaryFrameCallId(noId.slice().buffer)).toBeUndefined()
  })

  it('names the call of a JSON text answer cut short, as the web server writes it (id first)', () => {
    const text = JSON.stringify({ id: 7, result: { ok: true, value: { rows: ['a', 'b'] } } })
    for (const cut of [text, text.slice(0, 12), text.slice(0, text.length - 3)]) {
      expect(textAnswerCallId(cut)).toBe(7)
    }
    expect(textAnswerCallId(JSON.stringify({ id: 12 }))).toBe(12)
    expect(textAnswerCallId('{"id":7')).toBeUndefined()
    expect(textAnswerCallId('{"event":"sync:progress","payload":{}}')).toBeUndefined()
    expect(textAnswerCallId('not json')).toBeUndefined()
    expect(textAnswerCallId('{"id":"7",')).toBeUndefined()
  })
})
