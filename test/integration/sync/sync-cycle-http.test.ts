// The sync engine against the simulated Cycle hub over real HTTP: full pull, hub lost mid-sync, drift from changes at the hub, cancel, reads with the hub stopped.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteInventoryQueryStore } from '../../../src-main/adapters/sqlite/inventory-query.repository'
import { createSqliteSyncStore } from '../../../src-main/adapters/sqlite/sync.repository'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import type { SyncProgressed } from '../../../src-main/contract/sync.contract'
import {
  createConnectionsService,
  type HubModules
} from '../../../src-main/core/connections/connections.service'
import { createEventBus } from '../../../src-main/core/events'
import { cycleHub } from '../../../src-main/core/hubs/cycle'
import { searchPhrases } from '../../../src-main/core/inventory/inventory-query'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { normaliseIpRules } from '../../../src-main/core/sync/drift'
import { createSyncService } from '../../../src-main/core/sync/sync.service'
import { createVaultService } from '../../../src-main/core/vault/vault.service'
import { compareSortValues } from '../inventory/inventory-kit'
import { createCycleFake, type CycleFake } from '../../fakes/hubs/cycle.fake'
import { createTestHttp, withRequestHooks, type TestHttp } from '../../helpers/hub-test-http'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/**
 * Two Cycle hubs of 230 keys (three pages each) behind one simulated server, a real store and
 * vault, and the sync engine with the real adapter and HTTP client. `beforeRequest` runs before
 * every request the adapter sends, so a test can act at an exact page.
 */
const setup = async () => {
  const fake: CycleFake = await createCycleFake({
    seed: 11,
    tenants: 2,
    keysPerTenant: 230,
    deleteSettleMs: 60_000
  })
  await fake.start()
  const testHttp: TestHttp = createTestHttp({ timeoutMs: 2_000, retries: 1 })
  const { http, hooks } = withRequestHooks(testHttp.factory)
  const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-sync-http-')) })
  const inventory = createSqliteInventoryStore(db)
  const syncStore = createSqliteSyncStore(db)
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('sync over http passphrase')
  const connections = createConnectionsService({
    inventory,
    vault,
    modules: { cycle: cycleHub } as unknown as HubModules,
    http
  })
  const ids = fake.hubs.map(
    (hub, index) =>
      connections.add({
        name: `Cycle ${hub.name}`,
        kind: 'cycle',
        baseUrl: fake.url,
        settings: { hubId: hub.id },
        environment: index === 0 ? 'prod' : 'dev',
        credential: hub.adminSecret
      }).id
  )
  const progress: SyncProgressed[] = []
  let clock = Date.UTC(2026, 0, 1)
  const sync = createSyncService({
    inventory,
    syncStore,
    connections,
    events: { emit: (_event, payload) => void progress.push(payload) },
    staleAfterMs: 3_600_000,
    now: () => clock
  })
  cleanups.push(async () => {
    await sync.close()
    await testHttp.close()
    await fake.close()
    db.close()
  })
  /** Keys the hub lists (it hides deleted ones), by hub. */
  const listed = (index: number) =>
    fake.hubs[index]!.keys.filter((key) => key.state !== 'deleted' && key.state !== 'deleting')
  const cached = () =>
    inventory
      .listKeys()
      .map(({ syncedAt: _syncedAt, ...key }) => key)
      .sort((a, b) => a.id.localeCompare(b.id))
  return {
    fake,
    testHttp,
    hooks,
    inventory,
    query: createSqliteInventoryQueryStore(db),
    sync,
    ids,
    progress,
    listed,
    cached,
    tick: (ms: number) => void (clock += ms),
    now: () => clock
  }
}

describe('sync over HTTP with the simulated Cycle hub', () => {
  it('pulls every page of every hub into the cache, with spec-valid traffic', async () => {
    const kit = await setup()
    const results = await kit.sync.syncAll()
    expect(results.map((result) => [result.outcome, result.pages, result.keys])).toEqual([
      ['ok', 3, kit.listed(0).length],
      ['ok', 3, kit.listed(1).length]
    ])
    for (const [index, id] of kit.ids.entries()) {
      const cachedIds = kit.inventory
        .listKeys(id)
        .map((key) => key.hubKeyId)
        .sort()
      expect(cachedIds).toEqual(
        kit
          .listed(index)
          .map((key) => key.id)
          .sort()
      )
      expect(new Set(kit.inventory.listKeys(id).map((key) => key.tenant))).toEqual(
        new Set([kit.fake.hubs[index]!.id])
      )
    }
    expect(kit.sync.status().map((entry) => entry.state)).toEqual(['ok', 'ok'])
    expect(kit.fake.specViolations()).toEqual([])
  })

  it('shows the names Cycle gives its roles and key creators beside the ids, renamed at the next sync', async () => {
    const kit = await setup()
    await kit.sync.syncAll()
    const hub = kit.fake.hubs[0]!
    const key = kit.listed(0)[0]!
    const role = hub.roles.find((candidate) => candidate.id === key.roleId)!
    const cachedId = kit.inventory.listKeys(kit.ids[0]).find((k) => k.hubKeyId === key.id)!.id
    expect(kit.query.get(cachedId)).toMatchObject({ role: role.id, roleName: role.name })
    // A key made by another API key is owned by that key's name; an account stays an id (Cycle
    // documents no way to read account names).
    const cachedOf = (hubKeyId: string) =>
      kit.inventory.listKeys(kit.ids[0]).find((k) => k.hubKeyId === hubKeyId)!.id
    const byKey = kit
      .listed(0)
      .find(
        (k) =>
          k.creator.type === 'api-key' && kit.listed(0).some((other) => other.id === k.creator.id)
      )!
    const maker = kit.listed(0).find((k) => k.id === byKey.creator.id)!
    expect(kit.query.get(cachedOf(byKey.id))).toMatchObject({
      owner: `api-key:${maker.id}`,
      ownerName: maker.name
    })
    const byAccount = kit.listed(0).find((k) => k.creator.type === 'account')!
    expect(kit.query.get(cachedOf(byAccount.id))).toMatchObject({
      owner: `account:${byAccount.creator.id}`,
      ownerName: null
    })
    // Search finds the keys by role name, written in the same transaction as the keys themselves.
    const holding = kit.listed(0).filter((k) => k.roleId === role.id).length
    const matching = (text: string) =>
      kit.query.count([
        { match: kit.query.matchExpression(searchPhrases(text)!), connectionIds: [kit.ids[0]!] }
      ])[0]
    expect(matching(role.name)).toBe(holding)
    expect(matching('portal')).toBe(0)
    // The Role sort orders by the name the column shows, not by Cycle's hex role ids.
    const roleOrder = () =>
      kit.query
        .page({
          selection: { connectionIds: [kit.ids[0]!] },
          sort: { field: 'role', direction: 'asc' },
          limit: 1000,
          withTotal: false
        })
        .rows.map((row) => row.roleName ?? row.role)
    // In the order the store's reference model sorts values (ASCII case folded, NULLs last).
    const byName = (labels: (string | null)[]) =>
      [...labels].sort((a, b) =>
        compareSortValues(a?.toLowerCase() ?? null, b?.toLowerCase() ?? null, 'asc')
      )
    expect(new Set(hub.roles.map((r) => r.name)).size).toBeGreaterThan(1)
    expect(roleOrder()).toEqual(byName(roleOrder()))
    role.name = 'Renamed in the portal'
    kit.tick(60_000)
    await kit.sync.syncAll()
    expect(kit.query.get(cachedId)).toMatchObject({
      role: role.id,
      roleName: 'Renamed in the portal'
    })
    expect(matching('portal')).toBe(holding)
    expect(roleOrder()).toEqual(byName(roleOrder()))
  })

  it('applies page 1 and marks nothing missing when the hub goes away at page 2, and says why', async () => {
    const kit = await setup()
    await kit.sync.syncAll()
    const before = kit.cached()
    const hub = kit.fake.hubs[0]!
    const renamed = hub.keys.find((key) => key.state === 'live')!
    renamed.name = 'renamed while down'
    kit.tick(120_000)
    // From page 2 on, the key list's connections drop without an answer (as a hub going away
    // does). The adapter reads the roles alongside the first pages of keys, and they still
    // answer, so the outage is set on the key list alone: the keys of page 1 are readable.
    kit.hooks.beforeRequest = (path, page) => {
      if (path.endsWith('/api-keys') && page === 2) {
        kit.fake.fail({ kind: 'reset' }, Infinity, /^GET \/v1\/hubs\/current\/api-keys/)
      }
    }
    const [first, second] = await kit.sync
      .syncAll({ connectionIds: [kit.ids[0]!] })
      .then(async (results) => [
        ...results,
        ...(await kit.sync.syncAll({ connectionIds: [kit.ids[1]!] }))
      ])
    expect(first).toMatchObject({ outcome: 'partial', pages: 1, keys: 100 })
    expect(first?.partial?.reason).toBe('error')
    expect(first?.partial?.message).toMatch(
      /^Cycle \(Cycle acme-prod\): The connection to 127\.0\.0\.1:\d+ was lost before it answered; the listing stopped after 1 page, so the 100 keys it saw were updated and none was marked missing\.$/
    )
    expect(second).toMatchObject({ outcome: 'failed', pages: 0, error: { code: 'UNAVAILABLE' } })
    // Only the rename on page 1 reached the cache; nothing went missing.
    expect(kit.cached()).toEqual(
      before.map((key) =>
        key.hubKeyId === renamed.id ? { ...key, name: 'renamed while down' } : key
      )
    )
    const status = kit.sync.status()
    expect(status[0]).toMatchObject({
      state: 'partial',
      partial: first?.partial,
      cacheAgeMs: 120_000,
      keys: kit.listed(0).length
    })
    expect(status[1]?.detail).toMatch(/still holds/)
    // No key, credential or secret in what the user sees.
    for (const key of kit.fake.hubs.flatMap((h) => h.keys)) {
      expect(JSON.stringify(status)).not.toContain(key.secret)
    }

    kit.hooks.beforeRequest = undefined
    kit.fake.clearFailures()
    kit.tick(1_000)
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', changed: 0 })
  })

  it('records renames and new IP rules made at the hub as drift, per key and per connection', async () => {
    const kit = await setup()
    await kit.sync.syncAll()
    const hub = kit.fake.hubs[0]!
    const live = hub.keys.filter((key) => key.state === 'live' && key.name !== 'hubkeys-admin')
    const renamed = live[0]!
    const reIpd = live[1]!
    const oldName = renamed.name
    const oldIps = reIpd.ips
    renamed.name = `${oldName}-renamed`
    reIpd.ips = ['198.51.100.0/24', '203.0.113.9']
    kit.tick(60_000)
    const [result] = await kit.sync.syncAll()
    expect(result).toMatchObject({ outcome: 'ok', changed: 2, added: 0, removed: 0 })

    const idOf = (hubKeyId: string) => kit.inventory.findKey(kit.ids[0]!, hub.id, hubKeyId)!.id
    expect(kit.sync.history({ keyId: idOf(renamed.id) }).entries).toEqual([
      expect.objectContaining({
        change: 'renamed',
        before: oldName,
        after: `${oldName}-renamed`,
        at: kit.now()
      })
    ])
    expect(kit.sync.history({ keyId: idOf(reIpd.id) }).entries).toEqual([
      expect.objectContaining({
        change: 'ip-rules',
        before: normaliseIpRules(oldIps),
        after: ['198.51.100.0/24', '203.0.113.9/32']
      })
    ])
    expect(
      kit.sync
        .history({ connectionId: kit.ids[0] })
        .entries.map((entry) => entry.change)
        .sort()
    ).toEqual(['ip-rules', 'renamed'])
    expect(kit.sync.history({ connectionId: kit.ids[1] }).entries).toEqual([])
  })

  it('cancels a sync in flight: the abort reaches the HTTP request and nothing is applied', async () => {
    const kit = await setup()
    await kit.sync.syncAll()
    const before = kit.cached()
    kit.fake.hubs[0]!.keys.find((key) => key.state === 'live')!.name = 'never applied'
    kit.fake.setLatency(400)
    kit.hooks.beforeRequest = (path, page) => {
      if (path.endsWith('/api-keys') && page === 1) setTimeout(() => kit.sync.cancel(), 20)
    }
    const results = await kit.sync.syncAll({ connectionIds: [kit.ids[0]!] })
    // Cancelled before any page came: there is nothing seen to apply.
    expect(results).toEqual([expect.objectContaining({ outcome: 'cancelled', pages: 0 })])
    expect(kit.cached()).toEqual(before)
    expect(kit.sync.status()[0]?.state).toBe('cancelled')
  })

  it('reads the cache, status and history with every hub stopped', async () => {
    const kit = await setup()
    await kit.sync.syncAll()
    kit.fake.hubs[1]!.keys.find((key) => key.state === 'live')!.name = 'changed once'
    kit.tick(1_000)
    await kit.sync.syncAll()
    const cache = kit.cached()
    const history = kit.sync.history({})
    expect(history.entries).toHaveLength(1)
    await kit.fake.close()
    kit.tick(30_000)
    const results = await kit.sync.syncAll()
    expect(results.map((result) => [result.outcome, result.error?.code])).toEqual([
      ['failed', 'UNAVAILABLE'],
      ['failed', 'UNAVAILABLE']
    ])
    expect(kit.cached()).toEqual(cache)
    expect(kit.sync.history({})).toEqual(history)
    expect(kit.sync.status().map((entry) => [entry.state, entry.cacheAgeMs])).toEqual([
      ['failed', 30_000],
      ['failed', 30_000]
    ])
  })
})
