// How the inventory queries read key rows out of SQLite and map them onto the contract's KeyRow and KeyDetail; main process only.
import {
  keyStatusSchema,
  type Environment,
  type HubKind,
  type KeyStatus
} from '../../../contract/hubs.contract'
import type { KeyDetail, KeyRow } from '../../../contract/inventory.contract'
import { allowsAll } from '../../../contract/ip-rules'
import type { SqliteDb } from '../migrations'

export type Row = {
  rid: number
  id: string
  connection_id: string
  connection_name: string
  kind: HubKind
  environment: Environment
  colour: string | null
  tenant: string
  hub_key_id: string
  name: string
  status: string
  role: string | null
  role_name: string | null
  created_at: number | null
  expires_at: number | null
  last_used_at: number | null
  usage_7d: number | null
  usage_30d: number | null
  owner: string | null
  owner_name: string | null
  tags: string
  ip_rules: string
  has_notes: number
  has_secret: number
  synced_at: number
  missing_since: number | null
  sort_value: string | number | null
}

export type DetailRow = Row & {
  scopes: string
  headers: string
  notes: string | null
  fingerprint: string | null
  oddities: string
  deleted_at: number | null
}

export const knownStatuses: readonly string[] = keyStatusSchema.options

export const rowColumns = `k.rowid AS rid, k.id, k.connection_id, c.name AS connection_name, c.kind, c.environment,
  c.colour, k.tenant, k.hub_key_id, k.name, k.status, k.role, k.created_at, k.expires_at, k.last_used_at,
  k.usage_7d, k.usage_30d, k.owner, k.tags, k.ip_rules, (coalesce(k.notes, '') <> '') AS has_notes,
  (k.secret_id IS NOT NULL) AS has_secret, k.synced_at, k.missing_since,
  -- The hub's name for the role: role_label (migration 14) holds it, or the id when it has none.
  CASE WHEN k.role_label IS NOT k.role THEN k.role_label END AS role_name,
  -- A Cycle key made by another API key names it as creator (\`api-key:<id>\`): that key's name,
  -- read from the same cache (one unique-index lookup).
  CASE WHEN k.owner LIKE 'api-key:%' THEN (SELECT o.name FROM keys o
    WHERE o.connection_id = k.connection_id AND o.tenant = k.tenant
      AND o.hub_key_id = substr(k.owner, 9) AND o.name <> '') END AS owner_name`

export const parseJson = (text: string | null): unknown => {
  if (text === null) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export const stringList = (text: string | null): string[] => {
  const value = parseJson(text)
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** `null` = unrestricted; a list of the rules otherwise (non-text entries left out). */
export const ipRulesOf = (text: string): string[] | null => {
  const value = parseJson(text)
  if (value === null) return null
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

export const toRow = (row: Row): KeyRow => {
  const rules = ipRulesOf(row.ip_rules)
  return {
    id: row.id,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    kind: row.kind,
    environment: row.environment,
    colour: row.colour !== null && /^#[0-9a-fA-F]{6}$/.test(row.colour) ? row.colour : '#64748b',
    tenant: row.tenant,
    hubKeyId: row.hub_key_id,
    name: row.name,
    status: knownStatuses.includes(row.status) ? (row.status as KeyStatus) : 'unknown',
    role: row.role,
    roleName: row.role_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    usage7d: row.usage_7d,
    usage30d: row.usage_30d,
    owner: row.owner,
    ownerName: row.owner_name,
    tags: stringList(row.tags),
    ipRuleCount: rules === null ? null : rules.length,
    allowsAll: allowsAll(rules),
    hasNotes: row.has_notes === 1,
    hasSecret: row.has_secret === 1,
    syncedAt: row.synced_at,
    missingSince: row.missing_since
  }
}

export const toDetail = (row: DetailRow): KeyDetail => {
  const headers = parseJson(row.headers)
  return {
    ...toRow(row),
    scopes: stringList(row.scopes),
    ipRules: ipRulesOf(row.ip_rules),
    headers: Array.isArray(headers) ? (headers as KeyDetail['headers']) : [],
    notes: row.notes,
    fingerprint: row.fingerprint,
    oddities: stringList(row.oddities),
    deletedAt: row.deleted_at
  }
}

/**
 * The second step of a page: the keyset query found the rowids in order (a narrow sort that
 * keeps wide rows out of the sorter); this reads their rows and the connection once each.
 */
export const createRowsInOrder = (db: SqliteDb): ((rids: readonly number[]) => KeyRow[]) => {
  const selectRows = db.prepare<{ rids: string }, Row>(
    `SELECT ${rowColumns} FROM keys k JOIN connections c ON c.id = k.connection_id
     WHERE k.rowid IN (SELECT value FROM json_each(@rids))`
  )
  return (rids) => {
    if (rids.length === 0) return []
    const byRid = new Map(
      selectRows.all({ rids: JSON.stringify(rids) }).map((row) => [row.rid, row])
    )
    return rids.flatMap((rid) => {
      const row = byRid.get(rid)
      return row ? [toRow(row)] : []
    })
  }
}
