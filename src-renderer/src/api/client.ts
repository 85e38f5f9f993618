// The renderer's typed client over `window.api`; the same code runs under Electron and in web mode.
import type { HubkeysApi } from '../../../src-main/contract/api'
import type {
  ChannelName,
  EventName,
  EventPayloadOf,
  RequestOf,
  ResponseOf
} from '../../../src-main/contract/channels'
import type { Err, Result } from '../../../src-main/contract/result'

declare global {
  interface Window {
    api?: HubkeysApi
  }
}

export interface Client {
  call<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void
}

const unavailable = (message: string): Err => ({
  ok: false,
  error: { code: 'UNAVAILABLE', message }
})

/** Does `value` look like the envelope every transport answers with? */
const isEnvelope = (value: unknown): value is Result<never> => {
  if (typeof value !== 'object' || value === null) return false
  const { ok } = value as { ok?: unknown }
  if (ok === true) return 'value' in value
  if (ok !== false) return false
  const { error } = value as { error?: unknown }
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/**
 * Builds a client over whatever `getApi` returns at call time. Reading it lazily means the client
 * works however late the bridge defines `window.api`, and tests can swap it between calls.
 */
export const createClient = (getApi: () => HubkeysApi | undefined): Client => ({
  async call(channel, payload) {
    const api = getApi()
    if (!api) return unavailable('Hubkeys is not connected: this page has no bridge to the app.')
    let answer: unknown
    try {
      answer = await api.invoke(channel, payload)
    } catch {
      // The transports answer with envelopes; a throw here means the bridge itself broke.
      return unavailable('Hubkeys did not answer; reload the window to reconnect.')
    }
    return isEnvelope(answer)
      ? answer
      : unavailable('Hubkeys answered in a form this window does not understand; reload it.')
  },
  on(event, listener) {
    const api = getApi()
    if (!api) return () => undefined
    try {
      return api.subscribe(event, listener)
    } catch {
      return () => undefined
    }
  }
})

/** The client every feature store uses, bound to the real `window.api`. */
export const client = createClient(() => (typeof window === 'undefined' ? undefined : window.api))
