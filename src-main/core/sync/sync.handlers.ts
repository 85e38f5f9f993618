// Handlers for the `sync:*` and `drift:*` channels and `keys:forget` (the end of a key sync kept as missing); run in main, web mode or the CLI.
import type { syncChannels } from '../../contract/sync.contract'
import type { keyForgetChannels } from '../../contract/key-forget.contract'
import type { Handlers } from '../dispatch'
import type { SyncService } from './sync.service'

export const createSyncHandlers = (
  sync: SyncService
): Pick<Handlers, keyof typeof syncChannels | keyof typeof keyForgetChannels> => ({
  'sync:start': async ({ connectionIds }) => ({
    results: await sync.syncAll(connectionIds ? { connectionIds } : {})
  }),
  'sync:cancel': () => ({ cancelled: sync.cancel() }),
  'sync:status': () => ({ connections: sync.status() }),
  'drift:list': (query) => sync.history(query),
  'keys:forget': ({ connectionId, keyId }) => sync.forget(connectionId, keyId)
})
