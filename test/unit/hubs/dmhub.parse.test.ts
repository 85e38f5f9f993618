// Unit tests for the tolerant DM-Hub readers (no published schema: missing, extra and odd fields) and storage bucketing.
import { describe, expect, it } from 'vitest'
import { storagePoints } from '../../../src-main/core/hubs/dmhub'
import {
  dayOf,
  parseHistoric,
  parseMyUsage,
  parseTimeseries,
  refusalMessage
} from '../../../src-main/core/hubs/dmhub/dmhub.parse'

const d = (text: string) => Date.parse(`${text}T00:00:00Z`)

describe('DM-Hub readers', () => {
  it('reads the documented myDataUsage shape without oddities', () => {
    expect(
      parseMyUsage({
        username: 'ana',
        date: '2026-11-01',
        totalBytes: 30,
        filesets: [
          { fileset: 'a', bytes: 10, files: 1 },
          { fileset: 'b', bytes: 20, files: 2 }
        ]
      })
    ).toEqual({
      ok: true,
      value: {
        username: 'ana',
        totalBytes: 30,
        filesets: [
          { name: 'a', bytes: 10 },
          { name: 'b', bytes: 20 }
        ]
      },
      oddities: []
    })
  })

  it('tolerates a missing user and total, string sizes, `name` for `fileset`, junk entries and extra fields', () => {
    const parsed = parseMyUsage({
      filesets: [{ name: 'a', bytes: '10' }, { fileset: 'b', bytes: null }, null, { bytes: 5 }],
      generatedAt: 'x',
      quota: 1
    })
    expect(parsed).toEqual({
      ok: true,
      value: { username: undefined, totalBytes: 10, filesets: [{ name: 'a', bytes: 10 }] },
      oddities: [
        'unexpected fields: generatedAt, quota',
        'the user name was missing',
        '3 fileset entries without a name or size were skipped',
        'the total was missing; it is the sum of the filesets'
      ]
    })
    expect(parseMyUsage({ username: 'x', totalBytes: 0 })).toMatchObject({
      ok: true,
      oddities: ['the fileset list was missing']
    })
    expect(parseMyUsage([]).ok).toBe(false)
  })

  it('sums historic storage over the users listed, per day', () => {
    const parsed = parseHistoric({
      fileset: 'a',
      users: [
        {
          username: 'ana',
          history: [
            { date: '2026-11-01', bytes: 1 },
            { date: '2026-11-02', bytes: 2 }
          ]
        },
        { username: 'bo', series: [{ day: '2026-11-02', bytes: '3' }] },
        { username: 'cy' },
        { username: 'di', history: [{ date: 'soon', bytes: 1 }, { date: '2026-11-01' }] }
      ]
    })
    expect(parsed).toEqual({
      ok: true,
      value: new Map([
        [d('2026-11-01'), 1],
        [d('2026-11-02'), 5]
      ]),
      oddities: ['3 entries without a day or size were skipped']
    })
    expect(parseHistoric({ fileset: 'a' })).toEqual({
      ok: false,
      what: 'the `users` list is missing'
    })
  })

  it('reads time series per fileset and skips unnamed ones', () => {
    const parsed = parseTimeseries({
      startDate: '2026-11-01',
      endDate: '2026-11-02',
      filesets: [
        {
          fileset: 'a',
          series: [
            { date: '2026-11-01', bytes: 4 },
            { date: Date.UTC(2026, 10, 2), bytes: 6 }
          ]
        },
        { series: [] },
        { name: 'b', history: [{ date: '2026-11-01T00:00:00Z', bytes: 1 }] }
      ],
      page: 1
    })
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          name: 'a',
          days: new Map([
            [d('2026-11-01'), 4],
            [d('2026-11-02'), 6]
          ])
        },
        { name: 'b', days: new Map([[d('2026-11-01'), 1]]) }
      ],
      oddities: ['unexpected fields: page', '1 filesets without a name or series were skipped']
    })
    expect(parseTimeseries({ filesets: 'none' }).ok).toBe(false)
  })

  it('reads days in every form', () => {
    expect(dayOf('2026-11-01')).toBe(d('2026-11-01'))
    expect(dayOf('2026-11-01T00:00:00.000Z')).toBe(d('2026-11-01'))
    expect(dayOf(d('2026-11-01'))).toBe(d('2026-11-01'))
    expect(dayOf('yesterday')).toBeUndefined()
    expect(dayOf(null)).toBeUndefined()
  })

  it('reads Spring-style refusals, where `message` may be empty', () => {
    expect(
      refusalMessage({
        timestamp: 't',
        status: 401,
        error: 'Unauthorized',
        message: 'Bad key',
        path: '/p'
      })
    ).toBe('Bad key')
    expect(refusalMessage({ status: 403, error: 'Forbidden', message: '' })).toBe('Forbidden')
    expect(refusalMessage({ error_description: 'expired' })).toBe('expired')
    expect(refusalMessage('nope')).toBeUndefined()
  })
})

describe('storage points', () => {
  const days = new Map([
    [d('2026-11-02'), 20],
    [d('2026-11-01'), 10],
    [d('2026-11-03'), 30],
    [d('2026-11-09'), 90],
    [d('2026-12-01'), 100]
  ])

  it('keeps days within the range, in order, as bytes without request counts', () => {
    expect(storagePoints(days, d('2026-11-02'), d('2026-11-09'), 'day')).toEqual([
      { at: d('2026-11-02'), requests: null, bytes: 20 },
      { at: d('2026-11-03'), requests: null, bytes: 30 },
      { at: d('2026-11-09'), requests: null, bytes: 90 }
    ])
  })

  it('shows a week or month as its last day’s level (storage is not summed)', () => {
    expect(storagePoints(days, 0, d('2026-12-31'), 'week')).toEqual([
      { at: d('2026-10-26'), requests: null, bytes: 10 },
      { at: d('2026-11-02'), requests: null, bytes: 30 },
      { at: d('2026-11-09'), requests: null, bytes: 90 },
      { at: d('2026-11-30'), requests: null, bytes: 100 }
    ])
    expect(storagePoints(days, 0, d('2026-12-31'), 'month')).toEqual([
      { at: d('2026-11-01'), requests: null, bytes: 90 },
      { at: d('2026-12-01'), requests: null, bytes: 100 }
    ])
  })

  it('falls back to days for minute and hour', () => {
    expect(storagePoints(days, 0, d('2026-11-01'), 'minute')).toEqual([
      { at: d('2026-11-01'), requests: null, bytes: 10 }
    ])
  })
})
