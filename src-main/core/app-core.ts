// Builds the transport-agnostic core (services, handlers, dispatch, event bus) from ports; every composition root calls it.
import { createAppHandlers, type AppFacts } from './app/app.handlers'
import { createAuditHandlers } from './audit/audit.handlers'
import { createAuditLog, type AuditLog } from './audit/audit-log.service'
import { createConnectionsHandlers } from './connections/connections.handlers'
import {
  createConnectionsService,
  type ConnectionsService,
  type HubModules
} from './connections/connections.service'
import { createDispatch, type Dispatch, type Handlers } from './dispatch'
import { createEventBus, type EventBus } from './events'
import type { EventPayloadOf } from '../contract/channels'
import { hubModules as defaultHubModules } from './hubs/registry'
import { createKeysHandlers } from './keys/keys.handlers'
import { createPolicyHandlers } from './policy/policy.handlers'
import { createInventoryExport } from './inventory-io/inventory-export'
import { createInventoryImport } from './inventory-io/inventory-import'
import { createInventoryIoHandlers } from './inventory-io/inventory-io.handlers'
import { createPolicyService } from './policy/policy.service'
import { createKeyRolesHandlers } from './keys/key-roles.handlers'
import { createKeyEditHandlers } from './keys/key-edit.handlers'
import { createKeySecretHandlers } from './keys/key-secret.handlers'
import { createClipboardGuard } from './keys/clipboard-guard'
import type { Clipboard } from './ports/clipboard.port'
import { createKeysService, type KeysService } from './keys/keys.service'
import { createInventoryHandlers } from './inventory/inventory.handlers'
import { createIpfilterHandlers } from './ipfilter/ipfilter.handlers'
import {
  createInventoryQueryService,
  type InventoryQueryService
} from './inventory/inventory-query.service'
import type { AuditStore } from './ports/audit-store.port'
import type { InventoryQueryStore, SavedFiltersStore } from './ports/inventory-query.port'
import type { BackupStore } from './ports/backup.port'
import { createBackupHandlers } from './backup/backup.handlers'
import { createBackupService } from './backup/backup.service'
import type { HttpClientFactory } from './ports/http.port'
import type { InventoryStore } from './ports/inventory-store.port'
import type { DeviceKeyring } from './ports/device-keyring.port'
import type { Kdf, KdfParams } from './ports/kdf.port'
import { silentLogger, type Logger } from './ports/logger.port'
import type { PowerEvents } from './ports/power-events.port'
import type { Notifier, ReminderLogStore } from './ports/notifier.port'
import type { PreferencesStore } from './ports/preferences.port'
import type { SyncStore } from './ports/sync-store.port'
import type { VaultStore } from './ports/vault-store.port'
import type { UsageStore } from './ports/usage-store.port'
import { createUsageHandlers } from './usage/usage.handlers'
import { createUsageService, type UsageService } from './usage/usage.service'
import type { RotationStore } from './ports/rotation-store.port'
import { createRotationHandlers } from './rotation/rotation.handlers'
import {
  createRotationService,
  type RotationService,
  type RotationServiceOptions
} from './rotation/rotation.service'
import { createPreferencesHandlers } from './preferences/preferences.handlers'
import { createSyncHandlers } from './sync/sync.handlers'
import { createSyncService, type SyncService } from './sync/sync.service'
import { createVaultHandlers } from './vault/vault.handlers'
import { createVaultInspectHandlers } from './vault/vault-inspect.handlers'
import { createVaultService, type VaultService } from './vault/vault.service'

/** The repositories, all on one database so key secrets and records commit in one transaction. */
export interface CoreStores {
  vaultStore: VaultStore
  inventory: InventoryStore
  syncStore: SyncStore
  inventoryQuery: InventoryQueryStore
  savedFilters: SavedFiltersStore
  audit: AuditStore
  backups: BackupStore
  usage: UsageStore
  rotations: RotationStore
}

export interface CoreConfig {
  facts: AppFacts
  stores: CoreStores
  kdf: Kdf
  http: HttpClientFactory
  preferences: PreferencesStore
  /** Hub kinds; the registry unless a test swaps one. */
  hubModules?: HubModules
  power?: PowerEvents
  logger?: Logger
  now?: () => number
  /** Parameters for new vaults; only tests pass anything but the default (never below the minimum). */
  kdfParams?: KdfParams
  /** The OS keychain for "remember on this device"; the desktop build only. */
  keyring?: DeviceKeyring
  /** Desktop expiry reminders (30, 7 and 1 days before); web mode shows a banner instead. */
  reminders?: { notifier: Notifier; log: ReminderLogStore; everyMs?: number }
  /** Background sync while unlocked, from preferences; the CLI and tests leave it off. */
  backgroundSync?: boolean
  /** A backup once a day while unlocked; the desktop app and web mode turn it on, the CLI does not. */
  dailyBackups?: boolean
  /** The system clipboard main writes copies to (desktop); web mode and the CLI write their own. */
  clipboard?: Clipboard
  /**
   * Rotation: resume unfinished rotations on every unlock (desktop and web mode; the CLI resumes
   * only when asked), the notifier for one that keeps failing, and the crash test's seam.
   */
  rotation?: {
    resumeOnUnlock?: boolean
    notifier?: RotationServiceOptions['notifier']
    onStateCommitted?: RotationServiceOptions['onStateCommitted']
  }
}

export interface AppCore {
  dispatch: Dispatch
  events: EventBus
  vault: VaultService
  connections: ConnectionsService
  keys: KeysService
  sync: SyncService
  inventory: InventoryQueryService
  audit: AuditLog
  usage: UsageService
  rotation: RotationService
  /** Locks the vault, stops syncing and releases timers; transports call it on shutdown. */
  close(): Promise<void>
}

/** A cache older than this counts as stale in every view. */
const staleAfterMs = 24 * 60 * 60 * 1000

export const createAppCore = (config: CoreConfig): AppCore => {
  const logger = config.logger ?? silentLogger
  const events = createEventBus()
  const audit = createAuditLog({ store: config.stores.audit, logger, now: config.now })
  const applyAuditRetention = () => {
    try {
      audit.applyRetention(config.preferences.get().auditKeepDays)
    } catch (error) {
      // Keeping entries longer than asked is the safe side of a failed cut; it is retried on unlock.
      logger.log('warn', 'audit retention failed', {
        error: error instanceof Error ? error.name : typeof error
      })
    }
  }
  // Locks that no channel asked for (idle, suspend, screen lock, quit, web mode's last page
  // closing) are recorded here; `vault:lock` (reason `manual`) is recorded by dispatch.
  events.onAny((event, payload) => {
    if (event === 'vault:locked') {
      const { reason } = payload as EventPayloadOf<'vault:locked'>
      if (reason !== 'manual') audit.recordSystem('lock', { reason })
    } else if (event === 'vault:unlocked') applyAuditRetention()
  })
  const vault = createVaultService({
    store: config.stores.vaultStore,
    kdf: config.kdf,
    events,
    idleMinutes: () => config.preferences.get().idleMinutes,
    power: config.power,
    logger,
    now: config.now,
    kdfParams: config.kdfParams,
    keyring: config.keyring
  })
  const connections = createConnectionsService({
    inventory: config.stores.inventory,
    vault,
    modules: config.hubModules ?? defaultHubModules,
    http: config.http
  })
  const keys = createKeysService({ inventory: config.stores.inventory, vault, connections })
  const usage = createUsageService({
    store: config.stores.usage,
    inventory: config.stores.inventory,
    connections,
    keys,
    now: config.now,
    staleAfterMs
  })
  const sync = createSyncService({
    inventory: config.stores.inventory,
    syncStore: config.stores.syncStore,
    connections,
    events,
    now: config.now,
    staleAfterMs,
    logger,
    // Only a key the user forgets loses its stored value; a sync never deletes one.
    deleteSecret: (secretId) => void vault.deleteSecret(secretId)
  })

  // Background sync runs only while the vault is open: pulling needs the hubs' credentials.
  const backgroundMinutes = () => (config.backgroundSync ? config.preferences.get().syncMinutes : 0)
  events.onAny((event) => {
    if (event === 'vault:unlocked' && backgroundMinutes() > 0) {
      sync.startBackground(backgroundMinutes() * 60_000, { runNow: true })
    } else if (event === 'vault:locked') {
      sync.stopBackground()
      sync.cancel()
    }
  })

  const inventory = createInventoryQueryService({
    store: config.stores.inventoryQuery,
    savedFilters: config.stores.savedFilters,
    now: config.now
  })

  // Reminders are checked on unlock and then periodically while unlocked (the cache is readable
  // only then); each key is announced once per threshold, remembered across restarts.
  let reminderTimer: ReturnType<typeof setInterval> | undefined
  const remind = () => {
    const reminders = config.reminders
    if (!reminders || !vault.isUnlocked()) return
    try {
      const { due, log } = inventory.reminders(reminders.log.read())
      for (const reminder of due)
        reminders.notifier.notify('Hubkeys: key expiring', reminder.message)
      reminders.log.write(log)
    } catch (error) {
      logger.log('warn', 'expiry reminders failed', {
        error: error instanceof Error ? error.name : 'unknown'
      })
    }
  }
  events.onAny((event) => {
    if (!config.reminders) return
    if (event === 'vault:unlocked') {
      remind()
      clearInterval(reminderTimer)
      reminderTimer = setInterval(remind, config.reminders.everyMs ?? 60 * 60_000)
      reminderTimer.unref?.()
    } else if (event === 'vault:locked') clearInterval(reminderTimer)
  })

  // Backups: a copy once a day while unlocked (checked hourly), plus on demand and restore.
  const backups = createBackupService({
    store: config.stores.backups,
    kdf: config.kdf,
    vault,
    preferences: config.preferences,
    events,
    logger,
    now: config.now
  })
  events.onAny((event) => {
    if (event === 'vault:unlocked' && config.dailyBackups) backups.startDaily()
    else if (event === 'vault:locked') backups.stopDaily()
  })

  // A copied key leaves the clipboard on lock (and so on quit, which locks) if it is still there.
  const clipboard = config.clipboard
    ? createClipboardGuard({ clipboard: config.clipboard, logger, now: config.now })
    : undefined
  events.onAny((event) => {
    if (event === 'vault:locked') void clipboard?.clearIfOurs()
  })

  const rotation = createRotationService({
    store: config.stores.rotations,
    inventory: config.stores.inventory,
    vault,
    connections,
    audit,
    events,
    logger,
    now: config.now,
    notifier: config.rotation?.notifier ?? config.reminders?.notifier,
    onStateCommitted: config.rotation?.onStateCommitted
  })
  // An interrupted rotation is resumed from its journal state as soon as the hubs can be reached.
  events.onAny((event) => {
    if (event === 'vault:unlocked' && config.rotation?.resumeOnUnlock) {
      void rotation.resume().catch((error: unknown) =>
        logger.log('warn', 'resuming rotations failed', {
          error: error instanceof Error ? error.name : typeof error
        })
      )
    } else if (event === 'vault:locked') rotation.close()
  })

  const handlers: Handlers = {
    ...createAppHandlers(config.facts, config.now),
    ...createVaultHandlers(vault),
    // A changed idle time or sync interval applies at once.
    ...createPreferencesHandlers(config.preferences, events, (patch) => {
      vault.touch()
      if (patch.auditKeepDays !== undefined && vault.isUnlocked()) applyAuditRetention()
      if (patch.syncMinutes === undefined || !vault.isUnlocked() || !config.backgroundSync) return
      if (backgroundMinutes() > 0) sync.startBackground(backgroundMinutes() * 60_000)
      else sync.stopBackground()
    }),
    ...createConnectionsHandlers(connections, events),
    ...createSyncHandlers(sync),
    ...createInventoryHandlers(inventory, () => config.preferences.get().maxKeyAgeDays),
    ...createKeysHandlers(keys, vault, connections),
    ...createKeyRolesHandlers(connections),
    ...createKeyEditHandlers({ keys, inventory: config.stores.inventory, query: inventory }),
    ...createVaultInspectHandlers(config.stores.vaultStore),
    ...createAuditHandlers(audit),
    ...createBackupHandlers(backups),
    ...createIpfilterHandlers({
      capabilitiesOf: (kind) => connections.moduleFor(kind).capabilities,
      getKey: (id) => config.stores.inventory.getKey(id),
      getConnection: (id) => config.stores.inventory.getConnection(id)
    }),
    ...createPolicyHandlers(
      createPolicyService({
        inventory,
        policies: () => config.preferences.get().policies,
        connections: () => connections.list(),
        now: config.now
      })
    ),
    ...createInventoryIoHandlers(
      createInventoryExport({
        query: inventory,
        store: config.stores.inventory,
        vault,
        kdf: config.kdf,
        now: config.now
      }),
      createInventoryImport({ connections, keys, store: config.stores.inventory })
    ),
    ...createKeySecretHandlers({
      keys,
      vault,
      connections,
      inventory: config.stores.inventory,
      clipboardSeconds: () => config.preferences.get().clipboardSeconds,
      clipboard,
      now: config.now
    }),
    ...createUsageHandlers(usage),
    ...createRotationHandlers(rotation, vault)
  }
  const dispatch = createDispatch(handlers, {
    logger,
    // Which channels answer while locked is each channel's own fact (contract/channel-spec.ts).
    locked: () =>
      vault.isUnlocked() ? undefined : 'The vault is locked; unlock it with the master password.',
    // Whether and as what a call is recorded is each channel's own `audit` fact.
    audit: (call) => audit.recordCall(call)
  })
  return {
    dispatch,
    events,
    vault,
    connections,
    keys,
    sync,
    inventory,
    audit,
    usage,
    rotation,
    close: async () => {
      clearInterval(reminderTimer)
      rotation.close()
      backups.stopDaily()
      await sync.close()
      vault.close()
      // After the lock: a vault already locked emits nothing, yet a copy may still be there.
      await clipboard?.clearIfOurs()
      clipboard?.dispose()
    }
  }
}
