// Builds the transport-agnostic core (handlers, dispatch, event bus) from ports; every composition root calls it.
import { createAppHandlers, type AppFacts } from './app/app.handlers'
import { createDispatch, type Dispatch, type Handlers } from './dispatch'
import { createEventBus, type EventBus } from './events'
import { silentLogger, type Logger } from './ports/logger.port'

export interface CoreConfig {
  facts: AppFacts
  logger?: Logger
  now?: () => number
}

export interface AppCore {
  dispatch: Dispatch
  events: EventBus
  /** Releases timers and handles; transports call it on shutdown. */
  close(): Promise<void>
}

export const createAppCore = (config: CoreConfig): AppCore => {
  const logger = config.logger ?? silentLogger
  const events = createEventBus()
  const handlers: Handlers = {
    ...createAppHandlers(config.facts, config.now)
  }
  const dispatch = createDispatch(handlers, { logger })
  return { dispatch, events, close: async () => undefined }
}
