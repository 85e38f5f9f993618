// The actions the audit log records, one name per kind of event; shared by the channel facts, core and the renderer.

/**
 * What an audit entry says happened. A channel's `audit` fact names one of these (or `false`);
 * a few are derived from the call (`unlock-failed` from an unlock's outcome, `remember-off`
 * from `vault:remember` turned off); `lock` also comes from idle and suspend locks, and
 * `retention` from the retention cut itself.
 */
export const auditActions = [
  'vault-create',
  'unlock',
  'unlock-failed',
  'lock',
  'password-change',
  'remember',
  'remember-off',
  'settings-change',
  'connection-add',
  'connection-update',
  'connection-remove',
  'sync',
  'create',
  'record',
  'edit',
  'delete',
  /** Hubkeys' record of a key gone at its hub is dropped (keys:forget). */
  'forget',
  'verify',
  'reveal',
  'copy',
  'rotation-step',
  'backup',
  'restore',
  /** The inventory written to a file (with values only when asked, sealed with a passphrase). */
  'export',
  /** Keys recorded from a CSV file (its dry runs too). */
  'import',
  'retention'
] as const

export type AuditAction = (typeof auditActions)[number]
