// The port for reading the key inventory as the table needs it (filters, search, keyset pages, counts) and for saved filters; SQLite implements both.
import type { Environment, HubKind, KeyStatus } from '../../contract/hubs.contract'
import type { KeyDetail, KeyRow, KeySort } from '../../contract/inventory.contract'

/**
 * A query with every relative filter turned into absolute bounds (epoch ms) and every connection
 * filter (ids, kinds, environments) turned into one list of connection ids. Absent fields do not
 * narrow. Built by `resolveSelection` in core/inventory.
 */
export interface KeySelection {
  /** The store's own search expression (`matchExpression`); absent: no text search. */
  match?: string
  /** Only keys of these connections; an empty list matches nothing. */
  connectionIds?: readonly string[]
  statuses?: readonly KeyStatus[]
  /** expires_at > expiresAfter */
  expiresAfter?: number
  /** expires_at <= expiresBy */
  expiresBy?: number
  /** expires_at <= expiredAt, or status 'expired'. */
  expiredAt?: number
  /** last_used_at < unusedSince, or never used and (created_at < unusedSince or unknown). */
  unusedSince?: number
  noIpRestriction?: boolean
  allowAll?: boolean
  /** created_at < createdBefore */
  createdBefore?: number
  /** Any of these tags, ASCII case-insensitive. */
  tags?: readonly string[]
}

/**
 * Where the previous page ended. For a sort on a key column: its last value and a tie-breaker
 * (`phase: 'null'` once the keys without a value are being read). For the connection-grouped
 * sorts (connection, kind, environment): the connection's sort values, its id and the key's place
 * inside it. The adapter chooses the tie-breaker's type and rejects one that does not fit.
 */
export type KeysetPosition =
  | { phase: 'value'; value: string | number; tie: string | number }
  | { phase: 'null'; tie: string | number }
  | {
      phase: 'group'
      group: readonly (string | number)[]
      connectionId: string
      tenant: string
      hubKeyId: string
    }

export interface KeyPageQuery {
  selection: KeySelection
  sort: KeySort
  limit: number
  after?: KeysetPosition
  /** Without `after`: how many keys of the order to pass over before the page starts. */
  skip?: number
  withTotal: boolean
}

export interface KeyPageResult {
  rows: KeyRow[]
  /** Position after the last row when more rows follow, otherwise undefined. */
  next?: KeysetPosition
  total?: number
}

/** A key with an expiry date, for reminders and the calendar export. */
export interface ExpiringKey {
  id: string
  name: string
  connectionName: string
  environment: KeyRow['environment']
  kind: KeyRow['kind']
  tenant: string
  hubKeyId: string
  expiresAt: number
}

/** Synchronous like the other SQLite ports; throws `StoreError` for storage failures. */
export interface InventoryQueryStore {
  page(query: KeyPageQuery): KeyPageResult
  get(id: string): KeyDetail | undefined
  /** How many keys each selection matches, in one pass. */
  count(selections: readonly KeySelection[]): number[]
  /** Keys with from < expires_at <= to, soonest first, at most `limit`. */
  expiring(from: number, to: number, limit: number): ExpiringKey[]
  /** Connection ids of the given kinds and environments (either list absent: any). */
  connectionIdsWhere(kinds?: readonly HubKind[], environments?: readonly Environment[]): string[]
  /**
   * The search expression for safe phrases (`searchPhrases`): a key matches when each phrase
   * matches one of its searched texts or its connection's name or kind.
   */
  matchExpression(phrases: readonly string[]): string
}

export interface SavedFilterRecord {
  id: string
  name: string
  /** The stored query, parsed from JSON but not validated (it may predate the current schema). */
  query: unknown
  createdAt: number
  updatedAt: number
}

export interface SavedFiltersStore {
  /** By name, ignoring case. */
  list(): SavedFilterRecord[]
  /** Inserts, or replaces the query (and the name's spelling) of the filter with that name in any case. */
  save(name: string, query: unknown): SavedFilterRecord
  /** Returns false when there was no such filter. */
  delete(id: string): boolean
  count(): number
}
