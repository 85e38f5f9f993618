// Nothing lost over real HTTP: capped Cycle pages, an odd DCT page total, listings that end early (hub error, timeout, cancel), keys a hub stops listing and keys deleted through Hubkeys, against the simulated hubs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteSyncStore } from '../../../src-main/adapters/sqlite/sync.repository'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import {
  createConnectionsService,
  type HubModules
} from '../../../src-main/core/connections/connections.service'
import { createEventBus } from '../../../src-main/core/events'
import { cycleHub } from '../../../src-main/core/hubs/cycle'
import { dctHub } from '../../../src-main/core/hubs/dct'
import { createKeysService } from '../../../src-main/core/keys/keys.service'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { createSyncService } from '../../../src-main/core/sync/sync.service'
import { createVaultService } from '../../../src-main/core/vault/vault.service'
import { createCycleFake, type CycleFake } from '../../fakes/hubs/cycle.fake'
import { createDctFake, type DctFake } from '../../fakes/hubs/dct.fake'
import { createTestHttp, withRequestHooks } from '../../helpers/hub-test-http'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A real store, vault, keys and sync services over the real HTTP client; `beforeRequest` runs
 * before every request, with the Cycle page number or whether a DCT request carries a cursor.
 */
const setup = async (options: { timeoutMs?: number } = {}) => {
  const testHttp = createTestHttp({ timeoutMs: options.timeoutMs ?? 2_000, retries: 1 })
  const { http, hooks } = withRequestHooks(testHttp.factory)
  const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-sync-safe-')) })
  const inventory = createSqliteInventoryStore(db)
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('nothing lost passphrase')
  const connections = createConnectionsService({
    inventory,
    vault,
    modules: { cycle: cycleHub, dct: dctHub } as unknown as HubModules,
    http
  })
  let clock = Date.UTC(2026, 0, 1)
  const keys = createKeysService({ inventory, vault, connections, now: () => clock })
  const sync = createSyncService({
    inventory,
    syncStore: createSqliteSyncStore(db),
    connections,
    events: { emit: () => undefined },
    staleAfterMs: 3_600_000,
    now: () => clock,
    deleteSecret: (secretId) => void vault.deleteSecret(secretId)
  })
  cleanups.push(async () => {
    await sync.close()
    await testHttp.close()
    db.close()
  })
  const cached = (connectionId: string) =>
    new Map(inventory.listKeys(connectionId).map((key) => [key.hubKeyId, key]))
  const secretOf = (secretId: string | null) => vault.readSecret(secretId!).reveal()
  return {
    hooks,
    inventory,
    connections,
    keys,
    sync,
    cached,
    secretOf,
    tick: (ms: number) => void (clock += ms)
  }
}

type Kit = Awaited<ReturnType<typeof setup>>

/** One Cycle hub listing exactly `listed` keys, capped at `cap` a page (the hostile mode). */
const cycleHubOf = async (kit: Kit, listed: number, cap = 20) => {
  const fake: CycleFake = await createCycleFake({
    seed: 5,
    tenants: 1,
    keysPerTenant: listed + 10,
    deleteSettleMs: 60_000,
    pageCap: cap
  })
  await fake.start()
  cleanups.push(() => fake.close())
  const hub = fake.hubs[0]!
  const visible = hub.keys.filter((key) => key.state !== 'deleted')
  const keep = new Set(visible.slice(0, listed).map((key) => key.id))
  hub.keys = hub.keys.filter((key) => keep.has(key.id))
  expect(hub.keys.some((key) => key.secret === hub.adminSecret)).toBe(true)
  const id = kit.connections.add({
    name: 'Cycle capped',
    kind: 'cycle',
    baseUrl: fake.url,
    settings: { hubId: hub.id },
    environment: 'prod',
    credential: hub.adminSecret
  }).id
  const listedIds = () =>
    hub.keys
      .filter((key) => key.state !== 'deleted' && key.state !== 'deleting')
      .map((key) => key.id)
      .sort()
  return { fake, hub, id, listedIds, roleId: hub.roles[0]!.id }
}

describe('Cycle: a short page is not the end', () => {
  it('syncs all 52 keys of a hub capping pages at 20, and keeps the key Hubkeys just created', async () => {
    const kit = await setup()
    const cycle = await cycleHubOf(kit, 51)
    const created = await kit.keys.create(cycle.id, { name: 'made by hubkeys', role: cycle.roleId })
    const value = kit.secretOf(created.secretId)
    const [result] = await kit.sync.syncAll()
    expect(result).toMatchObject({ outcome: 'ok', pages: 3, keys: 52, removed: 0 })
    expect([...kit.cached(cycle.id).keys()].sort()).toEqual(cycle.listedIds())
    expect(cycle.listedIds()).toHaveLength(52)
    expect(kit.inventory.getKey(created.id)).toMatchObject({ status: 'active' })
    expect(kit.secretOf(created.secretId)).toBe(value)
    // Page 4 came back empty: that, not the short page 3, ended the list.
    const pagesAsked = cycle.fake.requests
      .filter((request) => request.path.endsWith('/api-keys') && request.method === 'GET')
      .map((request) => request.query.get('page[number]'))
    expect(pagesAsked).toEqual(['1', '2', '3', '4'])
    expect(cycle.fake.specViolations()).toEqual([])
  })
})

describe('a listing that ends early is partial and marks nothing missing', () => {
  /** 52 keys over 3 capped pages; the key on page 3 is gone at the hub, one on page 1 renamed. */
  const prepare = async (timeoutMs?: number) => {
    const kit = await setup(timeoutMs ? { timeoutMs } : {})
    const cycle = await cycleHubOf(kit, 52)
    await kit.sync.syncAll()
    const onPage1 = cycle.hub.keys.find((key) => key.name !== 'hubkeys-admin')!
    onPage1.name = 'renamed at the hub'
    const onPage3 = cycle.hub.keys[45]!
    onPage3.state = 'deleted'
    kit.tick(60_000)
    return { kit, cycle, onPage1, onPage3 }
  }

  const expectPartial = (
    { kit, cycle, onPage1, onPage3 }: Awaited<ReturnType<typeof prepare>>,
    result: unknown
  ) => {
    expect(result).toMatchObject({ outcome: 'partial', pages: 2, keys: 40, removed: 0 })
    const cached = kit.cached(cycle.id)
    expect(cached.size).toBe(52)
    expect(cached.get(onPage1.id)?.name).toBe('renamed at the hub')
    expect(cached.get(onPage3.id)?.status).toBe('active')
    expect([...cached.values()].filter((key) => key.status === 'missing')).toEqual([])
    expect(kit.sync.status()[0]).toMatchObject({ state: 'partial' })
  }

  it('after a hub error on page 3', async () => {
    const setupDone = await prepare()
    const { kit, cycle } = setupDone
    kit.hooks.beforeRequest = (path, page) => {
      if (path.endsWith('/api-keys') && page === 3)
        cycle.fake.fail({ kind: 'status', status: 500 }, 5)
    }
    const [result] = await kit.sync.syncAll()
    expectPartial(setupDone, result)
    expect(result?.partial?.reason).toBe('error')
    expect(result?.partial?.message).toMatch(
      /; the listing stopped after 2 pages, so the 40 keys it saw were updated and none was marked missing\.$/
    )
    // Back to normal: the next complete listing marks the key gone at the hub missing.
    kit.hooks.beforeRequest = undefined
    cycle.fake.clearFailures()
    kit.tick(1_000)
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', removed: 1 })
    expect(kit.cached(cycle.id).get(setupDone.onPage3.id)?.status).toBe('missing')
  })

  it('after a timeout on page 3', async () => {
    const setupDone = await prepare(400)
    const { kit, cycle } = setupDone
    kit.hooks.beforeRequest = (path, page) => {
      if (path.endsWith('/api-keys') && page === 3) cycle.fake.fail({ kind: 'timeout' }, 5)
    }
    const [result] = await kit.sync.syncAll()
    expectPartial(setupDone, result)
    expect(result?.partial?.reason).toBe('timeout')
  })

  it('after a cancel during page 3', async () => {
    const setupDone = await prepare()
    const { kit, cycle } = setupDone
    cycle.fake.setLatency(300)
    kit.hooks.beforeRequest = (path, page) => {
      if (path.endsWith('/api-keys') && page === 3) setTimeout(() => kit.sync.cancel(), 50)
    }
    const [result] = await kit.sync.syncAll()
    expectPartial(setupDone, result)
    expect(result?.partial).toEqual({
      reason: 'cancelled',
      message:
        'The sync was cancelled after 2 pages; the 40 keys it saw were updated and none was marked missing.'
    })
  })
})

describe('absence is never deletion', () => {
  it('keeps a key the hub stops listing as missing, with its stored value, until the user forgets it', async () => {
    const kit = await setup()
    const cycle = await cycleHubOf(kit, 30)
    const created = await kit.keys.create(cycle.id, { name: 'shown once', role: cycle.roleId })
    const value = kit.secretOf(created.secretId)
    await kit.sync.syncAll()
    cycle.hub.keys.find((key) => key.id === created.hubKeyId)!.state = 'deleted'
    kit.tick(60_000)
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', keys: 30, removed: 1 })
    expect(kit.inventory.getKey(created.id)).toMatchObject({
      status: 'missing',
      secretId: created.secretId,
      syncedAt: Date.UTC(2026, 0, 1)
    })
    expect(kit.secretOf(created.secretId)).toBe(value)
    expect(kit.sync.history({ keyId: created.id }).entries.map((entry) => entry.change)).toEqual([
      'removed'
    ])
    expect(kit.sync.forget(cycle.id, created.id)).toEqual({
      forgotten: true,
      lost: ['its stored value']
    })
    expect(kit.inventory.getKey(created.id)).toBeUndefined()
  })

  it('keeps a Cycle key deleted through Hubkeys deleted, with its value, after the next sync', async () => {
    const kit = await setup()
    const cycle = await cycleHubOf(kit, 25)
    const created = await kit.keys.create(cycle.id, { name: 'short-lived', role: cycle.roleId })
    await kit.sync.syncAll()
    await kit.keys.delete(cycle.id, created.id, { confirmName: 'short-lived' })
    kit.tick(1_000)
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok' })
    expect(kit.inventory.getKey(created.id)).toMatchObject({
      status: 'deleted',
      secretId: created.secretId
    })
    expect(kit.secretOf(created.secretId)).toMatch(/.+/)
  })
})

describe('DCT', () => {
  const dctConnection = async (kit: Kit, keysPerTenant: number) => {
    const fake: DctFake = await createDctFake({ seed: 3, keysPerTenant })
    cleanups.push(() => fake.close())
    const id = kit.connections.add({
      name: 'DCT lab',
      kind: 'dct',
      baseUrl: fake.url,
      settings: { basePath: fake.basePath },
      environment: 'dev',
      credential: fake.credential
    }).id
    return { fake, id }
  }

  it('follows next_cursor when response_metadata.total is a string', async () => {
    const kit = await setup()
    const dct = await dctConnection(kit, 250)
    dct.fake.data.listQuirks.totalAsString = true
    const [result] = await kit.sync.syncAll()
    expect(result?.error).toBeUndefined()
    const accounts = [...dct.fake.data.accounts.keys()].map(String).sort()
    expect(accounts.length).toBeGreaterThan(200)
    expect(result).toMatchObject({ outcome: 'ok', pages: 3, keys: accounts.length })
    expect([...kit.cached(dct.id).keys()].sort()).toEqual(accounts)
    const cursors = dct.fake.hub.requests
      .filter((request) => request.path.endsWith('/management/accounts'))
      .map((request) => request.query.has('cursor'))
    expect(cursors).toEqual([false, true, true])
  })

  it('keeps an account whose key was deleted through Hubkeys deleted, though DCT still lists it', async () => {
    const kit = await setup()
    const dct = await dctConnection(kit, 5)
    const created = await kit.keys.create(dct.id, { name: 'ci-runner' })
    await kit.sync.syncAll()
    await kit.keys.delete(dct.id, created.id)
    expect(dct.fake.data.accounts.get(Number(created.hubKeyId))).toMatchObject({
      token: null,
      enabled: true
    })
    kit.tick(1_000)
    const [result] = await kit.sync.syncAll()
    expect(result).toMatchObject({ outcome: 'ok', removed: 0 })
    expect(kit.inventory.getKey(created.id)).toMatchObject({
      status: 'deleted',
      secretId: created.secretId
    })
    kit.tick(1_000)
    await kit.sync.syncAll()
    expect(kit.inventory.getKey(created.id)?.status).toBe('deleted')
  })
})
