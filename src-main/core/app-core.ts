// Builds the transport-agnostic core (handlers, dispatch, event bus) from ports; every composition root calls it.
import type { ChannelName } from '../contract/channels'
import { createAppHandlers, type AppFacts } from './app/app.handlers'
import { createDispatch, type Dispatch, type Handlers } from './dispatch'
import { createEventBus, type EventBus } from './events'
import type { Kdf, KdfParams } from './ports/kdf.port'
import { silentLogger, type Logger } from './ports/logger.port'
import type { PowerEvents } from './ports/power-events.port'
import type { PreferencesStore } from './ports/preferences.port'
import type { VaultStore } from './ports/vault-store.port'
import { createPreferencesHandlers } from './preferences/preferences.handlers'
import { createVaultHandlers } from './vault/vault.handlers'
import { createVaultService, type VaultService } from './vault/vault.service'

export interface CoreConfig {
  facts: AppFacts
  vaultStore: VaultStore
  kdf: Kdf
  preferences: PreferencesStore
  power?: PowerEvents
  logger?: Logger
  now?: () => number
  /** Parameters for new vaults; only tests pass anything but the default (never below the minimum). */
  kdfParams?: KdfParams
}

export interface AppCore {
  dispatch: Dispatch
  events: EventBus
  vault: VaultService
  /** Locks the vault and releases timers; transports call it on shutdown. */
  close(): Promise<void>
}

/** Channels that answer while the vault is locked: they describe or unlock it, or hold no secrets. */
const openWhileLocked: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'app:info',
  'app:ping',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:touch',
  'prefs:get',
  'prefs:set'
])

export const createAppCore = (config: CoreConfig): AppCore => {
  const logger = config.logger ?? silentLogger
  const events = createEventBus()
  const vault = createVaultService({
    store: config.vaultStore,
    kdf: config.kdf,
    events,
    idleMinutes: () => config.preferences.get().idleMinutes,
    power: config.power,
    logger,
    now: config.now,
    kdfParams: config.kdfParams
  })
  const handlers: Handlers = {
    ...createAppHandlers(config.facts, config.now),
    ...createVaultHandlers(vault),
    // A changed idle time applies at once: re-arm the timer.
    ...createPreferencesHandlers(config.preferences, events, () => vault.touch())
  }
  const dispatch = createDispatch(handlers, {
    logger,
    gate: (channel) =>
      openWhileLocked.has(channel) || vault.isUnlocked()
        ? undefined
        : 'The vault is locked; unlock it with the master password.'
  })
  return {
    dispatch,
    events,
    vault,
    close: async () => vault.close()
  }
}
