// The orders the key table sorts by: SQL expressions for key columns, and the JavaScript order of connection groups; main process only.
import { hubForms } from '../../../contract/hub-forms'
import type { Environment, HubKind } from '../../../contract/hubs.contract'
import type { KeySortField } from '../../../contract/inventory.contract'

/** Sorts by a property of the connection: pages walk the connections in order, then their keys. */
export type GroupSortField = Extract<KeySortField, 'connection' | 'kind' | 'environment'>
export type ColumnSortField = Exclude<KeySortField, GroupSortField>

export const isGroupSort = (field: KeySortField): field is GroupSortField =>
  field === 'connection' || field === 'kind' || field === 'environment'

/** How each key-column sort orders rows. `tie` makes the order total; its index order is what keeps pages cheap. */
export type ColumnSort = { expr: string; nullable: boolean; tie: 'k.id' | 'k.rowid' }
export const columnSorts: Record<ColumnSortField, ColumnSort> = {
  // keys_name is (name COLLATE NOCASE, id): the index gives this exact order.
  name: { expr: 'k.name COLLATE NOCASE', nullable: false, tie: 'k.id' },
  // Single-column indexes hold (value, rowid), so rowid as the tie keeps them in order. Every
  // sort here needs such an index (test/integration/inventory/sort-plans.test.ts checks).
  status: { expr: 'k.status', nullable: false, tie: 'k.rowid' },
  created: { expr: 'k.created_at', nullable: true, tie: 'k.rowid' },
  expires: { expr: 'k.expires_at', nullable: true, tie: 'k.rowid' },
  lastUsed: { expr: 'k.last_used_at', nullable: true, tie: 'k.rowid' },
  // Indexed by migration 7; the text ones with COLLATE NOCASE, as here.
  tenant: { expr: 'k.tenant COLLATE NOCASE', nullable: false, tie: 'k.rowid' },
  // What the Role column shows (the hub's name for the role, else its id), kept by migration 14.
  role: { expr: 'k.role_label COLLATE NOCASE', nullable: true, tie: 'k.rowid' },
  usage7d: { expr: 'k.usage_7d', nullable: true, tie: 'k.rowid' },
  usage30d: { expr: 'k.usage_30d', nullable: true, tie: 'k.rowid' }
}

const environmentRank: Record<Environment, number> = { prod: 0, staging: 1, dev: 2 }

/** SQLite's NOCASE folds ASCII letters only; the grouped sorts mirror it in JavaScript. */
const foldAscii = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

export const compareValues = (
  a: readonly (string | number)[],
  b: readonly (string | number)[]
): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (typeof x === typeof y) return x < y ? -1 : 1
    // Numbers before text, as SQLite orders them.
    return typeof x === 'number' ? -1 : 1
  }
  return 0
}

export interface ConnectionInfo {
  id: string
  name: string
  kind: HubKind
  environment: Environment
}

/** The sort key of a connection's group (the connection id, appended by the caller, breaks ties). */
export const groupValues = (field: KeySortField, c: ConnectionInfo): (string | number)[] => {
  const name = foldAscii(c.name)
  // The Hub column shows each kind's name ("BSC DM-Hub", "Cycle", "Delphix DCT"), so that is the
  // order, not the kind's id ('datahub' would put "SAWS Owl Data Hub" second).
  if (field === 'kind') return [foldAscii(hubForms[c.kind].label), name]
  if (field === 'environment') return [environmentRank[c.environment] ?? 9, name]
  return [name]
}
