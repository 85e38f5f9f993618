// Handlers for the `audit:*` channels (list the log, verify its chain), delegating to the audit log service; run in main, web mode or the CLI.
import type { Handlers } from '../dispatch'
import type { AuditLog } from './audit-log.service'

export const createAuditHandlers = (
  audit: AuditLog
): Pick<Handlers, 'audit:list' | 'audit:verify'> => ({
  'audit:list': (query) => audit.list(query),
  'audit:verify': () => audit.verify()
})
