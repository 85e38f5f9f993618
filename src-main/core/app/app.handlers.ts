// Handlers for the `app:*` channels: what the app is and whether it answers; runs in main or web mode.
import type { Handlers } from '../dispatch'

export interface AppFacts {
  name: string
  version: string
  mode: 'desktop' | 'web'
  dataDir: string
  platform: string
}

export const createAppHandlers = (
  facts: AppFacts,
  now: () => number = Date.now
): Pick<Handlers, 'app:info' | 'app:ping'> => ({
  'app:info': () => ({ ...facts }),
  'app:ping': (request) => ({
    pong: true,
    at: now(),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce })
  })
})
