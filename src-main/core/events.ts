// A typed in-process bus for push events; transports subscribe and forward to their clients.
import type { EventName, EventPayloadOf } from '../contract/channels'

type AnyListener = (event: EventName, payload: unknown) => void

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void
  /** Listens to every event; returns the function that stops listening. */
  onAny(listener: AnyListener): () => void
}

export const createEventBus = (): EventBus => {
  const listeners = new Set<AnyListener>()
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload)
        } catch {
          // One broken transport must not stop the others from hearing the event.
        }
      }
    },
    onAny(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
