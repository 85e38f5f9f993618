// How audit actions, outcomes and callers read on screen (the Audit log and a key's trail); renderer.
import type { AuditAction, AuditEntry } from '../../../../src-main/contract/audit.contract'

// One formatter for every row; seconds matter here, several entries often share a minute.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit'
})

/** When the entry was written, in local time to the second. */
export const entryTime = (at: number): string => timeFormat.format(at)

export const actionLabels: Record<AuditAction, string> = {
  'vault-create': 'Vault created',
  unlock: 'Unlock',
  'unlock-failed': 'Unlock failed',
  lock: 'Lock',
  'password-change': 'Password changed',
  remember: 'Remember device',
  'remember-off': 'Forget device',
  'settings-change': 'Settings changed',
  'connection-add': 'Connection added',
  'connection-update': 'Connection changed',
  'connection-remove': 'Connection removed',
  sync: 'Sync',
  create: 'Key created',
  record: 'Key recorded',
  edit: 'Key edited',
  delete: 'Key deleted',
  forget: 'Key forgotten',
  verify: 'Key verified',
  reveal: 'Value revealed',
  copy: 'Value copied',
  'rotation-step': 'Rotation step',
  backup: 'Backup',
  restore: 'Restore',
  export: 'Inventory exported',
  import: 'Keys imported',
  retention: 'Retention cut'
}

/** Actions a person may want to see as a warning even when they succeeded. */
const sensitive = new Set<AuditAction>([
  'reveal',
  'copy',
  'delete',
  'unlock-failed',
  'restore',
  'export'
])

export const isSensitive = (action: AuditAction): boolean => sensitive.has(action)

export const outcomeLabel = (outcome: AuditEntry['outcome']): string =>
  outcome === 'ok' ? 'OK' : outcome

const actorLabels: Record<AuditEntry['actor'], string> = {
  app: 'App',
  web: 'Web',
  cli: 'CLI',
  test: 'Test',
  system: 'Hubkeys'
}

/** Who made the call and through which channel: `App · keys:copy`. */
export const viaLabel = (entry: AuditEntry): string =>
  entry.channel === null
    ? actorLabels[entry.actor]
    : `${actorLabels[entry.actor]} · ${entry.channel}`

/** The connections an entry is about: its own, or those a sync of all connections ran for. */
export const entryConnectionIds = (entry: AuditEntry): string[] => {
  if (entry.connectionId !== null) return [entry.connectionId]
  const ids = entry.detail.connectionIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

/** The key's name as it was when the entry was written, if the entry is about a key. */
export const entryKeyName = (entry: AuditEntry): string | undefined => {
  const name = entry.detail.name
  return typeof name === 'string' && (entry.keyId !== null || entry.hubKeyId !== null)
    ? name
    : undefined
}
