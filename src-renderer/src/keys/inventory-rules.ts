// The inventory contract's constants the renderer needs (sort fields, limits, statuses), copied without zod; renderer.
import type { DriftChange } from '../../../src-main/contract/sync.contract'
import type { Environment, HubKind, KeyStatus } from '../../../src-main/contract/hubs.contract'
import type { HygieneCheckId, KeySortField } from '../../../src-main/contract/inventory.contract'

/*
 * Same values as src-main/contract/inventory.contract.ts, hubs.contract.ts and sync.contract.ts.
 * Importing those modules would put zod in the renderer bundle, and zod probes `new Function`,
 * which the CSP refuses; test/component/inventory-rules.test.ts checks every copy stays equal.
 */

/** Every field `keys:query` can sort by. */
export const keySortFields: readonly KeySortField[] = [
  'name',
  'connection',
  'kind',
  'environment',
  'status',
  'created',
  'expires',
  'lastUsed',
  'tenant',
  'role',
  'usage7d',
  'usage30d'
]

/** Most rows one `keys:query` call returns. */
export const maxPageSize = 500
/** Longest search text `keys:query` accepts; the search box stops there. */
export const maxSearchLength = 200
/** Longest name a saved filter may have. */
export const maxFilterNameLength = 80
/** Largest number of days a relative filter takes. */
export const maxFilterDays = 3650

export const hubKinds: readonly HubKind[] = ['cycle', 'dct', 'optidash', 'datahub', 'dmhub']
export const environments: readonly Environment[] = ['prod', 'staging', 'dev']
export const keyStatuses: readonly KeyStatus[] = [
  'active',
  'inactive',
  'pending',
  'deleting',
  'deleted',
  'expired',
  'missing',
  'unknown'
]

export const hygieneCheckIds: readonly HygieneCheckId[] = [
  'expiring-30d',
  'expiring-7d',
  'expiring-1d',
  'expired',
  'unused-90d',
  'no-ip-restriction',
  'allow-all-prod',
  'older-than-max-age'
]

export const driftChanges: readonly DriftChange[] = [
  'added',
  'removed',
  'renamed',
  'ip-rules',
  'role',
  'status',
  'expiry',
  'scopes',
  'headers'
]
