// The dry run of one IP change over many keys across hubs: per key, the list before and after, or why it cannot change there; runs in core (main, web mode, the CLI).
import { hubForms } from '../../contract/hub-forms'
import type { Capabilities, HubKind } from '../../contract/hubs.contract'
import { applyIpChange, type IpChange } from '../../contract/ip-filter/ip-change'
import { diffIpRules } from '../../contract/ip-filter/ip-diff'
import { lintIpRules } from '../../contract/ip-filter/ip-lint'
import type { IpPlanItem } from '../../contract/ipfilter.contract'
import type { ConnectionRecord, KeyRecord } from '../ports/inventory-store.port'

export interface IpPlanSources {
  capabilitiesOf(kind: HubKind): Capabilities
  getKey(id: string): KeyRecord | undefined
  getConnection(id: string): ConnectionRecord | undefined
}

/** Statuses of keys that are not at their hub any more: an edit there could only fail. */
const goneStatuses = new Set(['missing', 'deleted', 'deleting'])

/** Plans `change` for one key by Hubkeys id; never throws for a key it cannot change. */
const planOne = (sources: IpPlanSources, keyId: string, change: IpChange): IpPlanItem => {
  const key = sources.getKey(keyId)
  const connection = key ? sources.getConnection(key.connectionId) : undefined
  const base = {
    keyId,
    connectionId: key?.connectionId ?? '',
    connectionName: connection?.name ?? '',
    kind: connection?.kind ?? null,
    name: key?.name ?? '',
    before: key?.ipRules ?? null,
    after: key?.ipRules ?? null,
    added: [],
    removed: [],
    warnings: [],
    localOnly: false
  }
  const cannot = (reason: string): IpPlanItem => ({ ...base, outcome: 'cannot', reason })
  if (!key || !connection) return cannot('Hubkeys has no record of this key any more.')
  const capabilities = sources.capabilitiesOf(connection.kind)
  const label = hubForms[connection.kind].label
  if (!capabilities.update.ips || !capabilities.ipList) {
    return cannot(`${label} keys carry no IP rules that Hubkeys can edit.`)
  }
  if (goneStatuses.has(key.status)) {
    return cannot(
      key.status === 'missing'
        ? `The key is missing at ${connection.name}: the last complete sync no longer found it.`
        : `The key was deleted at ${connection.name}.`
    )
  }
  const changed = applyIpChange(key.ipRules, change)
  if (!changed.ok) return cannot(changed.error)
  const errors = lintIpRules(changed.after, { label, semantics: capabilities.ipList }).filter(
    (finding) => finding.severity === 'error'
  )
  const warnings = lintIpRules(changed.after, { label, semantics: capabilities.ipList })
    .filter((finding) => finding.severity === 'warning')
    .map((finding) => finding.message)
  if (errors[0]) return cannot(`The new list would be refused: ${errors[0].message}`)
  const diff = diffIpRules(key.ipRules, changed.after)
  const localOnly = capabilities.updateTarget === 'local'
  const planned = {
    ...base,
    after: changed.after,
    added: diff.added,
    removed: diff.removed,
    warnings,
    localOnly
  }
  const same =
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.unrestrictedBefore === diff.unrestrictedAfter
  if (same) {
    return {
      ...planned,
      after: key.ipRules,
      outcome: 'unchanged',
      reason: changed.note ?? 'Its list already is what the change asks for.'
    }
  }
  const parts = [
    diff.added.length > 0 ? `adds ${diff.added.join(', ')}` : '',
    diff.removed.length > 0 ? `removes ${diff.removed.join(', ')}` : ''
  ].filter(Boolean)
  const what = parts.length > 0 ? parts.join(' and ') : 'restricts it to an empty list'
  return {
    ...planned,
    outcome: 'change',
    reason: [
      `${what.charAt(0).toUpperCase()}${what.slice(1)}.`,
      changed.note ?? '',
      localOnly ? `Recorded in Hubkeys only; mirror it in ${label}'s own console.` : ''
    ]
      .filter(Boolean)
      .join(' ')
  }
}

/** Plans the change for every key, in the order given; one key's problem never stops the others. */
export const planIpChange = (
  sources: IpPlanSources,
  keyIds: readonly string[],
  change: IpChange
): IpPlanItem[] => [...new Set(keyIds)].map((keyId) => planOne(sources, keyId, change))
