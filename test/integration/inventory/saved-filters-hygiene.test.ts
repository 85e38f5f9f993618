// Integration tests on real SQLite: saved filters round-trip and upsert by name; hygiene counts match the reference and open the same keys in the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  connectionHygieneCheckIds,
  hygieneCheckIds,
  maxSavedFilters,
  type KeyQueryInput
} from '../../../src-main/contract/inventory.contract'
import { AppError } from '../../../src-main/contract/result'
import {
  day,
  openKit,
  referenceFilter,
  referenceKeys,
  seedNow,
  type InventoryKit,
  type RefKey
} from './inventory-kit'

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (error) {
    return error instanceof AppError ? error.code : String(error)
  }
  return undefined
}

/** Keys expiring within 30 days that still exist at their hub: missing and deleted keys get no reminder. */
const remindable = (key: RefKey): boolean =>
  key.expiresAt !== null &&
  key.expiresAt > seedNow &&
  key.expiresAt <= seedNow + 30 * day &&
  key.status !== 'missing' &&
  key.status !== 'deleted'

describe('saved filters', () => {
  let kit: InventoryKit
  beforeAll(() => {
    kit = openKit({ keys: 200 })
  })
  afterAll(() => kit.close())

  const query: KeyQueryInput = {
    search: 'grafana "ro',
    filter: { environments: ['prod'], expiringWithinDays: 30, tags: ['ops'], allowAll: true },
    sort: { field: 'expires', direction: 'desc' }
  }

  it('round-trip through the store with every field intact', () => {
    const saved = kit.call('filters:save', { name: '  Prod expiring  ', query })
    expect(saved.name).toBe('Prod expiring')
    expect(saved.query).toEqual(query)
    expect(saved.createdAt).toBe(seedNow)
    expect(kit.call('filters:list', {})).toEqual([saved])
  })

  it('replace a filter of the same name in any case, keeping its id and creation time', () => {
    const before = kit.call('filters:list', {})[0]
    kit.setNow(seedNow + day)
    try {
      const replaced = kit.call('filters:save', {
        name: 'PROD EXPIRING',
        query: { search: '', filter: { expired: true } }
      })
      expect(replaced.id).toBe(before?.id)
      expect(replaced.name).toBe('PROD EXPIRING')
      expect(replaced.createdAt).toBe(seedNow)
      expect(replaced.updatedAt).toBe(seedNow + day)
      expect(replaced.query).toEqual({
        search: '',
        filter: { expired: true },
        sort: { field: 'name', direction: 'asc' }
      })
      expect(kit.call('filters:list', {})).toHaveLength(1)
    } finally {
      kit.setNow(seedNow)
    }
  })

  it('list by name ignoring case, and delete by id', () => {
    kit.call('filters:save', { name: 'alpha', query: {} })
    kit.call('filters:save', { name: 'Zulu', query: {} })
    const names = kit.call('filters:list', {}).map((f) => f.name)
    expect(names).toEqual(['alpha', 'PROD EXPIRING', 'Zulu'])
    const alpha = kit.call('filters:list', {}).find((f) => f.name === 'alpha')
    expect(kit.call('filters:delete', { id: alpha?.id as string })).toEqual({})
    expect(kit.call('filters:list', {}).map((f) => f.name)).toEqual(['PROD EXPIRING', 'Zulu'])
    expect(codeOf(() => kit.call('filters:delete', { id: alpha?.id as string }))).toBe('NOT_FOUND')
  })

  it('refuse empty and overlong names at the contract', () => {
    expect(() => kit.call('filters:save', { name: '   ', query: {} })).toThrow()
    expect(() => kit.call('filters:save', { name: 'x'.repeat(81), query: {} })).toThrow()
  })

  it('survive reopening the service on the same database', async () => {
    const { createSqliteSavedFiltersStore } =
      await import('../../../src-main/adapters/sqlite/saved-filters.repository')
    const again = createSqliteSavedFiltersStore(kit.db)
    expect(again.list().map((f) => f.name)).toEqual(['PROD EXPIRING', 'Zulu'])
  })

  it('leave out a stored query this build cannot read', () => {
    kit.db
      .prepare(
        `INSERT INTO saved_filters (id, name, query, created_at, updated_at) VALUES ('old', 'old one', '{"filter":{"colour":"red"}}', 1, 1)`
      )
      .run()
    expect(kit.call('filters:list', {}).map((f) => f.name)).toEqual(['PROD EXPIRING', 'Zulu'])
    // Saving under its name replaces it with a readable one.
    kit.call('filters:save', { name: 'Old One', query: {} })
    expect(kit.call('filters:list', {}).map((f) => f.name)).toEqual([
      'Old One',
      'PROD EXPIRING',
      'Zulu'
    ])
  })

  it(`stop at ${maxSavedFilters}, while replacing still works`, () => {
    const existing = kit.call('filters:list', {}).length
    for (let i = existing; i < maxSavedFilters; i += 1) {
      kit.call('filters:save', { name: `filter ${i}`, query: {} })
    }
    expect(codeOf(() => kit.call('filters:save', { name: 'one too many', query: {} }))).toBe(
      'CONFLICT'
    )
    expect(codeOf(() => kit.call('filters:save', { name: 'zulu', query: {} }))).toBeUndefined()
  })
})

describe('hygiene', () => {
  let kit: InventoryKit
  let keys: RefKey[]
  beforeAll(() => {
    kit = openKit({ keys: 2500, seed: 11 })
    keys = referenceKeys(kit.db)
  })
  afterAll(() => kit.close())

  it('counts every check as the reference does, and each count opens exactly those keys', () => {
    const summary = kit.call('hygiene:summary', { maxAgeDays: 500 })
    expect(summary.at).toBe(seedNow)
    expect(summary.maxAgeDays).toBe(500)
    expect(summary.items.map((item) => item.id)).toEqual([...hygieneCheckIds])
    for (const item of summary.items) {
      const expected = keys.filter(referenceFilter(item.query.filter, seedNow))
      expect(item.count, item.id).toBe(expected.length)
      expect(item.count, item.id).toBeGreaterThan(0)
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page = kit.call('keys:query', {
          ...item.query,
          limit: 500,
          ...(cursor ? { cursor } : {})
        })
        ids.push(...page.rows.map((row) => row.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(ids.sort(), item.id).toEqual(expected.map((key) => key.id).sort())
    }
  })

  it('counts any mix of selections, alone or together, with search and connection filters', async () => {
    const { createSqliteInventoryQueryStore } =
      await import('../../../src-main/adapters/sqlite/inventory-query.repository')
    const { resolveSelection } = await import('../../../src-main/core/inventory/inventory-query')
    const queries = [
      { search: 'acme', filter: {} },
      { search: '', filter: { connectionIds: ['conn-c'], tags: ['pci'] } },
      { search: 'grafana', filter: { expired: true, environments: ['prod' as const] } },
      { search: '', filter: { expiringWithinDays: 7 } },
      { search: '', filter: {} },
      { search: '', filter: { connectionIds: [] } }
    ]
    const { referenceSearch } = await import('./inventory-kit')
    const expected = queries.map(
      (q) =>
        keys.filter(referenceSearch(q.search)).filter(referenceFilter(q.filter, seedNow)).length
    )
    for (const driveLimit of [5, 100_000]) {
      const store = createSqliteInventoryQueryStore(kit.db, { driveLimit })
      const selections = queries.map((q) => resolveSelection(q, seedNow, store))
      expect(store.count(selections)).toEqual(expected)
      // One at a time takes the single-statement path for each.
      expect(selections.map((selection) => store.count([selection])[0])).toEqual(expected)
      expect(store.count([])).toEqual([])
    }
    expect(expected.slice(0, 4).every((n) => n > 0 && n < keys.length)).toBe(true)
  })

  it('nests the expiry windows and limits allow-all to production', () => {
    const summary = kit.call('hygiene:summary', {})
    const count = (id: string) => summary.items.find((item) => item.id === id)?.count ?? -1
    expect(count('expiring-30d')).toBeGreaterThan(count('expiring-7d'))
    expect(count('expiring-7d')).toBeGreaterThan(count('expiring-1d'))
    const allowAll = summary.items.find((item) => item.id === 'allow-all-prod')
    expect(allowAll?.query.filter).toEqual({ allowAll: true, environments: ['prod'] })
    // The kit's preference says 400 when the request names no maximum age.
    expect(summary.maxAgeDays).toBe(400)
    expect(summary.items.find((item) => item.id === 'older-than-max-age')?.label).toBe(
      'Older than 400 days'
    )
    // Keys gone from their hub are counted, not hidden: the seed has some.
    expect(count('missing-at-hub')).toBeGreaterThan(0)
  })

  it('counts the Overview checks per connection, summing to the global counts', () => {
    const summary = kit.call('hygiene:summary', {})
    const connectionIds = [...new Set(keys.map((key) => key.connectionId))].sort()
    expect(summary.byConnection.map((entry) => entry.connectionId).sort()).toEqual(connectionIds)
    expect(connectionIds.length).toBeGreaterThan(1)
    for (const id of connectionHygieneCheckIds) {
      const item = summary.items.find((entry) => entry.id === id)
      if (!item) throw new Error(`no ${id} check`)
      let sum = 0
      for (const { connectionId, counts } of summary.byConnection) {
        const filter = { ...item.query.filter, connectionIds: [connectionId] }
        const expected = keys.filter(referenceFilter(filter, seedNow)).length
        expect(counts[id], `${id} on ${connectionId}`).toBe(expected)
        sum += counts[id]
      }
      expect(sum, id).toBe(item.count)
    }
    // Not all zero and not all equal: the split means something.
    const expiring = summary.byConnection.map((entry) => entry.counts['expiring-30d'])
    expect(new Set(expiring).size).toBeGreaterThan(1)
  })

  it('exports the keys expiring in the window as a calendar, soonest first', () => {
    const ics = kit.call('hygiene:ics', { days: 30 })
    const expected = keys.filter(remindable)
    expect(ics.events).toBe(expected.length)
    expect(ics.truncated).toBe(false)
    expect(ics.fileName).toBe('hubkeys-expiries.ics')
    expect(ics.content.match(/BEGIN:VEVENT/g)).toHaveLength(expected.length)
    const starts = [...ics.content.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1])
    expect(starts).toEqual([...starts].sort())
    expect(codeOf(() => kit.call('hygiene:ics', { timeZone: 'Mars/Olympus' }))).toBe('BAD_REQUEST')
  })

  it('leaves keys missing at their hub or deleted out of the calendar and the reminders', () => {
    const soon = keys.filter(remindable)
    const [gone, deleted] = soon
    expect(deleted).toBeDefined()
    const before = kit.call('hygiene:ics', { days: 30 }).events
    const mark = kit.db.prepare('UPDATE keys SET status = ? WHERE id = ?')
    mark.run('missing', gone!.id)
    mark.run('deleted', deleted!.id)
    try {
      const ics = kit.call('hygiene:ics', { days: 30 })
      expect(ics.events).toBe(before - 2)
      const due = kit.service.reminders({}).due.map((reminder) => reminder.keyId)
      expect(due).not.toContain(gone!.id)
      expect(due).not.toContain(deleted!.id)
    } finally {
      mark.run(gone!.status, gone!.id)
      mark.run(deleted!.status, deleted!.id)
    }
  })

  it('reminds once per key and threshold across calls', () => {
    const first = kit.service.reminders({})
    const within30 = keys.filter(remindable)
    expect(first.due).toHaveLength(within30.length)
    expect(Object.keys(first.log).sort()).toEqual(within30.map((key) => key.id).sort())
    expect(kit.service.reminders(first.log).due).toEqual([])
    // A week later, keys that crossed a threshold are due again, once.
    kit.setNow(seedNow + 7 * day)
    try {
      const later = kit.service.reminders(first.log)
      expect(later.due.length).toBeGreaterThan(0)
      expect(
        later.due.every(
          (r) => r.threshold === 7 || r.threshold === 1 || first.log[r.keyId] === undefined
        )
      ).toBe(true)
      expect(kit.service.reminders(later.log).due).toEqual([])
    } finally {
      kit.setNow(seedNow)
    }
  })
})
