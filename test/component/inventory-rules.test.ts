// Unit tests of the renderer's inventory logic without DOM: the contract copies, the key window's paging plan, queries, reminders and wording.
import { describe, expect, it } from 'vitest'
import {
  environmentSchema,
  hubKinds as contractKinds,
  keyStatusSchema
} from '../../src-main/contract/hubs.contract'
import {
  hygieneCheckIds as contractChecks,
  keyFilterSchema,
  keyPageRequestSchema,
  keyQuerySchema,
  keySortFields as contractSortFields,
  maxPageSize as contractMaxPage,
  maxSearchLength as contractMaxSearch,
  savedFilterNameSchema,
  type HygieneSummary,
  type KeyRow
} from '../../src-main/contract/inventory.contract'
import { driftChangeSchema } from '../../src-main/contract/sync.contract'
import { reminderBanner } from '../../src-renderer/src/features/hygiene/reminders'
import {
  driftChanges,
  environments,
  hubKinds,
  hygieneCheckIds,
  keySortFields,
  keyStatuses,
  maxFilterDays,
  maxFilterNameLength,
  maxPageSize,
  maxSearchLength
} from '../../src-renderer/src/keys/inventory-rules'
import {
  driftValue,
  ipSummary,
  relativeTime
} from '../../src-renderer/src/features/keys/key-format'
import {
  emptyQuery,
  filterNameProblem,
  nextSort,
  sameQuery,
  tidyFilter,
  tidyQuery
} from '../../src-renderer/src/features/keys/key-query'
import {
  applyPage,
  emptyWindow,
  planFetch,
  type KeyWindow,
  type WindowSizes
} from '../../src-renderer/src/features/keys/key-window'

describe('copies of the inventory contract', () => {
  it('list the same sort fields, kinds, environments, statuses, checks and drift changes', () => {
    expect(keySortFields).toEqual(contractSortFields)
    expect(hubKinds).toEqual(contractKinds)
    expect(environments).toEqual(environmentSchema.options)
    expect(keyStatuses).toEqual(keyStatusSchema.options)
    expect(hygieneCheckIds).toEqual(contractChecks)
    expect(driftChanges).toEqual(driftChangeSchema.options)
  })

  it('use the same limits main enforces', () => {
    expect(maxPageSize).toBe(contractMaxPage)
    expect(maxSearchLength).toBe(contractMaxSearch)
    expect(savedFilterNameSchema.safeParse('x'.repeat(maxFilterNameLength)).success).toBe(true)
    expect(savedFilterNameSchema.safeParse('x'.repeat(maxFilterNameLength + 1)).success).toBe(false)
    expect(keyFilterSchema.safeParse({ unusedForDays: maxFilterDays }).success).toBe(true)
    expect(keyFilterSchema.safeParse({ unusedForDays: maxFilterDays + 1 }).success).toBe(false)
  })

  it('check filter names as main does', () => {
    for (const name of ['', '   ', 'ok', ` ${'y'.repeat(80)} `, 'z'.repeat(81)]) {
      expect(filterNameProblem(name) === undefined).toBe(
        savedFilterNameSchema.safeParse(name).success
      )
    }
  })
})

describe('key queries', () => {
  it('drop empty lists and false flags, so every page of a query sends one form main accepts', () => {
    const tidy = tidyFilter({
      connectionIds: [],
      kinds: ['cycle'],
      expired: false,
      noIpRestriction: true,
      allowAll: false,
      unusedForDays: 0,
      tags: []
    })
    expect(tidy).toEqual({ kinds: ['cycle'], noIpRestriction: true, unusedForDays: 0 })
    const query = tidyQuery({ ...emptyQuery, filter: tidy })
    expect(keyQuerySchema.parse(query)).toEqual(query)
    expect(sameQuery(query, { ...query, filter: { ...tidy, expired: false } })).toBe(true)
    expect(sameQuery(query, { ...query, search: 'x' })).toBe(false)
  })

  it('sort a new column ascending and flip the current one', () => {
    expect(nextSort({ field: 'name', direction: 'asc' }, 'expires')).toEqual({
      field: 'expires',
      direction: 'asc'
    })
    expect(nextSort({ field: 'expires', direction: 'asc' }, 'expires').direction).toBe('desc')
    expect(nextSort({ field: 'expires', direction: 'desc' }, 'expires').direction).toBe('asc')
  })
})

/** A fake table of `count` rows read the way main pages: cursor = index of the next row. */
const fakeTable = (count: number) => {
  const requests: { start: number; limit: number; cursor: string | undefined }[] = []
  const read = (window: KeyWindow, from: number, to: number, sizes: WindowSizes) => {
    for (let guard = 0; guard < 1000; guard += 1) {
      const plan = planFetch(window, from, to, sizes)
      if (!plan) return window
      requests.push({ start: plan.start, limit: plan.limit, cursor: plan.cursor })
      // The cursor must be the one main gave for exactly this place.
      expect(plan.cursor).toBe(plan.start === 0 ? undefined : `c${plan.start}`)
      const end = Math.min(count, plan.start + plan.limit)
      const rows = Array.from(
        { length: end - plan.start },
        (_, offset) => ({ id: `k${plan.start + offset}` }) as KeyRow
      )
      window = applyPage(
        window,
        plan.start,
        {
          rows,
          nextCursor: end < count ? `c${end}` : null,
          ...(plan.withTotal ? { total: count } : {}),
          at: 1
        },
        (from + to) / 2,
        sizes
      )
    }
    throw new Error('the plan never settled')
  }
  return { requests, read }
}

describe('key window', () => {
  const sizes: WindowSizes = { pageSize: 50, maxPageSize: 200, keep: 150 }

  it('asks for the first page with the total, then nothing while the viewport is covered', () => {
    const table = fakeTable(1000)
    const window = table.read(emptyWindow(), 0, 30, sizes)
    expect(table.requests).toEqual([{ start: 0, limit: 50, cursor: undefined }])
    expect(window.total).toBe(1000)
    expect(planFetch(window, 0, 30, sizes)).toBeUndefined()
    expect(planFetch(window, 10, 49, sizes)).toBeUndefined()
  })

  it('reads on from the last anchor when scrolling, one page at a time', () => {
    const table = fakeTable(1000)
    let window = table.read(emptyWindow(), 0, 30, sizes)
    window = table.read(window, 40, 70, sizes)
    expect(table.requests.at(-1)).toEqual({ start: 50, limit: 50, cursor: 'c50' })
    expect([...window.rows.keys()].sort((a, b) => a - b).slice(-1)).toEqual([99])
  })

  it('walks to a far place in big pages and keeps only the rows near it', () => {
    const table = fakeTable(100_000)
    let window = table.read(emptyWindow(), 0, 30, sizes)
    window = table.read(window, 50_000, 50_030, sizes)
    expect(table.requests.every((request) => request.limit <= sizes.maxPageSize)).toBe(true)
    for (let index = 50_000; index <= 50_030; index += 1) expect(window.rows.has(index)).toBe(true)
    // Never everything at once: only the rows around the viewport stay.
    expect(window.rows.size).toBeLessThanOrEqual(2 * sizes.keep + sizes.maxPageSize)
    expect(Math.min(...window.rows.keys())).toBeGreaterThanOrEqual(50_015 - sizes.keep)

    // Anchors stay, so going back to the top (dropped since) is one request from the start.
    const before = table.requests.length
    window = table.read(window, 0, 30, sizes)
    expect(table.requests.slice(before)).toEqual([{ start: 0, limit: 50, cursor: undefined }])
    // And back to the far place: from the anchor just before it, not from the top.
    const again = table.requests.length
    table.read(window, 50_000, 50_030, sizes)
    expect(table.requests[again]?.start).toBeGreaterThan(49_000)
  })

  it('corrects the total when the end comes sooner or later than counted', () => {
    const shorter = applyPage(
      { ...emptyWindow(), total: 500 },
      0,
      { rows: [{ id: 'a' } as KeyRow], nextCursor: null, at: 1 },
      0
    )
    expect(shorter.total).toBe(1)
    const longer = applyPage(
      { ...emptyWindow(), total: 1 },
      0,
      { rows: [{ id: 'a' } as KeyRow], nextCursor: 'c1', at: 1 },
      0
    )
    expect(longer.total).toBe(2)
    expect(longer.anchors.get(1)).toBe('c1')
  })

  it('asks with requests the contract accepts', () => {
    const plan = planFetch(emptyWindow(), 0, 30)
    expect(plan).toBeDefined()
    const request = { ...emptyQuery, limit: plan?.limit, withTotal: plan?.withTotal }
    expect(keyPageRequestSchema.safeParse(request).success).toBe(true)
  })
})

describe('reminder banner', () => {
  const summary = (counts: Record<string, number>): HygieneSummary => ({
    at: 0,
    maxAgeDays: 365,
    items: ['expiring-30d', 'expiring-7d', 'expiring-1d', 'expired'].map((id) => ({
      id: id as HygieneSummary['items'][number]['id'],
      label: id,
      count: counts[id] ?? 0,
      query: { ...emptyQuery, filter: { expiringWithinDays: Number(id.match(/\d+/)?.[0] ?? 0) } }
    }))
  })

  it('is absent when nothing expires within 30 days, expired keys aside', () => {
    expect(reminderBanner(summary({ expired: 4 }))).toBeUndefined()
  })

  it('names the most urgent window first and each wider one only when it adds keys', () => {
    const banner = reminderBanner(
      summary({ 'expiring-1d': 1, 'expiring-7d': 1, 'expiring-30d': 5 })
    )
    expect(banner).toMatchObject({
      tone: 'danger',
      text: '1 key expires within a day · 5 within 30 days'
    })
    expect(banner?.query.filter.expiringWithinDays).toBe(1)
    const week = reminderBanner(summary({ 'expiring-7d': 3, 'expiring-30d': 3 }))
    expect(week).toMatchObject({ tone: 'warn', text: '3 keys expire within 7 days' })
  })

  it('changes its signature when a count changes, so a dismissal does not hide news', () => {
    const a = reminderBanner(summary({ 'expiring-30d': 2 }))
    const b = reminderBanner(summary({ 'expiring-30d': 3 }))
    expect(a?.signature).not.toBe(b?.signature)
  })
})

describe('wording', () => {
  const now = Date.UTC(2026, 0, 10)
  it('says relative times in one unit, future and past', () => {
    expect(relativeTime(now + 3 * 86_400_000, now)).toBe('in 3 days')
    expect(relativeTime(now - 5 * 3_600_000, now)).toBe('5 h ago')
    expect(relativeTime(now - 10_000, now)).toBe('just now')
    expect(relativeTime(now + 90 * 86_400_000, now)).toBe('in 3 months')
  })

  it('reads drift values per field: null is no restriction, [] allows nothing', () => {
    expect(driftValue('ip-rules', null)).toBe('No restriction')
    expect(driftValue('ip-rules', [])).toBe('Allows nothing')
    expect(driftValue('ip-rules', ['10.0.0.0/8', '::/0'])).toBe('10.0.0.0/8, ::/0')
    expect(driftValue('renamed', 'old')).toBe('old')
    expect(driftValue('role', null)).toBe('No role')
    expect(driftValue('status', 'inactive')).toBe('Inactive')
    expect(driftValue('expiry', null)).toBe('No expiry')
    expect(driftValue('headers', [{ name: 'X-A', value: '1', enabled: false }])).toBe(
      'X-A: 1 (off)'
    )
  })

  it('calls unrestricted production keys dangerous and counts rules otherwise', () => {
    expect(ipSummary({ ipRuleCount: null, allowsAll: true, environment: 'prod' })).toMatchObject({
      text: 'No restriction',
      tone: 'danger'
    })
    expect(ipSummary({ ipRuleCount: 2, allowsAll: true, environment: 'dev' }).tone).toBe('warn')
    expect(ipSummary({ ipRuleCount: 3, allowsAll: false, environment: 'prod' }).text).toBe(
      '3 rules'
    )
  })
})
