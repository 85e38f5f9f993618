// The renderer's typed client over `window.api`; the same code runs under Electron and in web mode.
import type { HubkeysApi } from '../../../src-main/contract/api'
import type {
  ChannelName,
  EventName,
  EventPayloadOf,
  RequestOf,
  ResponseOf
} from '../../../src-main/contract/channels'
import type { Result } from '../../../src-main/contract/result'

declare global {
  interface Window {
    api?: HubkeysApi
  }
}

export interface Client {
  call<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void
}

const missing = {
  ok: false as const,
  error: { code: 'UNAVAILABLE' as const, message: 'Hubkeys is not connected: no window.api.' }
}

export const createClient = (api: HubkeysApi | undefined): Client => ({
  async call(channel, payload) {
    if (!api) return missing
    try {
      return await api.invoke(channel, payload)
    } catch {
      // The transports answer with envelopes; a throw here means the bridge itself broke.
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'Hubkeys did not answer.' } }
    }
  },
  on(event, listener) {
    return api ? api.subscribe(event, listener) : () => undefined
  }
})

export const client = createClient(typeof window === 'undefined' ? undefined : window.api)
