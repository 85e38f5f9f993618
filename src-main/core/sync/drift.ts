// Compares two key lists of one connection (previous snapshot, this sync) and names what changed per key; pure, runs in main.
import type { HeaderRule, HubKey } from '../../contract/hubs.contract'
import { parseIpRule } from '../../contract/ip-rules'
import type { DriftWrite, SnapshotKey } from '../ports/sync-store.port'

/** Identity of a key within a connection: the hub's id under its tenant. */
export const keyIdentity = (key: Pick<HubKey, 'tenant' | 'hubKeyId'>): string =>
  `${key.tenant}\u0000${key.hubKeyId}`

/**
 * IP rules in a comparable form: each rule as its CIDR network (unparseable rules as trimmed text),
 * without duplicates, sorted. `null` (no restriction) stays distinct from `[]` (allows nothing).
 */
export const normaliseIpRules = (rules: readonly string[] | null): string[] | null => {
  if (rules === null) return null
  const normalised = rules.map((rule) => {
    const parsed = parseIpRule(rule)
    return parsed.ok ? parsed.cidr : rule.trim().toLowerCase()
  })
  return [...new Set(normalised)].sort()
}

const sortedScopes = (scopes: readonly string[]): string[] => [...new Set(scopes)].sort()

/** Header order carries no meaning on the hubs that have headers, so compare them sorted. */
const sortedHeaders = (headers: readonly HeaderRule[]): HeaderRule[] =>
  [...headers]
    .map((header) => ({ name: header.name, value: header.value, enabled: header.enabled }))
    .sort((a, b) =>
      a.name === b.name
        ? a.value < b.value
          ? -1
          : a.value > b.value
            ? 1
            : Number(a.enabled) - Number(b.enabled)
        : a.name < b.name
          ? -1
          : 1
    )

/** Structural equality of JSON values, without serialising them (most fields are equal). */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]))
  }
  if (Array.isArray(b)) return false
  const aKeys = Object.keys(a)
  const bRecord = b as Record<string, unknown>
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) =>
        Object.hasOwn(bRecord, key) && sameJson((a as Record<string, unknown>)[key], bRecord[key])
    )
  )
}

/** The fast path: every field drift tracks is equal as sent (most keys on most syncs). */
const sameTrackedFields = (a: SnapshotKey, b: SnapshotKey): boolean =>
  a.name === b.name &&
  a.role === b.role &&
  a.status === b.status &&
  a.expiresAt === b.expiresAt &&
  sameJson(a.ipRules, b.ipRules) &&
  sameJson(a.scopes, b.scopes) &&
  sameJson(a.headers, b.headers)

/** The per-field comparisons, in the order their drift rows are written. */
const fieldChanges = (before: SnapshotKey, after: SnapshotKey): DriftWrite[] => {
  const base = {
    keyId: after.id,
    tenant: after.tenant,
    hubKeyId: after.hubKeyId,
    keyName: after.name
  }
  const out: DriftWrite[] = []
  const push = (change: DriftWrite['change'], from: unknown, to: unknown) => {
    if (!sameJson(from, to)) out.push({ ...base, change, before: from, after: to })
  }
  /** Lists compare raw first: equal as sent needs no normalising (the common case). */
  const pushList = <T>(
    change: DriftWrite['change'],
    from: T,
    to: T,
    normalise: (value: T) => unknown
  ) => {
    if (!sameJson(from, to)) push(change, normalise(from), normalise(to))
  }
  push('renamed', before.name, after.name)
  pushList('ip-rules', before.ipRules, after.ipRules, normaliseIpRules)
  push('role', before.role, after.role)
  push('status', before.status, after.status)
  push('expiry', before.expiresAt, after.expiresAt)
  pushList('scopes', before.scopes, after.scopes, sortedScopes)
  pushList('headers', before.headers, after.headers, sortedHeaders)
  return out
}

export interface KeyListDiff {
  rows: DriftWrite[]
  added: number
  removed: number
  /** Keys with at least one field change. */
  changed: number
}

/**
 * What changed from `previous` to `next`, one row per key and field. `added` rows carry the new
 * key's name as `after`; `removed` rows carry the old name as `before` and the id the key had.
 */
export const diffKeyLists = (
  previous: readonly SnapshotKey[],
  next: readonly SnapshotKey[]
): KeyListDiff => {
  const before = new Map(previous.map((key) => [keyIdentity(key), key]))
  const rows: DriftWrite[] = []
  let added = 0
  let changed = 0
  const seen = new Set<string>()
  for (const key of next) {
    const identity = keyIdentity(key)
    seen.add(identity)
    const old = before.get(identity)
    if (!old) {
      added += 1
      rows.push({
        keyId: key.id,
        tenant: key.tenant,
        hubKeyId: key.hubKeyId,
        keyName: key.name,
        change: 'added',
        before: undefined,
        after: key.name
      })
      continue
    }
    if (sameTrackedFields(old, key)) continue
    const changes = fieldChanges(old, key)
    if (changes.length > 0) {
      changed += 1
      rows.push(...changes)
    }
  }
  let removed = 0
  for (const [identity, key] of before) {
    if (seen.has(identity)) continue
    removed += 1
    rows.push({
      keyId: key.id,
      tenant: key.tenant,
      hubKeyId: key.hubKeyId,
      keyName: key.name,
      change: 'removed',
      before: key.name,
      after: undefined
    })
  }
  return { rows, added, removed, changed }
}
