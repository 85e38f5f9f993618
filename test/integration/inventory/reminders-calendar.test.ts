// Tests of the pure inventory helpers: expiry reminder thresholds, the RFC 5545 calendar format, FTS expressions and CLI filter words.
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/result'
import {
  buildExpiryCalendar,
  escapeText,
  eventUid,
  foldLine,
  utcStamp
} from '../../../src-main/core/inventory/expiry-calendar'
import { parseFilterTokens, parseSortToken } from '../../../src-main/contract/filter-tokens'
import { dueReminders, thresholdFor } from '../../../src-main/core/inventory/hygiene'
import { searchPhrases } from '../../../src-main/core/inventory/inventory-query'
import type { ExpiringKey } from '../../../src-main/core/ports/inventory-query.port'

const day = 86_400_000
const now = Date.UTC(2025, 0, 10, 9, 30)

const key = (id: string, expiresAt: number, extra: Partial<ExpiringKey> = {}): ExpiringKey => ({
  id,
  name: `key ${id}`,
  connectionName: 'Cycle EU',
  environment: 'prod',
  kind: 'cycle',
  tenant: 'acme',
  hubKeyId: `hk_${id}`,
  expiresAt,
  ...extra
})

describe('expiry reminders', () => {
  it('picks the tightest threshold reached', () => {
    expect(thresholdFor(now + 31 * day, now)).toBeUndefined()
    expect(thresholdFor(now + 30 * day, now)).toBe(30)
    expect(thresholdFor(now + 7 * day + 1, now)).toBe(30)
    expect(thresholdFor(now + 7 * day, now)).toBe(7)
    expect(thresholdFor(now + day, now)).toBe(1)
    expect(thresholdFor(now + 1, now)).toBe(1)
    expect(thresholdFor(now, now)).toBeUndefined()
    expect(thresholdFor(now - day, now)).toBeUndefined()
  })

  it('announces each threshold once, skipping ones already passed when first seen', () => {
    const keys = [key('a', now + 20 * day), key('b', now + 5 * day), key('c', now + 40 * day)]
    const first = dueReminders(now, keys, {})
    expect(first.due.map((r) => [r.keyId, r.threshold, r.daysLeft])).toEqual([
      ['a', 30, 20],
      ['b', 7, 5]
    ])
    expect(first.due[1]?.message).toBe('Key "key b" on Cycle EU expires in 5 days.')
    expect(first.log).toEqual({
      a: { expiresAt: now + 20 * day, threshold: 30 },
      b: { expiresAt: now + 5 * day, threshold: 7 }
    })
    expect(dueReminders(now + day, keys, first.log).due).toEqual([])

    const later = dueReminders(now + 13 * day, keys, first.log)
    // a reached 7 days; c came within 30 days; b expired in between and leaves the log.
    expect(later.due.map((r) => [r.keyId, r.threshold])).toEqual([
      ['a', 7],
      ['c', 30]
    ])
    expect(Object.keys(later.log)).toEqual(['a', 'c'])

    const lastDay = dueReminders(now + 19 * day + 1, keys, later.log)
    expect(lastDay.due.map((r) => [r.keyId, r.threshold, r.message])).toEqual([
      ['a', 1, 'Key "key a" on Cycle EU expires within a day.']
    ])
  })

  it('starts over when a key gets a new expiry date', () => {
    const log = dueReminders(now, [key('a', now + 3 * day)], {}).log
    const renewed = dueReminders(now, [key('a', now + 25 * day)], log)
    expect(renewed.due.map((r) => [r.keyId, r.threshold])).toEqual([['a', 30]])
  })

  it('names a nameless key by its hub id and ignores inherited log properties', () => {
    const due = dueReminders(now, [key('toString', now + day, { name: ' ' })], {})
    expect(due.due[0]?.message).toBe('Key "hk_toString" on Cycle EU expires within a day.')
  })
})

const unfold = (text: string): string => text.replace(/\r\n /g, '')

describe('calendar format (RFC 5545)', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng')
    expect(escapeText('bell\u0007tab\tend')).toBe('bell tab\tend')
  })

  it('folds at 75 octets without splitting characters, and unfolds to the original', () => {
    const long = `SUMMARY:${'é'.repeat(60)}${'🔑'.repeat(10)}${'x'.repeat(100)}`
    const folded = foldLine(long)
    for (const line of folded.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
      expect(line).not.toContain('\uFFFD')
    }
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((line) => line.startsWith(' '))
    ).toBe(true)
    expect(unfold(folded)).toBe(long)
    expect(foldLine('short')).toBe('short')
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75))
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`)
  })

  it('writes a complete calendar with CRLF only, folded lines, stable UIDs and alarms', () => {
    const keys = [
      key('k-1', Date.UTC(2025, 0, 20, 23, 30), {
        name: 'billing, exporter; v2 \\ "prod"\nline two',
        connectionName: 'Owl; Data, Hub'
      }),
      key('weird id/ä', Date.UTC(2025, 1, 28, 12), { name: '', tenant: '' })
    ]
    const text = buildExpiryCalendar(keys, { now })
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    }
    const lines = unfold(text)
      .split('\r\n')
      .filter((line) => line !== '')
    expect(lines.slice(0, 3)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Hubkeys//Key expiries//EN'
    ])
    expect(lines.at(-1)).toBe('END:VCALENDAR')
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2)
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(2)
    expect(lines).toContain(`UID:${eventUid('k-1', keys[0]?.expiresAt as number)}`)
    expect(lines).toContain(`DTSTAMP:${utcStamp(now)}`)
    expect(utcStamp(now)).toBe('20250110T093000Z')
    expect(lines).toContain('DTSTART;VALUE=DATE:20250120')
    expect(lines).toContain('DTEND;VALUE=DATE:20250121')
    // February 28th ends on March 1st.
    expect(lines).toContain('DTSTART;VALUE=DATE:20250228')
    expect(lines).toContain('DTEND;VALUE=DATE:20250301')
    expect(lines).toContain(
      'SUMMARY:Key expires: billing\\, exporter\\; v2 \\\\ "prod"\\nline two on Owl\\; Data\\, Hub'
    )
    // January 20th: its 30-day reminder (December 21st) has passed, the 7- and 1-day ones are
    // ahead; February 28th gets all three.
    expect(lines.filter((l) => l === 'TRIGGER:-P30D')).toHaveLength(1)
    expect(lines.filter((l) => l === 'TRIGGER:-P7D')).toHaveLength(2)
    expect(lines.filter((l) => l === 'TRIGGER:-P1D')).toHaveLength(2)
    expect(lines.filter((l) => l === 'ACTION:DISPLAY')).toHaveLength(5)
    const alarmStart = lines.indexOf('BEGIN:VALARM')
    expect(lines.slice(alarmStart, alarmStart + 5).at(-1)).toBe('END:VALARM')
    // A nameless key is called by its hub id; no tenant line when there is none.
    expect(lines.some((l) => l.startsWith('SUMMARY:Key expires: hk_weird id/ä'))).toBe(true)
    const second = lines.slice(lines.lastIndexOf('BEGIN:VEVENT'))
    expect(second.find((l) => l.startsWith('DESCRIPTION:'))).not.toContain('Tenant')
  })

  it('sets no alarm in the past: only reminders still ahead, else one on the day, else none', () => {
    const triggers = (expiresAt: number, timeZone?: string) =>
      unfold(buildExpiryCalendar([key('k', expiresAt)], { now, ...(timeZone ? { timeZone } : {}) }))
        .split('\r\n')
        .filter((line) => line.startsWith('TRIGGER:'))
    // now is January 10th, 09:30 UTC.
    expect(triggers(Date.UTC(2025, 3, 1))).toEqual([
      'TRIGGER:-P30D',
      'TRIGGER:-P7D',
      'TRIGGER:-P1D'
    ])
    // February 9th: its 30-day reminder would be today, which has begun.
    expect(triggers(Date.UTC(2025, 1, 9, 12))).toEqual(['TRIGGER:-P7D', 'TRIGGER:-P1D'])
    expect(triggers(Date.UTC(2025, 0, 12, 12))).toEqual(['TRIGGER:-P1D'])
    // Tomorrow: the 1-day reminder is today; the alarm goes at the start of the day itself.
    expect(triggers(Date.UTC(2025, 0, 11, 12))).toEqual(['TRIGGER:PT0S'])
    expect(triggers(Date.UTC(2025, 0, 10, 23))).toEqual([])
    // Days are counted in the calendar's zone: 23:30 UTC on the 11th is the 12th in Tokyo.
    expect(triggers(Date.UTC(2025, 0, 11, 23, 30), 'Asia/Tokyo')).toEqual(['TRIGGER:-P1D'])
  })

  it('computes all-day dates in the given zone', () => {
    const late = key('k', Date.UTC(2025, 5, 30, 23, 30))
    expect(buildExpiryCalendar([late], { now })).toContain('DTSTART;VALUE=DATE:20250630')
    expect(buildExpiryCalendar([late], { now, timeZone: 'Europe/Berlin' })).toContain(
      'DTSTART;VALUE=DATE:20250701'
    )
    expect(buildExpiryCalendar([late], { now, timeZone: 'America/Los_Angeles' })).toContain(
      'DTSTART;VALUE=DATE:20250630'
    )
  })

  it('keeps UIDs plain, unique and tied to the expiry date', () => {
    expect(eventUid('3f2a-9c', 1700000000000)).toBe('3f2a-9c-1700000000000@hubkeys')
    expect(eventUid('a/b ä', 1)).toBe('a=2Fb=20=C3=A4-1@hubkeys')
    expect(eventUid('a', 1)).not.toBe(eventUid('a', 2))
    expect(eventUid('a=2F', 1)).not.toBe(eventUid('a/', 1))
  })

  it('writes an empty calendar when nothing expires', () => {
    expect(buildExpiryCalendar([], { now }).split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Hubkeys//Key expiries//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Hubkeys key expiries',
      'END:VCALENDAR',
      ''
    ])
  })
})

describe('search phrases from user text', () => {
  it.each([
    ['grafana', ['"grafana" *']],
    ['grafana readonly', ['"grafana"', '"readonly" *']],
    ['  spaced\tout\n', ['"spaced"', '"out" *']],
    ['say "hi"', ['"say"', '"""hi""" *']],
    ['a"b', ['"a""b" *']],
    ['NEAR(a b)', ['"NEAR(a"', '"b)" *']],
    ['x AND y', ['"x"', '"AND"', '"y" *']],
    ['col:val', ['"col:val" *']],
    ['- grafana .', ['"grafana" *']]
  ] as [string, string[]][])('%j -> %j', (text, phrases) => {
    expect(searchPhrases(text)).toEqual(phrases)
  })

  it.each(['', '   ', '.,;', '"""', '* - + ^', '()'])('%j has no text constraint', (text) => {
    expect(searchPhrases(text)).toBeUndefined()
  })

  it('keeps at most 16 words', () => {
    expect(searchPhrases(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16)
  })
})

describe('CLI filter words', () => {
  it('reads every word', () => {
    expect(
      parseFilterTokens([
        'expiring:30d',
        'expired',
        'unused:90',
        'no-ip',
        'allow-all',
        'older:365d',
        'status:active,inactive',
        'kind:cycle',
        'env:prod,staging',
        'tag:ops',
        'tag:ci/cd'
      ])
    ).toEqual({
      expiringWithinDays: 30,
      expired: true,
      unusedForDays: 90,
      noIpRestriction: true,
      allowAll: true,
      olderThanDays: 365,
      statuses: ['active', 'inactive'],
      kinds: ['cycle'],
      environments: ['prod', 'staging'],
      tags: ['ops', 'ci/cd']
    })
    expect(parseFilterTokens(['expiring:7d no-ip'])).toEqual({
      expiringWithinDays: 7,
      noIpRestriction: true
    })
    expect(parseFilterTokens(['missing'])).toEqual({ statuses: ['missing'] })
    expect(parseFilterTokens(['status:missing', 'missing', 'status:deleted'])).toEqual({
      statuses: ['missing', 'deleted']
    })
    expect(parseFilterTokens([])).toEqual({})
  })

  it.each([
    ['expiring:soon', 'needs a number of days'],
    ['expiring', 'needs a number of days'],
    ['status:asleep', 'use one of active'],
    ['kind:github', 'use one of cycle'],
    ['tag:', 'needs a tag name'],
    ['colour:red', 'is not understood'],
    ['unused:9999d', 'out of range']
  ])('refuses %j with one clear sentence', (token, fragment) => {
    let error: unknown
    try {
      parseFilterTokens([token])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('BAD_REQUEST')
    expect((error as AppError).message).toContain(fragment)
    expect((error as AppError).message.trim().endsWith('.')).toBe(true)
  })

  it('reads sort words', () => {
    expect(parseSortToken('expires:desc')).toEqual({ field: 'expires', direction: 'desc' })
    expect(parseSortToken('lastUsed')).toEqual({ field: 'lastUsed', direction: 'asc' })
    expect(() => parseSortToken('colour')).toThrow(/Cannot sort by "colour"/)
    expect(() => parseSortToken('name:up')).toThrow(/asc or desc/)
  })
})
