// Integration tests for keys:query on real SQLite: every filter, every sort both ways, keyset pages with ties, FTS search and hostile search text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  KeyFilter,
  KeyPageRequestInput,
  KeyRow,
  KeySort
} from '../../../src-main/contract/inventory.contract'
import { keySortFields } from '../../../src-main/contract/inventory.contract'
import { AppError } from '../../../src-main/contract/result'
import {
  compareSortValues,
  day,
  openKit,
  referenceFilter,
  referenceKeys,
  referenceSearch,
  seedConnectionList,
  seedNow,
  sortValueOf,
  type InventoryKit,
  type RefKey
} from './inventory-kit'

const readAll = (
  kit: InventoryKit,
  request: KeyPageRequestInput
): { rows: KeyRow[]; pages: number; total?: number } => {
  const rows: KeyRow[] = []
  let cursor: string | undefined
  let pages = 0
  let total: number | undefined
  do {
    const page = kit.call('keys:query', {
      ...request,
      ...(cursor ? { cursor } : {}),
      withTotal: pages === 0
    })
    if (pages === 0) total = page.total
    rows.push(...page.rows)
    pages += 1
    cursor = page.nextCursor ?? undefined
    if (pages > 10_000) throw new Error('paging does not end')
  } while (cursor !== undefined)
  return { rows, pages, total }
}

const expectSorted = (rows: readonly KeyRow[], sort: KeySort): void => {
  for (let i = 1; i < rows.length; i += 1) {
    const before = rows[i - 1] as KeyRow
    const after = rows[i] as KeyRow
    const order = compareSortValues(
      sortValueOf(before, sort.field),
      sortValueOf(after, sort.field),
      sort.direction
    )
    if (order > 0) {
      throw new Error(
        `rows ${i - 1} and ${i} are out of order for ${sort.field} ${sort.direction}: ` +
          `${String(sortValueOf(before, sort.field))} then ${String(sortValueOf(after, sort.field))}`
      )
    }
    // Grouped sorts promise the order inside a connection too: tenant, then hub key id.
    if (
      order === 0 &&
      ['connection', 'kind', 'environment'].includes(sort.field) &&
      before.connectionId === after.connectionId
    ) {
      const a = [before.tenant, before.hubKeyId]
      const b = [after.tenant, after.hubKeyId]
      const inside =
        a[0] === b[0] ? (a[1] as string) < (b[1] as string) : (a[0] as string) < (b[0] as string)
      expect(inside).toBe(sort.direction === 'asc')
    }
  }
}

const ids = (rows: readonly { id: string }[]): string[] => rows.map((row) => row.id).sort()
/** Ids in the order given (`ids` sorts them, to compare sets). */
const inOrder = (rows: readonly { id: string }[]): string[] => rows.map((row) => row.id)

let kit: InventoryKit
let keys: RefKey[]

beforeAll(() => {
  kit = openKit({ keys: 3000 })
  keys = referenceKeys(kit.db)
})
afterAll(() => kit.close())

describe('seed sanity', () => {
  it('has the awkward cases the tests rely on', () => {
    expect(keys).toHaveLength(3000)
    const nameCounts = new Map<string, number>()
    for (const key of keys) nameCounts.set(key.name, (nameCounts.get(key.name) ?? 0) + 1)
    expect([...nameCounts.values()].some((n) => n > 10)).toBe(true)
    for (const field of [
      'createdAt',
      'expiresAt',
      'lastUsedAt',
      'usage7d',
      'usage30d',
      'role'
    ] as const) {
      expect(keys.some((key) => key[field] === null)).toBe(true)
    }
    expect(keys.some((key) => key.expiresAt === seedNow)).toBe(true)
    expect(keys.some((key) => key.expiresAt === seedNow + 7 * day)).toBe(true)
    expect(keys.some((key) => key.status === 'suspended')).toBe(true)
  })
})

describe('sorting and keyset pages', () => {
  const cases: { sort: KeySort; limit: number }[] = keySortFields.flatMap((field) =>
    (['asc', 'desc'] as const).map((direction, index) => ({
      sort: { field, direction },
      // Small pages put many boundaries inside runs of equal values.
      limit: index === 0 ? 37 : 250
    }))
  )

  it.each(cases)(
    '$sort.field $sort.direction covers every key once, in order',
    ({ sort, limit }) => {
      const { rows, total } = readAll(kit, { sort, limit })
      expect(total).toBe(keys.length)
      expect(rows).toHaveLength(keys.length)
      expect(ids(rows)).toEqual(ids(keys))
      expectSorted(rows, sort)
    }
  )

  it.each(cases)(
    '$sort.field $sort.direction starts a page at any offset where walking the pages gets to',
    ({ sort }) => {
      const { rows } = readAll(kit, { sort, limit: 250 })
      // The start, inside runs of equal values, across the keys without a value, the very end.
      const offsets = [0, 1, 37, Math.floor(rows.length / 2), rows.length - 3, rows.length - 1]
      for (const offset of offsets) {
        const page = kit.call('keys:query', { sort, limit: 5, offset })
        expect(inOrder(page.rows), `offset ${offset}`).toEqual(
          inOrder(rows.slice(offset, offset + 5))
        )
        // Its cursor reads on exactly where walking would.
        if (page.nextCursor !== null) {
          const next = kit.call('keys:query', { sort, limit: 5, cursor: page.nextCursor })
          expect(inOrder(next.rows)).toEqual(inOrder(rows.slice(offset + 5, offset + 10)))
        } else {
          expect(offset + 5).toBeGreaterThanOrEqual(rows.length)
        }
      }
      expect(kit.call('keys:query', { sort, limit: 5, offset: rows.length }).rows).toEqual([])
    }
  )

  it('puts keys without a value last in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const { rows } = readAll(kit, { sort: { field: 'expires', direction }, limit: 500 })
      const firstNull = rows.findIndex((row) => row.expiresAt === null)
      expect(firstNull).toBeGreaterThan(0)
      expect(rows.slice(firstNull).every((row) => row.expiresAt === null)).toBe(true)
    }
  })

  it('sorts text ignoring case', () => {
    const { rows } = readAll(kit, { sort: { field: 'connection', direction: 'asc' }, limit: 500 })
    const order = [...new Set(rows.map((row) => row.connectionName))]
    expect(order).toEqual(
      [...seedConnectionList.map((c) => c.name)].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : 1
      )
    )
  })

  it('orders environments prod, staging, dev', () => {
    const { rows } = readAll(kit, { sort: { field: 'environment', direction: 'asc' }, limit: 500 })
    const order = [...new Set(rows.map((row) => row.environment))]
    expect(order).toEqual(['prod', 'staging', 'dev'])
  })

  it('pages the maximum size and refuses more', () => {
    const page = kit.call('keys:query', { limit: 500 })
    expect(page.rows).toHaveLength(500)
    expect(() => kit.call('keys:query', { limit: 501 })).toThrow()
  })

  it('answers an empty last page with no cursor', () => {
    const page = kit.call('keys:query', { limit: 500, filter: { connectionIds: ['nope'] } })
    expect(page.rows).toEqual([])
    expect(page.nextCursor).toBeNull()
  })
})

describe('filters', () => {
  const now = seedNow
  const filters: [string, KeyFilter][] = [
    ['one connection', { connectionIds: ['conn-c'] }],
    ['two connections', { connectionIds: ['conn-a', 'conn-g'] }],
    ['unknown connection', { connectionIds: ['conn-zzz'] }],
    ['hub kind', { kinds: ['cycle'] }],
    ['hub kinds', { kinds: ['dct', 'datahub'] }],
    ['environment', { environments: ['prod'] }],
    ['kind and environment', { kinds: ['cycle'], environments: ['staging'] }],
    ['connection and kind (intersect)', { connectionIds: ['conn-a', 'conn-c'], kinds: ['cycle'] }],
    ['status', { statuses: ['inactive'] }],
    ['statuses', { statuses: ['active', 'pending'] }],
    ['unknown status (also unrecognised ones)', { statuses: ['unknown'] }],
    ['missing at hub', { statuses: ['missing'] }],
    ['expiring within 1 day', { expiringWithinDays: 1 }],
    ['expiring within 7 days', { expiringWithinDays: 7 }],
    ['expiring within 30 days', { expiringWithinDays: 30 }],
    ['expiring within 0 days', { expiringWithinDays: 0 }],
    ['expired', { expired: true }],
    ['unused 90 days', { unusedForDays: 90 }],
    ['unused 0 days', { unusedForDays: 0 }],
    ['no IP restriction', { noIpRestriction: true }],
    ['allow all', { allowAll: true }],
    ['older than 365 days', { olderThanDays: 365 }],
    ['tag', { tags: ['pci'] }],
    ['tag, any case', { tags: ['ops'] }],
    ['tags with punctuation', { tags: ['ci/cd', 'TEAM-A'] }],
    ['false booleans do not narrow', { expired: false, allowAll: false, noIpRestriction: false }],
    [
      'everything at once',
      {
        environments: ['prod', 'staging'],
        statuses: ['active', 'inactive'],
        unusedForDays: 30,
        allowAll: true,
        tags: ['ops', 'billing', 'legacy']
      }
    ]
  ]

  // The same data read with a tiny drive limit: connection filters then walk the sort order
  // instead of reading the connections' keys and sorting them.
  let walkKit: InventoryKit
  beforeAll(() => {
    walkKit = openKit({ keys: 3000, driveLimit: 5 })
  })
  afterAll(() => walkKit.close())

  it.each(filters)('%s', (_label, filter) => {
    const expected = keys.filter(referenceFilter(filter, now))
    for (const target of [kit, walkKit]) {
      for (const sort of [
        { field: 'name', direction: 'asc' },
        { field: 'expires', direction: 'desc' },
        { field: 'kind', direction: 'asc' }
      ] as const) {
        const { rows, total } = readAll(target, { filter, sort, limit: 113 })
        expect(total).toBe(expected.length)
        expect(ids(rows)).toEqual(ids(expected))
        expectSorted(rows, sort)
      }
    }
  })

  it('finds enough keys for every filter to mean something', () => {
    for (const [label, filter] of filters) {
      const count = keys.filter(referenceFilter(filter, now)).length
      if (label.startsWith('unknown connection') || label.includes('0 days')) continue
      expect(count, label).toBeGreaterThan(0)
      if (!label.startsWith('false')) expect(count, label).toBeLessThan(keys.length)
    }
  })

  it('includes the boundaries the contract names', () => {
    const page = readAll(kit, { filter: { expiringWithinDays: 7 }, limit: 500 }).rows
    // Exactly 7 days out is inside; exactly now is expired, not expiring.
    expect(page.some((row) => row.expiresAt === now + 7 * day)).toBe(true)
    expect(page.some((row) => row.expiresAt === now)).toBe(false)
    const expired = readAll(kit, { filter: { expired: true }, limit: 500 }).rows
    expect(expired.some((row) => row.expiresAt === now)).toBe(true)
  })

  it('agrees with the contract on every IP rule shape', () => {
    const shapes = new Map<string, boolean>()
    const rows = readAll(kit, { limit: 500 }).rows
    const byId = new Map(keys.map((key) => [key.id, key]))
    for (const row of rows) {
      const rules = (byId.get(row.id) as RefKey).ipRules
      shapes.set(JSON.stringify(rules), row.allowsAll)
      expect(row.ipRuleCount).toBe(rules === null ? null : rules.length)
    }
    expect(Object.fromEntries(shapes)).toEqual({
      null: true,
      '[]': false,
      '["203.0.113.0/24"]': false,
      '["198.51.100.7/32","2001:db8::/32"]': false,
      '["0.0.0.0/0"]': true,
      '["::/0"]': true,
      '["10.0.0.0/8","0.0.0.0/0"]': true,
      '["0.0.0.0/0.0.0.0"]': true,
      '["192.0.2.0 0.0.0.0"]': true,
      '["10.20.30.0/20"]': false,
      '["not-an-address/0"]': false,
      '["  0.0.0.0/0  "]': true,
      '["100.64.0.0/10"]': false,
      '["192.0.2.1/30"]': false
    })
    const allowAll = new Set(ids(readAll(kit, { filter: { allowAll: true }, limit: 500 }).rows))
    expect(rows.filter((row) => row.allowsAll).every((row) => allowAll.has(row.id))).toBe(true)
    expect(allowAll.size).toBe(rows.filter((row) => row.allowsAll).length)
  })

  it('reads statuses Hubkeys does not know as unknown', () => {
    const rows = readAll(kit, { filter: { statuses: ['unknown'] }, limit: 500 }).rows
    expect(rows.every((row) => row.status === 'unknown')).toBe(true)
    const suspended = keys.filter((key) => key.status === 'suspended').map((key) => key.id)
    expect(suspended.length).toBeGreaterThan(0)
    expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(suspended))
  })

  it('measures relative filters from the first page even when later pages come later', () => {
    const filter = { expiringWithinDays: 30 }
    const first = kit.call('keys:query', {
      filter,
      limit: 20,
      sort: { field: 'expires', direction: 'asc' }
    })
    expect(first.at).toBe(seedNow)
    const rows = [...first.rows]
    let cursor = first.nextCursor
    kit.setNow(seedNow + 20 * day)
    try {
      while (cursor) {
        const page = kit.call('keys:query', {
          filter,
          cursor,
          limit: 20,
          sort: { field: 'expires', direction: 'asc' }
        })
        expect(page.at).toBe(seedNow)
        rows.push(...page.rows)
        cursor = page.nextCursor
      }
    } finally {
      kit.setNow(seedNow)
    }
    expect(ids(rows)).toEqual(ids(keys.filter(referenceFilter(filter, seedNow))))
  })
})

describe('rows', () => {
  it('carry the connection look and nothing secret', () => {
    const page = kit.call('keys:query', {
      limit: 500,
      sort: { field: 'connection', direction: 'asc' }
    })
    const first = page.rows[0] as KeyRow
    const connection = seedConnectionList.find((c) => c.id === first.connectionId)
    expect(first.connectionName).toBe(connection?.name)
    expect(first.environment).toBe(connection?.environment)
    expect(first.kind).toBe(connection?.kind)
    // The DCT lab connection has no colour stored: rows fall back to the default.
    const lab = readAll(kit, { filter: { connectionIds: ['conn-c'] }, limit: 500 }).rows
    expect(lab.every((row) => row.colour === '#64748b')).toBe(true)
    const text = JSON.stringify(page)
    expect(text).not.toContain('secret_id')
    expect(text).not.toContain('fp:')
  })

  it('keys:get returns the detail, and NOT_FOUND for a missing key', () => {
    const key = keys.find((k) => k.notes !== null && k.ipRules !== null) as RefKey
    const detail = kit.call('keys:get', { id: key.id })
    expect(detail).toMatchObject({
      id: key.id,
      name: key.name,
      notes: key.notes,
      ipRules: key.ipRules,
      tags: key.tags,
      hasNotes: true,
      missingSince: null,
      deletedAt: null
    })
    expect(detail.fingerprint).toMatch(/^fp:/)
    let error: unknown
    try {
      kit.call('keys:get', { id: 'no-such-key' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('NOT_FOUND')
  })

  it('keys:get-many returns the same details in the order asked, leaving out ids no longer cached', () => {
    const picked = [keys[7], keys[2], keys[40]] as RefKey[]
    const many = kit.call('keys:get-many', {
      ids: [picked[0]!.id, 'no-such-key', picked[1]!.id, picked[2]!.id]
    })
    expect(many.map((detail) => detail.id)).toEqual(picked.map((key) => key.id))
    expect(many).toEqual(picked.map((key) => kit.call('keys:get', { id: key.id })))
  })
})

describe('cursors', () => {
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn()
    } catch (error) {
      return error instanceof AppError ? error.code : 'not an AppError'
    }
    return undefined
  }

  it('refuse garbage, another sort, another search and tampering', () => {
    const first = kit.call('keys:query', { limit: 10, search: 'grafana' })
    const cursor = first.nextCursor as string
    expect(cursor).toBeTruthy()
    expect(codeOf(() => kit.call('keys:query', { cursor: 'not-a-cursor', limit: 10 }))).toBe(
      'BAD_REQUEST'
    )
    expect(
      codeOf(() =>
        kit.call('keys:query', {
          cursor,
          limit: 10,
          search: 'grafana',
          sort: { field: 'expires', direction: 'asc' }
        })
      )
    ).toBe('BAD_REQUEST')
    expect(codeOf(() => kit.call('keys:query', { cursor, limit: 10, search: 'backup' }))).toBe(
      'BAD_REQUEST'
    )
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    decoded.p.tie = 12
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url')
    expect(
      codeOf(() => kit.call('keys:query', { cursor: tampered, limit: 10, search: 'grafana' }))
    ).toBe('BAD_REQUEST')
    expect(
      codeOf(() => kit.call('keys:query', { cursor, limit: 10, search: 'grafana' }))
    ).toBeUndefined()
  })

  it('accept the same query however its fields were ordered', () => {
    const request = (filter: Record<string, unknown>, cursor?: string) =>
      kit.service.query({
        search: '',
        filter: filter as never,
        sort: { field: 'name', direction: 'asc' },
        limit: 5,
        withTotal: false,
        ...(cursor ? { cursor } : {})
      })
    const first = request({ tags: ['ops'], kinds: ['cycle'] })
    const second = request({ kinds: ['cycle'], tags: ['ops'] }, first.nextCursor as string)
    expect(second.rows).toHaveLength(5)
    expect(second.rows.map((row) => row.id)).not.toContain(first.rows[0]?.id)
  })
})

describe.each([
  ['read from the index and sorted', 100_000],
  ['walked in sort order and checked', 5]
])('search (%s)', (_label, driveLimit) => {
  let searchKit: InventoryKit
  let searchKeys: RefKey[]
  beforeAll(() => {
    searchKit = openKit({ keys: 2000, driveLimit, seed: 7 })
    searchKeys = referenceKeys(searchKit.db)
  })
  afterAll(() => searchKit.close())

  const aHubKeyId = (): string => (searchKeys[5] as RefKey).hubKeyId

  const searches: [string, () => string][] = [
    ['a whole name word', () => 'grafana'],
    ['a name prefix', () => 'graf'],
    ['two words', () => 'backup nightly'],
    ['a hyphenated name', () => 'deploy-sync'],
    ['a hub key id', aHubKeyId],
    ['a hub key id prefix', () => aHubKeyId().slice(0, 6)],
    ['a hub key id in another case', () => aHubKeyId().toUpperCase()],
    ['a tenant', () => 'globex'],
    ['a tenant with a hyphen', () => 'acme-eu'],
    ['a hub kind', () => 'optidash'],
    ['a connection name', () => 'owl data'],
    ['a tag', () => 'pci'],
    ['a tag with a slash', () => 'ci/cd'],
    ['a note word', () => 'runbook'],
    ['a note with diacritics typed plainly', () => 'cafe naive'],
    ['a note with diacritics', () => 'café'],
    ['a number', () => '07'],
    ['nothing matches', () => 'zzzzzz'],
    ['only punctuation', () => '.,;:!?-_/'],
    ['only quotes', () => '"""'],
    ['an unbalanced quote', () => 'owner said "do'],
    ['a quoted phrase', () => '"do not touch"'],
    ['FTS operators as words', () => 'grafana AND NOT OR NEAR(x y) backup'],
    ['column syntax', () => 'name:grafana'],
    ['a star', () => 'graf*'],
    ['a caret and a minus', () => '^grafana -backup'],
    ['parentheses and braces', () => '(grafana) {name tenant}'],
    ['empty', () => ''],
    ['spaces only', () => '    '],
    ['tabs and newlines', () => '\tgrafana\nreadonly '],
    ['many words', () => Array.from({ length: 30 }, () => 'a').join(' ')],
    ['emoji', () => '🔑'],
    ['the longest search', () => 'x'.repeat(200)]
  ]

  it.each(searches)('%s', (_name, text) => {
    const search = text()
    const expected = searchKeys.filter(referenceSearch(search))
    const { rows, total } = readAll(searchKit, { search, limit: 97 })
    expect(total).toBe(expected.length)
    expect(ids(rows)).toEqual(ids(expected))
    expectSorted(rows, { field: 'name', direction: 'asc' })
  })

  it('finds what the searches are about', () => {
    for (const search of ['grafana', 'globex', 'pci', 'runbook', 'cafe', 'owl data', aHubKeyId()]) {
      expect(searchKeys.filter(referenceSearch(search)).length, search).toBeGreaterThan(0)
    }
    expect(searchKeys.filter(referenceSearch('.,;:!?-_/'))).toHaveLength(searchKeys.length)
  })

  it('combines with filters and every sort', () => {
    const filter: KeyFilter = { environments: ['prod'], statuses: ['active'] }
    const expected = searchKeys
      .filter(referenceSearch('acme'))
      .filter(referenceFilter(filter, seedNow))
    for (const field of keySortFields) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { field, direction }
        const { rows } = readAll(searchKit, { search: 'acme', filter, sort, limit: 41 })
        expect(ids(rows), `${field} ${direction}`).toEqual(ids(expected))
        expectSorted(rows, sort)
      }
    }
  })

  it('sees edits at once (the triggers keep the index current)', () => {
    const key = searchKeys[0] as RefKey
    searchKit.db.prepare('UPDATE keys SET notes = ? WHERE id = ?').run('quarantined zebra', key.id)
    try {
      expect(ids(readAll(searchKit, { search: 'zebra' }).rows)).toEqual([key.id])
    } finally {
      searchKit.db.prepare('UPDATE keys SET notes = ? WHERE id = ?').run(key.notes, key.id)
    }
    expect(readAll(searchKit, { search: 'zebra' }).rows).toEqual([])
  })

  it('keys:get says since when a key is missing at its hub and when it was deleted through Hubkeys', () => {
    const [missing, deleted] = keys.slice(0, 2) as [RefKey, RefKey]
    const statusOf = kit.db
      .prepare<[string], string>('SELECT status FROM keys WHERE id = ?')
      .pluck()
    const before = [statusOf.get(missing.id), statusOf.get(deleted.id)]
    const mark = kit.db.prepare(
      'UPDATE keys SET status = ?, missing_since = ?, deleted_at = ? WHERE id = ?'
    )
    try {
      mark.run('missing', seedNow - day, null, missing.id)
      mark.run('deleted', null, seedNow - 2 * day, deleted.id)
      expect(kit.call('keys:get', { id: missing.id })).toMatchObject({
        status: 'missing',
        missingSince: seedNow - day,
        deletedAt: null
      })
      expect(kit.call('keys:get', { id: deleted.id })).toMatchObject({
        status: 'deleted',
        missingSince: null,
        deletedAt: seedNow - 2 * day
      })
    } finally {
      mark.run(before[0], null, null, missing.id)
      mark.run(before[1], null, null, deleted.id)
    }
  })
})
