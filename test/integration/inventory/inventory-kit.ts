// Test kit for the inventory query layer: a seeded temp store, the service over it, and an independent in-memory reference of every filter, search and sort.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { z } from 'zod'
import { openStore, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryQueryStore } from '../../../src-main/adapters/sqlite/inventory-query.repository'
import { createSqliteSavedFiltersStore } from '../../../src-main/adapters/sqlite/saved-filters.repository'
import {
  inventoryChannels,
  type KeyFilter,
  type KeySort
} from '../../../src-main/contract/inventory.contract'
import { allowsAll } from '../../../src-main/contract/ip-rules'
import {
  createInventoryHandlers,
  type InventoryChannelName
} from '../../../src-main/core/inventory/inventory.handlers'
import {
  createInventoryQueryService,
  type InventoryQueryService
} from '../../../src-main/core/inventory/inventory-query.service'
import { day, seedConnectionList, seedInventory, seedNow } from './inventory-seed'

export interface InventoryKit {
  db: SqliteDb
  service: InventoryQueryService
  /** Calls a channel's handler the way dispatch would: request parsed, response checked. */
  call<C extends InventoryChannelName>(
    channel: C,
    payload: z.input<(typeof inventoryChannels)[C]['request']>
  ): z.output<(typeof inventoryChannels)[C]['response']>
  /** Moves the service's clock. */
  setNow(at: number): void
  close(): void
}

export const openKit = (
  options: { keys?: number; driveLimit?: number; seed?: number } = {}
): InventoryKit => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-inventory-'))
  const { db } = openStore({ dataDir })
  if (options.keys !== 0) seedInventory(db, { keys: options.keys ?? 3000, seed: options.seed })
  let now = seedNow
  const service = createInventoryQueryService({
    store: createSqliteInventoryQueryStore(db, { driveLimit: options.driveLimit }),
    savedFilters: createSqliteSavedFiltersStore(db, { now: () => now }),
    now: () => now
  })
  const handlers = createInventoryHandlers(service, () => 400)
  return {
    db,
    service,
    call: (channel, payload) => {
      const spec = inventoryChannels[channel]
      const request = spec.request.parse(payload)
      const handler = handlers[channel] as (request: unknown) => unknown
      return spec.response.parse(handler(request)) as never
    },
    setNow: (at) => {
      now = at
    },
    close: () => {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** A key as the reference model sees it: straight from the table, nothing interpreted by the code under test. */
export interface RefKey {
  rowid: number
  id: string
  connectionId: string
  connectionName: string
  kind: string
  environment: string
  tenant: string
  hubKeyId: string
  name: string
  status: string
  role: string | null
  /** The hub's name for the role, straight from hub_names ('' and null show the id). */
  roleName: string | null
  createdAt: number | null
  expiresAt: number | null
  lastUsedAt: number | null
  usage7d: number | null
  usage30d: number | null
  tags: string[]
  notes: string | null
  ipRules: string[] | null
}

export const referenceKeys = (db: SqliteDb): RefKey[] =>
  (
    db
      .prepare(
        `SELECT k.rowid, k.id, k.connection_id, c.name AS connection_name, c.kind, c.environment, k.tenant,
           k.hub_key_id, k.name, k.status, k.role, n.name AS role_name, k.created_at, k.expires_at, k.last_used_at,
           k.usage_7d, k.usage_30d, k.tags, k.notes, k.ip_rules
         FROM keys k JOIN connections c ON c.id = k.connection_id
           LEFT JOIN hub_names n ON n.connection_id = k.connection_id AND n.kind = 'role'
             AND n.hub_id = k.role`
      )
      .all() as Record<string, unknown>[]
  ).map((r) => ({
    rowid: r.rowid as number,
    id: r.id as string,
    connectionId: r.connection_id as string,
    connectionName: r.connection_name as string,
    kind: r.kind as string,
    environment: r.environment as string,
    tenant: r.tenant as string,
    hubKeyId: r.hub_key_id as string,
    name: r.name as string,
    status: r.status as string,
    role: r.role as string | null,
    roleName: r.role_name as string | null,
    createdAt: r.created_at as number | null,
    expiresAt: r.expires_at as number | null,
    lastUsedAt: r.last_used_at as number | null,
    usage7d: r.usage_7d as number | null,
    usage30d: r.usage_30d as number | null,
    tags: JSON.parse(r.tags as string) as string[],
    notes: r.notes as string | null,
    ipRules: JSON.parse(r.ip_rules as string) as string[] | null
  }))

const known = [
  'active',
  'inactive',
  'pending',
  'deleting',
  'deleted',
  'expired',
  'missing',
  'unknown'
]
const fold = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

/** The filter semantics as the contract documents them, written out plainly. */
export const referenceFilter =
  (filter: KeyFilter, now: number) =>
  (key: RefKey): boolean => {
    if (filter.connectionIds && !filter.connectionIds.includes(key.connectionId)) return false
    if (filter.kinds && !(filter.kinds as string[]).includes(key.kind)) return false
    if (filter.environments && !(filter.environments as string[]).includes(key.environment)) {
      return false
    }
    if (filter.statuses) {
      const status = known.includes(key.status) ? key.status : 'unknown'
      if (!(filter.statuses as string[]).includes(status)) return false
    }
    if (filter.expiringWithinDays !== undefined) {
      if (key.expiresAt === null) return false
      if (!(key.expiresAt > now && key.expiresAt <= now + filter.expiringWithinDays * day)) {
        return false
      }
    }
    if (filter.expired === true) {
      const byDate = key.expiresAt !== null && key.expiresAt <= now
      if (!byDate && key.status !== 'expired') return false
    }
    if (filter.unusedForDays !== undefined) {
      const since = now - filter.unusedForDays * day
      const unused =
        key.lastUsedAt !== null
          ? key.lastUsedAt < since
          : key.createdAt === null || key.createdAt < since
      if (!unused) return false
    }
    if (filter.noIpRestriction === true && key.ipRules !== null) return false
    if (filter.allowAll === true && !allowsAll(key.ipRules)) return false
    if (filter.olderThanDays !== undefined) {
      if (key.createdAt === null || !(key.createdAt < now - filter.olderThanDays * day))
        return false
    }
    if (filter.tags) {
      const wanted = filter.tags.map(fold)
      if (!key.tags.some((tag) => wanted.includes(fold(tag)))) return false
    }
    return true
  }

/** unicode61 with remove_diacritics 2, for the ASCII-and-Latin text the seed uses. */
const tokens = (text: string): string[] =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter((token) => token !== '')

/** The search the contract promises: every word a phrase in one column, the last one a prefix. */
export const referenceSearch = (search: string) => {
  const words = search
    .split(/\s+/u)
    .filter((word) => /[\p{L}\p{N}\p{Co}]/u.test(word))
    .slice(0, 16)
    .map(tokens)
    .filter((phrase) => phrase.length > 0)
  return (key: RefKey): boolean => {
    if (words.length === 0) return true
    const columns = [
      key.name,
      key.hubKeyId,
      key.tenant,
      key.connectionName,
      key.kind,
      JSON.stringify(key.tags),
      key.notes ?? ''
    ].map(tokens)
    return words.every((phrase, wordIndex) => {
      const prefix = wordIndex === words.length - 1
      return columns.some((column) => {
        for (let start = 0; start + phrase.length <= column.length; start += 1) {
          const fits = phrase.every((token, i) => {
            const found = column[start + i] as string
            return prefix && i === phrase.length - 1 ? found.startsWith(token) : found === token
          })
          if (fits) return true
        }
        return false
      })
    })
  }
}

const environmentRank: Record<string, number> = { prod: 0, staging: 1, dev: 2 }
/** What the Hub column shows for each kind (written out here, not read from the code under test). */
const hubLabels: Record<string, string> = {
  cycle: 'Cycle',
  dct: 'Delphix DCT',
  optidash: 'Optidash',
  datahub: 'SAWS Owl Data Hub',
  dmhub: 'BSC DM-Hub'
}

/** What a row is ordered by under a sort, as the contract states it (null: no value). */
export const sortValueOf = (
  key: Pick<
    RefKey,
    | 'name'
    | 'status'
    | 'tenant'
    | 'role'
    | 'roleName'
    | 'createdAt'
    | 'expiresAt'
    | 'lastUsedAt'
    | 'usage7d'
    | 'usage30d'
  > & {
    connectionName: string
    kind: string
    environment: string
  },
  field: KeySort['field']
): string | number | null => {
  switch (field) {
    case 'name':
      return fold(key.name)
    case 'status':
      // The raw stored text: SQLite orders by the column (statuses outside the enum are rare).
      return key.status
    case 'tenant':
      return fold(key.tenant)
    case 'role':
      // What the Role column shows: the hub's name for the role, else its id.
      return key.role === null ? null : fold(key.roleName || key.role)
    case 'created':
      return key.createdAt
    case 'expires':
      return key.expiresAt
    case 'lastUsed':
      return key.lastUsedAt
    case 'usage7d':
      return key.usage7d
    case 'usage30d':
      return key.usage30d
    case 'connection':
      return fold(key.connectionName)
    case 'kind':
      // The Hub column's words for the kind, as the table shows them.
      return `${fold(hubLabels[key.kind] ?? key.kind)}\u0000${fold(key.connectionName)}`
    case 'environment':
      return `${environmentRank[key.environment]}\u0000${fold(key.connectionName)}`
  }
}

/** -1/0/1 for two sort values, NULLs last in both directions. */
export const compareSortValues = (
  a: string | number | null,
  b: string | number | null,
  direction: KeySort['direction']
): number => {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  const order = a < b ? -1 : 1
  return direction === 'asc' ? order : -order
}

export { day, seedConnectionList, seedNow }
