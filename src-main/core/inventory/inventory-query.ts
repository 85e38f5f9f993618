// The inventory query model: safe FTS5 expressions from user text, relative filters made absolute, and opaque keyset cursors; runs in main.
import { platform } from '../ports/platform.port'
import { z } from 'zod'
import { AppError } from '../../contract/result'
import {
  keySortFieldSchema,
  type KeyFilter,
  type KeyQuery,
  type KeySort,
  type KeySortField
} from '../../contract/inventory.contract'
import type {
  InventoryQueryStore,
  KeySelection,
  KeysetPosition
} from '../ports/inventory-query.port'

export const dayMs = 86_400_000

/** Words beyond this many are ignored: a search box is not a query language. */
const maxWords = 16
/** unicode61 keeps letters, numbers and private-use characters; everything else separates tokens. */
const tokenChar = /[\p{L}\p{N}\p{Co}]/u

/**
 * Turns what a person typed into FTS5 phrases that cannot be read as FTS syntax: each
 * whitespace-separated word becomes a quoted phrase (quotes doubled, so `"`, `*`, `:`, `AND`,
 * `NEAR(` are just text), and the last one matches as a prefix so results follow typing. Words
 * without a letter or digit are dropped; undefined means "no text constraint". The store joins
 * them into its index's expression (`matchExpression`): every phrase must match.
 */
export const searchPhrases = (text: string): string[] | undefined => {
  const words = text
    .split(/\s+/u)
    .filter((word) => tokenChar.test(word))
    .slice(0, maxWords)
  if (words.length === 0) return undefined
  return words.map((word, index) => {
    const phrase = `"${word.replace(/"/g, '""')}"`
    return index === words.length - 1 ? `${phrase} *` : phrase
  })
}

/**
 * Makes a query absolute at `now` and resolves connection filters to connection ids, so the store
 * sees one shape. Kinds and environments become the ids of matching connections, intersected
 * with any explicit ids.
 */
export const resolveSelection = (
  query: Pick<KeyQuery, 'search' | 'filter'>,
  now: number,
  store: Pick<InventoryQueryStore, 'connectionIdsWhere' | 'matchExpression'>
): KeySelection => {
  const filter: KeyFilter = query.filter
  const selection: KeySelection = {}
  const phrases = searchPhrases(query.search)
  if (phrases !== undefined) selection.match = store.matchExpression(phrases)

  const byAttributes =
    filter.kinds !== undefined || filter.environments !== undefined
      ? store.connectionIdsWhere(filter.kinds, filter.environments)
      : undefined
  if (filter.connectionIds !== undefined && byAttributes !== undefined) {
    const allowed = new Set(byAttributes)
    selection.connectionIds = filter.connectionIds.filter((id) => allowed.has(id))
  } else if (filter.connectionIds !== undefined) {
    selection.connectionIds = [...new Set(filter.connectionIds)]
  } else if (byAttributes !== undefined) {
    selection.connectionIds = byAttributes
  }

  if (filter.statuses !== undefined) selection.statuses = [...new Set(filter.statuses)]
  if (filter.expiringWithinDays !== undefined) {
    selection.expiresAfter = now
    selection.expiresBy = now + filter.expiringWithinDays * dayMs
  }
  if (filter.expired === true) selection.expiredAt = now
  if (filter.unusedForDays !== undefined) {
    selection.unusedSince = now - filter.unusedForDays * dayMs
  }
  if (filter.noIpRestriction === true) selection.noIpRestriction = true
  if (filter.allowAll === true) selection.allowAll = true
  if (filter.olderThanDays !== undefined) {
    selection.createdBefore = now - filter.olderThanDays * dayMs
  }
  if (filter.tags !== undefined) selection.tags = [...new Set(filter.tags)]
  return selection
}

/** How each sort's cursor value is typed; the grouped sorts order whole connections. */
const textSorts: ReadonlySet<KeySortField> = new Set(['name', 'status', 'tenant', 'role'])
const groupSorts: ReadonlySet<KeySortField> = new Set(['connection', 'kind', 'environment'])

export const isGroupSort = (field: KeySortField): boolean => groupSorts.has(field)

const positionSchema = z.discriminatedUnion('phase', [
  z
    .object({
      phase: z.literal('value'),
      value: z.union([z.string().max(1000), z.number()]),
      tie: z.union([z.string().max(200), z.number().int()])
    })
    .strict(),
  z
    .object({ phase: z.literal('null'), tie: z.union([z.string().max(200), z.number().int()]) })
    .strict(),
  z
    .object({
      phase: z.literal('group'),
      group: z.array(z.union([z.string().max(200), z.number()])).max(4),
      connectionId: z.string().max(200),
      tenant: z.string().max(400),
      hubKeyId: z.string().max(400)
    })
    .strict()
])

const cursorSchema = z
  .object({
    v: z.literal(1),
    f: keySortFieldSchema,
    d: z.enum(['asc', 'desc']),
    /** The moment relative filters were measured from on the first page. */
    n: z.number().int(),
    /** Digest of the search and filter, so a cursor cannot be replayed against another query. */
    q: z.string().max(32),
    p: positionSchema
  })
  .strict()

/** JSON with object keys sorted, so the same query always digests the same however it was built. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
        )
      : inner
  )

const queryDigest = (query: Pick<KeyQuery, 'search' | 'filter'>): string =>
  platform()
    .sha256(canonical([query.search, query.filter]))
    .toString('base64url')
    .slice(0, 16)

export const encodeCursor = (
  query: Pick<KeyQuery, 'search' | 'filter' | 'sort'>,
  now: number,
  position: KeysetPosition
): string =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      f: query.sort.field,
      d: query.sort.direction,
      n: now,
      q: queryDigest(query),
      p: position
    }),
    'utf8'
  ).toString('base64url')

const badCursor = (): AppError =>
  new AppError(
    'BAD_REQUEST',
    'That page cursor is not valid for this search; start again from the first page.'
  )

const fitsSort = (sort: KeySort, position: KeysetPosition): boolean => {
  if (isGroupSort(sort.field)) return position.phase === 'group'
  if (position.phase === 'group') return false
  if (position.phase === 'null') return true
  return typeof position.value === (textSorts.has(sort.field) ? 'string' : 'number')
}

/** Reads a cursor made by `encodeCursor` for the same query; throws BAD_REQUEST otherwise. */
export const decodeCursor = (
  cursor: string,
  query: Pick<KeyQuery, 'search' | 'filter' | 'sort'>
): { now: number; position: KeysetPosition } => {
  let parsed: z.output<typeof cursorSchema>
  try {
    const result = cursorSchema.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    )
    if (!result.success) throw badCursor()
    parsed = result.data
  } catch {
    throw badCursor()
  }
  if (
    parsed.f !== query.sort.field ||
    parsed.d !== query.sort.direction ||
    parsed.q !== queryDigest(query) ||
    !fitsSort(query.sort, parsed.p)
  ) {
    throw badCursor()
  }
  return { now: parsed.n, position: parsed.p }
}
