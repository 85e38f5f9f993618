// The port to the usage cache (normalised buckets per key or fileset, fetch ranges and times, quota); implemented by the SQLite adapter, used by core.
import type { UsageInterval, UsagePoint } from '../../contract/hubs.contract'

/** An account's request quota (Optidash), each part `undefined` when the hub left it out. */
export interface UsageQuota {
  total: number | undefined
  used: number | undefined
  remaining: number | undefined
  period: string | undefined
  oddities: string[]
}

export type UsageScope = 'key' | 'fileset'

/** One cached series: a key (Hubkeys' key id) or a fileset of a connection, at one interval. */
export interface UsageSeriesId {
  connectionId: string
  scope: UsageScope
  subject: string
  interval: UsageInterval
}

/** One answer of the hub: the range it covered, when, and what its parser found odd. */
export interface UsageFetch {
  from: number
  to: number
  fetchedAt: number
  oddities: string[]
}

/** Buckets as columns: starts, requests and bytes at the same index; NaN: the hub sent no value. */
export interface UsageColumns {
  at: Float64Array
  requests: Float64Array
  bytes: Float64Array
}

export interface UsageStore {
  /**
   * Writes buckets and the fetch in one transaction. A bucket already cached (same series,
   * interval and start) is replaced, so refetching merges without duplicates.
   */
  merge(series: UsageSeriesId, points: readonly UsagePoint[], fetch: UsageFetch): void
  /** Cached buckets with from <= start < to, in time order. */
  read(series: UsageSeriesId, from: number, to: number): UsagePoint[]
  /** The same buckets as three columns (what charts and the contract carry), read in one go. */
  readColumns(series: UsageSeriesId, from: number, to: number): UsageColumns
  /** The fetches that overlap [from, to), oldest first. */
  fetches(series: UsageSeriesId, from: number, to: number): UsageFetch[]
  /** Subjects of a connection with anything cached in that scope. */
  subjects(connectionId: string, scope: UsageScope): string[]
  /** Feeds the inventory's usage columns (unused filters, hygiene) of one key. */
  writeKeyTotals(
    keyId: string,
    totals: { usage7d: number | null; usage30d: number | null; lastUsedAt: number | null }
  ): void
  saveQuota(connectionId: string, quota: UsageQuota, fetchedAt: number): void
  readQuota(connectionId: string): { quota: UsageQuota; fetchedAt: number } | undefined
}
