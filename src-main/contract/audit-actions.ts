// The actions the audit log records, one name per kind of event; shared by the channel facts, core and the renderer.

/**
 * What an audit entry says happened. A channel's `audit` fact names one of these (or `false`);
 * a few are derived from the call (`unlock-failed` from an unlock's outcome, `forget` from
 * `vault:remember` turned off), and `lock` also comes from idle and suspend locks, `retention` from
 * the retention cut itself.
 */
export const auditActions = [
  'vault-create',
  'unlock',
  'unlock-failed',
  'lock',
  'password-change',
  'remember',
  'forget',
  'settings-change',
  'connection-add',
  'connection-update',
  'connection-remove',
  'sync',
  'create',
  'record',
  'edit',
  'delete',
  'verify',
  'reveal',
  'copy',
  'rotation-step',
  'backup',
  'restore',
  'retention'
] as const

export type AuditAction = (typeof auditActions)[number]
