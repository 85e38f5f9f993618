// Handlers for the usage channels (read, refresh, summary, flags) over the usage service; run in main, web mode or the CLI.
import type { usageChannels } from '../../contract/usage.contract'
import type { Handlers } from '../dispatch'
import type { UsageService } from './usage.service'

export const createUsageHandlers = (
  usage: UsageService
): Pick<Handlers, keyof typeof usageChannels> => ({
  'usage:read': (request) => usage.read(request),
  'usage:refresh': (request) => usage.refresh(request),
  'usage:summary': ({ connectionId, refresh }) => usage.summary(connectionId, refresh ?? false),
  'usage:flags': () => ({ anomalies: usage.flags() })
})
