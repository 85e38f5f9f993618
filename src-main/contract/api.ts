// The shape of `window.api`, identical under the Electron preload and the web-mode bridge.
import type { EventPayloadOf, RequestOf, ResponseOf } from './channels'
import type { ChannelName, EventName } from './names'
import type { Result } from './result'

export interface HubkeysApi {
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>>
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloadOf<E>) => void
  ): () => void
}

/** Names the transports use on the wire; the preload and the bridge read them from here. */
export const transport = {
  /** WebSocket path of the web-mode bridge. */
  wsPath: '/api',
  /** Sub-protocol of the bridge; the per-run token travels as a second sub-protocol `token.<hex>`. */
  wsProtocol: 'hubkeys.v1',
  wsTokenPrefix: 'token.',
  /** Largest message either side accepts, in bytes. */
  maxMessageBytes: 1024 * 1024
} as const
