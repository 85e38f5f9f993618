// Unit tests for the tolerant Optidash readers: envelopes, create/rename answers, account and usage buckets with odd data.
import { describe, expect, it } from 'vitest'
import {
  failureMessage,
  isRefusal,
  parseAccount,
  parseKeyAnswer,
  parseUsage,
  requestIdOf
} from '../../../src-main/core/hubs/optidash/optidash.parse'

describe('Optidash parsers', () => {
  it('reads a documented create answer without oddities', () => {
    expect(
      parseKeyAnswer({ success: true, code: 200, id: 'r1', name: 'n', key: 'k' }, 'n')
    ).toEqual({
      ok: true,
      value: { name: 'n', key: 'k' },
      oddities: []
    })
  })

  it('keeps the key when the name is missing or different, and says so', () => {
    const missing = parseKeyAnswer({ success: true, key: 'k', extra: 1 }, 'asked')
    expect(missing).toMatchObject({ ok: true, value: { name: 'asked', key: 'k' } })
    expect(missing.ok && missing.oddities).toEqual([
      '`code` was missing',
      'the request `id` was missing',
      'unexpected fields: extra',
      'the key name was missing'
    ])
    const other = parseKeyAnswer(
      { success: true, code: 200, id: 1, key: 'k', name: 'other' },
      'asked'
    )
    expect(other.ok && other.oddities).toEqual(['the hub stored a different name than asked'])
    const nullName = parseKeyAnswer(
      { success: true, code: 200, id: 1, key: 'k', name: null },
      'asked'
    )
    expect(nullName).toMatchObject({ ok: true, value: { name: 'asked' } })
  })

  it.each([null, [], 'text', { success: true }, { key: '' }, { key: 42 }])(
    'refuses a create answer without a key value: %j',
    (json) => {
      expect(parseKeyAnswer(json, 'n').ok).toBe(false)
    }
  )

  it('reads failures in any shape', () => {
    expect(failureMessage({ success: false, code: 409, id: 'x', message: 'Taken.' })).toBe('Taken.')
    expect(failureMessage({ error: 'Nope' })).toBe('Nope')
    expect(failureMessage({ message: '  ' })).toBeUndefined()
    expect(failureMessage('<html>')).toBeUndefined()
    expect(requestIdOf({ id: 77 })).toBe('77')
    expect(requestIdOf([])).toBeUndefined()
    expect(isRefusal({ success: false })).toBe(true)
    expect(isRefusal({ success: 'false' })).toBe(false)
  })

  it('reads an account with missing, null and string numbers', () => {
    const parsed = parseAccount({
      success: true,
      code: 200,
      id: 'r',
      company: 'Acme',
      subscription: { name: null, period: 'month' },
      quota: { total: '1000', used: 10, remaining: 'lots' }
    })
    expect(parsed).toEqual({
      ok: true,
      value: {
        company: 'Acme',
        plan: undefined,
        period: 'month',
        total: 1000,
        used: 10,
        remaining: undefined
      },
      oddities: []
    })
    const bare = parseAccount({ success: true })
    expect(bare.ok && bare.oddities).toEqual([
      '`code` was missing',
      'the request `id` was missing',
      'the company name was missing',
      'the quota was missing or unreadable'
    ])
    expect(parseAccount('nope').ok).toBe(false)
  })

  it('reads buckets in every time form and tallies what is odd', () => {
    const parsed = parseUsage({
      success: true,
      code: 200,
      id: 'r',
      results: [
        { bucket: '2026-01-02T00:00:00Z', volume: 10, count: 1 },
        { bucket: Date.UTC(2026, 0, 1), volume: '20', count: '2' },
        { bucket: Date.UTC(2026, 0, 3) / 1000, volume: null, count: 3 },
        { bucket: 'not a date', volume: 1, count: 1 },
        { volume: 1, count: 1 },
        null,
        { bucket: '2026-01-04T00:00:00.000Z', count: -5, extra: true }
      ]
    })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value).toEqual([
      { at: Date.UTC(2026, 0, 1), requests: 2, bytes: 20 },
      { at: Date.UTC(2026, 0, 2), requests: 1, bytes: 10 },
      { at: Date.UTC(2026, 0, 3), requests: 3, bytes: null },
      { at: Date.UTC(2026, 0, 4), requests: null, bytes: null }
    ])
    expect(parsed.oddities).toEqual([
      '3 buckets had no readable time and were skipped',
      '1 buckets had no request count',
      '2 buckets had no volume',
      'buckets were out of time order and were sorted'
    ])
  })

  it('accepts an empty series and refuses a body without results', () => {
    expect(parseUsage({ success: true, code: 200, id: 'r', results: [] })).toEqual({
      ok: true,
      value: [],
      oddities: []
    })
    expect(parseUsage({ success: true, results: null })).toEqual({
      ok: false,
      what: 'the usage `results` list is missing'
    })
  })

  it('reads a 90-day minute series (131,487 buckets) in full', () => {
    const start = Date.UTC(2026, 0, 1)
    const results = Array.from({ length: 131_487 }, (_, i) => ({
      bucket: new Date(start + i * 60_000).toISOString(),
      volume: i * 3,
      count: i % 5
    }))
    const parsed = parseUsage({ success: true, code: 200, id: 'r', results })
    expect(parsed.ok && parsed.value.length).toBe(131_487)
    expect(parsed.ok && parsed.value.at(-1)).toEqual({
      at: start + 131_486 * 60_000,
      requests: 131_486 % 5,
      bytes: 131_486 * 3
    })
    expect(parsed.ok && parsed.oddities).toEqual([])
  })
})
