// In-process paged hubs and a real store, vault and services for the sync engine's integration tests; tests only.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteSyncStore } from '../../../src-main/adapters/sqlite/sync.repository'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import type { Capabilities, HubKey, HubKind } from '../../../src-main/contract/hubs.contract'
import { AppError } from '../../../src-main/contract/result'
import type { SyncProgressed } from '../../../src-main/contract/sync.contract'
import {
  createConnectionsService,
  type HubModules
} from '../../../src-main/core/connections/connections.service'
import { createEventBus } from '../../../src-main/core/events'
import type { HubAdapter, HubKindModule } from '../../../src-main/core/hubs/hub-adapter'
import { HttpFailure } from '../../../src-main/core/ports/http.port'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import {
  createSyncService,
  type SyncServiceOptions
} from '../../../src-main/core/sync/sync.service'
import { decodeSnapshot } from '../../../src-main/core/sync/snapshot-codec'
import { createVaultService } from '../../../src-main/core/vault/vault.service'

export const hubCapabilities = (list: 'hub' | 'local'): Capabilities => ({
  list,
  create: list,
  update: { name: true, ips: true, headers: false, role: false, status: false, expiry: false },
  updateTarget: list,
  delete: list,
  verify: false,
  usage: 'none',
  rotation: 'manual',
  secretReturned: list === 'hub' ? 'once' : 'never',
  paging: list === 'hub' ? 'page-number' : 'none',
  roles: false,
  expiry: 'per-key'
})

export const makeKey = (hubKeyId: string, name: string, extra: Partial<HubKey> = {}): HubKey => ({
  hubKeyId,
  tenant: '',
  name,
  status: 'active',
  role: null,
  scopes: [],
  ipRules: null,
  headers: [],
  createdAt: 1_700_000_000_000,
  expiresAt: null,
  lastUsedAt: null,
  owner: null,
  fingerprint: null,
  oddities: [],
  ...extra
})

/** One simulated hub's state and the knobs a test turns while a sync runs. */
export interface PagedHub {
  tenant: string
  keys: Map<string, HubKey>
  pageSize: number
  /** Page numbers (1-based) that fail as if the hub went away. */
  failOnPage?: number
  /** When set, a page waits for this before it is served (lets a test act mid-sync). */
  gate?: { page: number; reached: () => void; wait: Promise<void> }
  /** Listings started (each is one sync's pull). */
  listings: number
  /** Pages served. */
  served: number
  /** Signals seen by listKeys, to check cancellation reaches the adapter. */
  signals: AbortSignal[]
}

export const newHub = (count = 0, tenant = 'main', pageSize = 3): PagedHub => {
  const keys = new Map<string, HubKey>()
  for (let i = 1; i <= count; i += 1) {
    const id = `k${String(i).padStart(3, '0')}`
    keys.set(id, makeKey(id, `key ${i}`))
  }
  return { tenant, keys, pageSize, listings: 0, served: 0, signals: [] }
}

/** A gate on `page`: `reached` resolves when the pull gets there, `open()` lets it continue. */
export const gateOn = (hub: PagedHub, page: number) => {
  let open!: () => void
  let reached!: () => void
  const wait = new Promise<void>((resolve) => (open = resolve))
  const atGate = new Promise<void>((resolve) => (reached = resolve))
  hub.gate = { page, reached, wait }
  return { atGate, open }
}

/** Concurrency watch over every hub: how many listings run at once. */
export interface ListingMeter {
  now: number
  max: number
}

/**
 * A hub kind whose connections find their hub by `settings.hubId`; pages yield on a timer turn so
 * listings of different connections really interleave.
 */
export const pagedKind = (
  kind: HubKind,
  list: 'hub' | 'local',
  hubs: Map<string, PagedHub>,
  meter: ListingMeter
): HubKindModule => {
  const capabilities = hubCapabilities(list)
  const adapter = (hubId: string): HubAdapter => {
    const unsupported = async (): Promise<never> => {
      throw new AppError('UNSUPPORTED', 'Not in this test hub.')
    }
    return {
      kind,
      capabilities,
      testConnection: async () => ({ detail: 'ok' }),
      async *listKeys(signal) {
        const hub = hubs.get(hubId)
        if (!hub) throw new HttpFailure('NETWORK', `Could not connect to ${hubId}.test.`)
        hub.listings += 1
        if (signal) hub.signals.push(signal)
        meter.now += 1
        meter.max = Math.max(meter.max, meter.now)
        try {
          const all = [...hub.keys.values()]
          const pages = Math.max(1, Math.ceil(all.length / hub.pageSize))
          for (let page = 1; page <= pages; page += 1) {
            await new Promise((resolve) => setTimeout(resolve, 1))
            if (hub.gate?.page === page) {
              hub.gate.reached()
              await hub.gate.wait
            }
            if (signal?.aborted) throw new HttpFailure('CANCELLED', 'The request was cancelled.')
            if (hub.failOnPage === page) {
              throw new HttpFailure('NETWORK', `Could not connect to ${hubId}.test.`)
            }
            hub.served += 1
            const slice = all.slice((page - 1) * hub.pageSize, page * hub.pageSize)
            yield { tenant: hub.tenant, keys: slice.map((key) => structuredClone(key)) }
          }
        } finally {
          meter.now -= 1
        }
      },
      createKey: unsupported,
      updateKey: unsupported,
      deleteKey: unsupported,
      verifyKey: unsupported
    }
  }
  return {
    kind,
    capabilities,
    checkConnection: () => undefined,
    create: ({ connection }) => adapter(connection.settings.hubId ?? '')
  }
}

export interface SyncKitOptions {
  sync?: Partial<SyncServiceOptions>
  /** Connections to add: name -> hub (kind cycle) unless `local` lists names of Optidash ones. */
  hubs?: Record<string, PagedHub>
  local?: string[]
  now?: () => number
}

/** The real SQLite store, vault and connections service, with one paged hub per connection. */
export const createSyncKit = async (options: SyncKitOptions = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-sync-'))
  const { db } = openStore({ dataDir })
  const inventory = createSqliteInventoryStore(db)
  const syncStore = createSqliteSyncStore(db)
  const bus = createEventBus()
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: bus,
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('sync integration passphrase')
  const hubs = new Map<string, PagedHub>()
  const meter: ListingMeter = { now: 0, max: 0 }
  const modules = {
    cycle: pagedKind('cycle', 'hub', hubs, meter),
    optidash: pagedKind('optidash', 'local', hubs, meter)
  } as unknown as HubModules
  const connections = createConnectionsService({
    inventory,
    vault,
    modules,
    http: () => ({
      request: async () => {
        throw new Error('no http in this test')
      }
    })
  })
  const ids: Record<string, string> = {}
  for (const [name, hub] of Object.entries(options.hubs ?? {})) {
    hubs.set(name, hub)
    ids[name] = connections.add({
      name,
      kind: 'cycle',
      baseUrl: `https://${name}.example`,
      settings: { hubId: name },
      credential: 'master-credential'
    }).id
  }
  for (const name of options.local ?? []) {
    ids[name] = connections.add({
      name,
      kind: 'optidash',
      baseUrl: `https://${name}.example`,
      settings: { hubId: name },
      credential: 'master-credential'
    }).id
  }
  const progress: SyncProgressed[] = []
  const sync = createSyncService({
    inventory,
    syncStore,
    connections,
    events: { emit: (_event, payload) => void progress.push(payload) },
    staleAfterMs: 60 * 60_000,
    now: options.now,
    ...options.sync
  })
  /** The keys of a connection's newest snapshot, decoded. */
  const snapshotKeys = async (name: string) => {
    const stored = syncStore.latestSnapshot(ids[name]!)
    return stored ? decodeSnapshot(stored.body) : undefined
  }
  /** The cache of one connection, as comparable data. */
  const cache = (name: string) =>
    inventory
      .listKeys(ids[name])
      .map(({ syncedAt: _syncedAt, ...key }) => key)
      .sort((a, b) => a.hubKeyId.localeCompare(b.hubKeyId))
  const statusOf = (name: string) => {
    const found = sync.status().find((entry) => entry.connectionId === ids[name])
    if (!found) throw new Error(`no status for ${name}`)
    return found
  }
  return {
    dataDir,
    db,
    inventory,
    syncStore,
    vault,
    connections,
    sync,
    hubs,
    meter,
    ids,
    progress,
    cache,
    statusOf,
    snapshotKeys
  }
}
