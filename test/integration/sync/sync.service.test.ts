// Integration tests of the sync engine on the real SQLite store with in-process paged hubs: apply, partial listings, missing keys and forgetting, drift, cancel, bounds.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Secret } from '../../../src-main/common/secret'
import { keyForgetRequestSchema } from '../../../src-main/contract/key-forget.contract'
import { AppError } from '../../../src-main/contract/result'
import {
  driftEntrySchema,
  syncChannels,
  syncProgressedSchema
} from '../../../src-main/contract/sync.contract'
import { createSyncKit, gateOn, makeKey, newHub } from './sync-test-kit'

afterEach(() => {
  vi.useRealTimers()
})

describe('sync', () => {
  it('pulls every page into the cache, reports progress and records the run and a snapshot', async () => {
    const kit = await createSyncKit({ hubs: { alpha: newHub(7) } })
    const [result] = await kit.sync.syncAll()
    expect(result).toEqual({
      connectionId: kit.ids.alpha,
      outcome: 'ok',
      pages: 3,
      keys: 7,
      added: 7,
      removed: 0,
      changed: 0
    })
    expect(kit.cache('alpha').map((key) => [key.hubKeyId, key.name, key.tenant])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((i) => [`k00${i}`, `key ${i}`, 'main'])
    )
    expect(kit.progress.map((event) => [event.state, event.pages, event.keys, event.done])).toEqual(
      [
        ['running', 0, 0, false],
        ['running', 1, 3, false],
        ['running', 2, 6, false],
        ['running', 3, 7, false],
        ['ok', 3, 7, true]
      ]
    )
    for (const event of kit.progress) syncProgressedSchema.parse(event)
    syncChannels['sync:start'].response.parse({ results: [result] })
    const status = kit.statusOf('alpha')
    expect(status).toMatchObject({
      state: 'ok',
      source: 'hub',
      keys: 7,
      connectionName: 'alpha'
    })
    expect(status.lastSuccessAt).toBe(status.lastRunAt)
    expect(status.cacheAgeMs).toBeGreaterThanOrEqual(0)
    expect(
      syncChannels['sync:status'].response.parse({ connections: kit.sync.status() })
    ).toBeTruthy()
    const snapshot = await kit.snapshotKeys('alpha')
    expect(snapshot?.map((key) => key.hubKeyId).sort()).toEqual(
      kit.cache('alpha').map((key) => key.hubKeyId)
    )
    expect(snapshot?.every((key) => kit.inventory.getKey(key.id)?.hubKeyId === key.hubKeyId)).toBe(
      true
    )
    // The first sync is the baseline: no earlier hub state, so no drift.
    expect(kit.sync.history({ connectionId: kit.ids.alpha }).entries).toEqual([])
  })

  it('applies what it saw and marks nothing missing when the hub goes away on page 2, and says so', async () => {
    let clock = 1_000_000
    const hub = newHub(7)
    const kit = await createSyncKit({ hubs: { alpha: hub }, now: () => clock })
    await kit.sync.syncAll()
    const firstSuccess = kit.statusOf('alpha').lastSuccessAt

    hub.keys.get('k001')!.name = 'renamed at the hub'
    hub.keys.delete('k002')
    hub.keys.set('k100', makeKey('k100', 'new'))
    hub.failOnPage = 2
    clock += 5_000
    const [result] = await kit.sync.syncAll()

    const message =
      'alpha: Could not connect to alpha.test; the listing stopped after 1 page, so the 3 keys it saw were updated and none was marked missing.'
    expect(result).toMatchObject({
      outcome: 'partial',
      pages: 1,
      keys: 3,
      partial: { reason: 'error', message }
    })
    // Page 1 (k001, k003, k004 after k002 left) was applied; k002 is not marked missing.
    const cached = kit.cache('alpha')
    expect(cached.find((key) => key.hubKeyId === 'k001')?.name).toBe('renamed at the hub')
    expect(cached.find((key) => key.hubKeyId === 'k002')?.status).toBe('active')
    expect(cached).toHaveLength(7)
    expect((await kit.snapshotKeys('alpha'))?.map((key) => key.hubKeyId).sort()).toEqual([
      'k001',
      'k002',
      'k003',
      'k004',
      'k005',
      'k006',
      'k007'
    ])
    expect(kit.sync.history({ connectionId: kit.ids.alpha }).entries.map((e) => e.change)).toEqual([
      'renamed'
    ])
    expect(kit.statusOf('alpha')).toMatchObject({
      state: 'partial',
      partial: { reason: 'error', message },
      lastSuccessAt: firstSuccess,
      lastRunAt: clock,
      cacheAgeMs: 5_000,
      keys: 7
    })
    expect(kit.progress.at(-1)).toMatchObject({ state: 'partial', done: true })

    // Back up: the next complete sync applies the rest and marks k002 missing.
    hub.failOnPage = undefined
    clock += 1_000
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', added: 1, removed: 1 })
    expect(kit.cache('alpha').find((key) => key.hubKeyId === 'k002')?.status).toBe('missing')
    expect(kit.statusOf('alpha')).toMatchObject({
      state: 'ok',
      cacheAgeMs: 0,
      lastSuccessAt: clock
    })
  })

  it('fails, applying nothing, when the hub is gone before the first page', async () => {
    const hub = newHub(4)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    await kit.sync.syncAll()
    const before = kit.cache('alpha')
    hub.keys.get('k001')!.name = 'never applied'
    hub.failOnPage = 1
    expect((await kit.sync.syncAll())[0]).toMatchObject({
      outcome: 'failed',
      pages: 0,
      error: { code: 'UNAVAILABLE' }
    })
    expect(kit.cache('alpha')).toEqual(before)
    expect(kit.statusOf('alpha').state).toBe('failed')
  })

  it('records renames, re-IPs and other changes at the hub as drift with before and after, per key and per connection', async () => {
    let clock = 2_000_000
    const hub = newHub(4)
    const other = newHub(2)
    const kit = await createSyncKit({ hubs: { alpha: hub, beta: other }, now: () => clock })
    hub.keys.get('k002')!.ipRules = ['10.0.0.1', '192.168.0.0/24']
    hub.keys.get('k003')!.ipRules = []
    await kit.sync.syncAll()
    const idOf = (hubKeyId: string) => kit.inventory.findKey(kit.ids.alpha!, 'main', hubKeyId)!.id
    const k1 = idOf('k001')
    const k2 = idOf('k002')
    const k3 = idOf('k003')
    const k4 = idOf('k004')

    clock += 60_000
    hub.keys.get('k001')!.name = 'billing (rotated)'
    // Same rules written differently and reordered: not a change.
    hub.keys.get('k002')!.ipRules = ['192.168.0.7/24', '10.0.0.1/32']
    // [] (allows nothing) to null (no restriction) is a change.
    hub.keys.get('k003')!.ipRules = null
    Object.assign(hub.keys.get('k004')!, {
      ipRules: ['203.0.113.0/24'],
      status: 'inactive',
      role: 'admin',
      expiresAt: 1_800_000_000_000,
      scopes: ['write', 'read'],
      headers: [{ name: 'X-Team', value: 'ops', enabled: true }]
    })
    other.keys.get('k001')!.name = 'beta renamed'
    const [alpha] = await kit.sync.syncAll()
    expect(alpha).toMatchObject({ outcome: 'ok', added: 0, removed: 0, changed: 3 })

    const k1History = kit.sync.history({ keyId: k1 }).entries
    expect(k1History).toEqual([
      expect.objectContaining({
        keyId: k1,
        connectionId: kit.ids.alpha,
        change: 'renamed',
        before: 'key 1',
        after: 'billing (rotated)',
        keyName: 'billing (rotated)',
        at: clock
      })
    ])
    expect(kit.sync.history({ keyId: k2 }).entries).toEqual([])
    expect(kit.sync.history({ keyId: k3 }).entries).toEqual([
      expect.objectContaining({ change: 'ip-rules', before: [], after: null })
    ])
    expect(
      kit.sync
        .history({ keyId: k4 })
        .entries.map((entry) => [entry.change, entry.before, entry.after])
        .sort()
    ).toEqual(
      [
        ['expiry', null, 1_800_000_000_000],
        ['headers', [], [{ name: 'X-Team', value: 'ops', enabled: true }]],
        ['ip-rules', null, ['203.0.113.0/24']],
        ['role', null, 'admin'],
        ['scopes', [], ['read', 'write']],
        ['status', 'active', 'inactive']
      ].sort()
    )
    for (const entry of kit.sync.history({}).entries) driftEntrySchema.parse(entry)

    // The cache shows the hub's new state.
    expect(kit.inventory.getKey(k1)?.name).toBe('billing (rotated)')
    expect(kit.inventory.getKey(k4)).toMatchObject({
      status: 'inactive',
      ipRules: ['203.0.113.0/24']
    })

    // Per connection: only alpha's rows, newest first, in keyset pages.
    const all = kit.sync.history({ connectionId: kit.ids.alpha }).entries
    expect(all).toHaveLength(8)
    expect(new Set(all.map((entry) => entry.connectionId))).toEqual(new Set([kit.ids.alpha]))
    const first = kit.sync.history({ connectionId: kit.ids.alpha, limit: 5 })
    expect(first.entries).toEqual(all.slice(0, 5))
    const second = kit.sync.history({
      connectionId: kit.ids.alpha,
      limit: 5,
      before: first.next
    })
    expect(second.entries).toEqual(all.slice(5))
    expect(second.next).toBeUndefined()
    expect(kit.sync.history({ connectionId: kit.ids.beta }).entries).toEqual([
      expect.objectContaining({ change: 'renamed', after: 'beta renamed' })
    ])

    // A key removed at the hub stays in the cache as missing, and its history stays readable.
    clock += 60_000
    hub.keys.delete('k001')
    hub.keys.set('k009', makeKey('k009', 'fresh'))
    expect((await kit.sync.syncAll({ connectionIds: [kit.ids.alpha!] }))[0]).toMatchObject({
      added: 1,
      removed: 1,
      changed: 0
    })
    expect(kit.inventory.getKey(k1)?.status).toBe('missing')
    expect(kit.sync.history({ keyId: k1 }).entries.map((entry) => entry.change)).toEqual([
      'removed',
      'renamed'
    ])
    expect(kit.sync.history({ keyId: k1 }).entries[0]).toMatchObject({
      before: 'billing (rotated)',
      after: null
    })
    const k9 = idOf('k009')
    expect(kit.sync.history({ keyId: k9 }).entries).toEqual([
      expect.objectContaining({ change: 'added', before: null, after: 'fresh' })
    ])
  })

  it("reports a store failure while staging a page as the store's, keeping the cache as it was", async () => {
    const hub = newHub(4)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    await kit.sync.syncAll()
    const before = kit.cache('alpha')
    // A key without an id at the hub cannot be staged (the stage requires one): page 2 fails, and
    // page 1, staged already, is not applied either.
    hub.keys.set('broken', {
      ...makeKey('broken', 'broken'),
      hubKeyId: undefined as unknown as string
    })
    const [result] = await kit.sync.syncAll()
    expect(result).toMatchObject({ outcome: 'failed', pages: 1, error: { code: 'CONFLICT' } })
    expect(result?.error?.message).toMatch(/could not stage the pulled keys/)
    expect(kit.cache('alpha')).toEqual(before)
  })

  it('keeps notes, tags and owner set in Hubkeys through every sync', async () => {
    const hub = newHub(3)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    await kit.sync.syncAll()
    const id = kit.inventory.findKey(kit.ids.alpha!, 'main', 'k002')!.id
    kit.db
      .prepare('UPDATE keys SET notes = ?, tags = ?, owner = ? WHERE id = ?')
      .run('used by billing', JSON.stringify(['billing', 'prod']), 'dana', id)
    hub.keys.get('k002')!.name = 'renamed'
    await kit.sync.syncAll()
    await kit.sync.syncAll()
    expect(kit.inventory.getKey(id)).toMatchObject({
      name: 'renamed',
      notes: 'used by billing',
      tags: ['billing', 'prod'],
      owner: 'dana'
    })
    // Search (FTS, kept by triggers) still finds the key by its notes.
    const found = kit.db
      .prepare(
        "SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH 'billing'"
      )
      .pluck()
      .all()
    expect(found).toEqual([id])
  })

  it('applies only what it saw when cancelled mid-sync, marks nothing missing, and the abort reaches the adapter', async () => {
    const hub = newHub(7)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    await kit.sync.syncAll()
    const before = kit.cache('alpha')
    hub.keys.clear()
    hub.keys.set('x1', makeKey('x1', 'only key now'))
    hub.pageSize = 1
    for (let i = 2; i <= 4; i += 1) hub.keys.set(`x${i}`, makeKey(`x${i}`, `x ${i}`))
    const gate = gateOn(hub, 2)
    const running = kit.sync.syncAll()
    await gate.atGate
    // Page 2 is asked for before page 1 is staged (the sync reads one page ahead).
    await vi.waitFor(() =>
      expect(kit.statusOf('alpha')).toMatchObject({
        state: 'running',
        progress: { pages: 1, keys: 1 }
      })
    )
    expect(kit.sync.cancel()).toBe(1)
    gate.open()
    const [result] = await running
    expect(result).toMatchObject({
      outcome: 'partial',
      pages: 1,
      keys: 1,
      partial: { reason: 'cancelled' }
    })
    expect(result?.partial?.message).toBe(
      'The sync was cancelled after 1 page; the 1 key it saw were updated and none was marked missing.'
    )
    expect(hub.signals.at(-1)?.aborted).toBe(true)
    // x1 was seen and added; the 7 earlier keys are neither removed nor marked missing.
    expect(kit.cache('alpha')).toEqual(
      [...before, expect.objectContaining({ hubKeyId: 'x1', status: 'active' })].sort((a, b) =>
        String(a.hubKeyId).localeCompare(String(b.hubKeyId))
      )
    )
    expect(kit.statusOf('alpha')).toMatchObject({ state: 'partial', keys: 8 })
    expect(kit.statusOf('alpha').lastSuccessAt).not.toBeNull()
    expect(kit.progress.at(-1)).toMatchObject({ state: 'partial', done: true })
    expect(kit.sync.cancel()).toBe(0)
  })

  it("cancels through the caller's signal too, including runs still waiting for a slot", async () => {
    const hubs = { a: newHub(4), b: newHub(4) }
    const kit = await createSyncKit({ hubs, sync: { concurrency: 1 } })
    const gate = gateOn(hubs.a, 1)
    const controller = new AbortController()
    const running = kit.sync.syncAll({ signal: controller.signal })
    await gate.atGate
    controller.abort()
    gate.open()
    const results = await running
    expect(results.map((result) => result.outcome)).toEqual(['cancelled', 'cancelled'])
    expect(hubs.b.listings).toBe(0)
    expect(kit.inventory.listKeys()).toEqual([])
  })

  it('never runs more connections at once than the bound, and runs up to it', async () => {
    const hubs = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => [name, newHub(9)]))
    const kit = await createSyncKit({ hubs, sync: { concurrency: 2 } })
    const results = await kit.sync.syncAll()
    expect(results.map((result) => result.outcome)).toEqual(Array(6).fill('ok'))
    expect(kit.meter.max).toBe(2)
    expect(kit.inventory.listKeys()).toHaveLength(54)
  })

  it('joins a connection that is already syncing instead of pulling it twice', async () => {
    const hub = newHub(5)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    const first = kit.sync.syncAll()
    const second = kit.sync.syncAll({ connectionIds: [kit.ids.alpha!] })
    const [a, b] = await Promise.all([first, second])
    expect(a).toEqual(b)
    expect(hub.listings).toBe(1)
  })

  it('refuses unknown connection ids before starting anything', async () => {
    const hub = newHub(2)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    const error = await kit.sync
      .syncAll({ connectionIds: [kit.ids.alpha!, 'nope'] })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'NOT_FOUND' })
    expect(hub.listings).toBe(0)
  })

  it("records an ok run with nothing to pull for kinds without a key list, and keeps Hubkeys' records", async () => {
    const kit = await createSyncKit({ local: ['opti'] })
    const record = kit.inventory.upsertKey(kit.ids.opti!, makeKey('token-1', 'marketing token'))
    expect(kit.statusOf('opti')).toMatchObject({
      state: 'never',
      source: 'local',
      cacheAgeMs: null
    })
    const [result] = await kit.sync.syncAll()
    expect(result).toMatchObject({ outcome: 'ok', pages: 0, keys: 0, added: 0, removed: 0 })
    expect(kit.inventory.getKey(record.id)).toMatchObject({ name: 'marketing token' })
    const status = kit.statusOf('opti')
    expect(status).toMatchObject({ state: 'ok', source: 'local', keys: 1, cacheAgeMs: null })
    expect(status.detail).toMatch(/no key list/)
    expect(kit.syncStore.latestSnapshot(kit.ids.opti!)).toBeUndefined()
  })

  it('neither removes nor overwrites keys Hubkeys created or edited while the pull ran', async () => {
    const hub = newHub(4)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    await kit.sync.syncAll()
    hub.keys.get('k001')!.name = 'stale name from the hub'
    const gate = gateOn(hub, 2)
    const running = kit.sync.syncAll()
    await gate.atGate
    // The keys service does these after the hub answered a create or an update.
    const created = kit.inventory.upsertKey(
      kit.ids.alpha!,
      makeKey('k050', 'made just now', { tenant: 'main' })
    )
    const edited = kit.inventory.upsertKey(kit.ids.alpha!, {
      ...kit.inventory.findKey(kit.ids.alpha!, 'main', 'k001')!,
      name: 'edited in Hubkeys'
    })
    gate.open()
    expect((await running)[0]).toMatchObject({ outcome: 'ok' })
    expect(kit.inventory.getKey(created.id)?.name).toBe('made just now')
    expect(kit.inventory.getKey(edited.id)?.name).toBe('edited in Hubkeys')
  })

  it('keeps a key the hub no longer lists as missing, with its value, notes and tags, until forgotten', async () => {
    let clock = 2_000_000
    const hub = newHub(3)
    const kit = await createSyncKit({
      hubs: { alpha: hub },
      now: () => clock,
      sync: { deleteSecret: (secretId) => void kit.vault.deleteSecret(secretId) }
    })
    await kit.sync.syncAll()
    const stored = kit.inventory.findKey(kit.ids.alpha!, 'main', 'k003')!
    kit.vault.putSecret('key:k003', 'key', Secret.fromString('the only copy'))
    kit.inventory.upsertKey(kit.ids.alpha!, stored, { secretId: 'key:k003', syncedAt: clock })
    kit.db
      .prepare("UPDATE keys SET notes = 'ops', tags = '[\"billing\"]' WHERE id = ?")
      .run(stored.id)
    hub.keys.delete('k003')
    clock += 60_000
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', keys: 2, removed: 1 })
    const missing = kit.inventory.getKey(stored.id)!
    expect(missing).toMatchObject({
      status: 'missing',
      secretId: 'key:k003',
      notes: 'ops',
      tags: ['billing'],
      syncedAt: clock - 60_000
    })
    expect(kit.vault.readSecret('key:k003').reveal()).toBe('the only copy')
    expect(kit.sync.history({ keyId: stored.id }).entries.map((e) => e.change)).toEqual(['removed'])
    // A second complete sync leaves it as it is (still missing since the first).
    clock += 60_000
    await kit.sync.syncAll()
    expect(
      kit.db.prepare('SELECT missing_since FROM keys WHERE id = ?').pluck().get(stored.id)
    ).toBe(clock - 60_000)

    // The channel takes only an explicit confirmation.
    const request = { connectionId: kit.ids.alpha!, keyId: stored.id }
    expect(keyForgetRequestSchema.safeParse({ ...request, confirm: false }).success).toBe(false)
    expect(keyForgetRequestSchema.safeParse(request).success).toBe(false)
    expect(keyForgetRequestSchema.safeParse({ ...request, confirm: true }).success).toBe(true)
    // Forgetting refuses live keys, and drops the row and its value together.
    const live = kit.inventory.findKey(kit.ids.alpha!, 'main', 'k001')!
    expect(() => kit.sync.forget(kit.ids.alpha!, live.id)).toThrow(/only keys missing/i)
    expect(kit.sync.forget(kit.ids.alpha!, 'k003')).toEqual({
      forgotten: true,
      lost: ['its stored value', 'its notes', 'its tags']
    })
    expect(kit.inventory.getKey(stored.id)).toBeUndefined()
    expect(() => kit.vault.readSecret('key:k003')).toThrow()
    expect(() => kit.sync.forget(kit.ids.alpha!, 'k003')).toThrow(/not in Hubkeys/)
  })

  it('makes a missing key active again when a later listing has it, recording both in drift', async () => {
    let clock = 3_000_000
    const hub = newHub(2)
    const kit = await createSyncKit({ hubs: { alpha: hub }, now: () => clock })
    await kit.sync.syncAll()
    const key = hub.keys.get('k002')!
    hub.keys.delete('k002')
    clock += 1_000
    await kit.sync.syncAll()
    const id = kit.inventory.findKey(kit.ids.alpha!, 'main', 'k002')!.id
    expect(kit.inventory.getKey(id)?.status).toBe('missing')
    hub.keys.set('k002', key)
    clock += 1_000
    expect((await kit.sync.syncAll())[0]).toMatchObject({ outcome: 'ok', added: 1 })
    expect(kit.inventory.getKey(id)).toMatchObject({ status: 'active', syncedAt: clock })
    expect(kit.db.prepare('SELECT missing_since FROM keys WHERE id = ?').pluck().get(id)).toBeNull()
    expect(kit.sync.history({ keyId: id }).entries.map((e) => e.change)).toEqual([
      'added',
      'removed'
    ])
  })

  it('marks a connection stale once its last success is older than the limit', async () => {
    let clock = 10_000_000
    const kit = await createSyncKit({
      hubs: { alpha: newHub(1) },
      now: () => clock,
      sync: { staleAfterMs: () => 30_000 }
    })
    await kit.sync.syncAll()
    clock += 30_000
    expect(kit.statusOf('alpha').state).toBe('ok')
    clock += 1
    expect(kit.statusOf('alpha')).toMatchObject({ state: 'stale', cacheAgeMs: 30_001 })
  })

  it('reads the whole inventory, its status and history with every hub unreachable', async () => {
    let clock = 5_000_000
    const hubs = { a: newHub(5), b: newHub(6) }
    const kit = await createSyncKit({ hubs, now: () => clock })
    await kit.sync.syncAll()
    hubs.a.keys.get('k001')!.name = 'changed'
    clock += 1_000
    await kit.sync.syncAll()
    const cached = kit.inventory.listKeys()
    const history = kit.sync.history({})
    kit.hubs.clear()
    clock += 10_000
    const results = await kit.sync.syncAll()
    expect(results.map((result) => [result.outcome, result.error?.code])).toEqual([
      ['failed', 'UNAVAILABLE'],
      ['failed', 'UNAVAILABLE']
    ])
    expect(kit.inventory.listKeys()).toEqual(cached)
    expect(kit.sync.history({})).toEqual(history)
    expect(kit.sync.status().map((entry) => [entry.state, entry.keys, entry.cacheAgeMs])).toEqual([
      ['failed', 5, 10_000],
      ['failed', 6, 10_000]
    ])
  })

  it('syncs in the background at the interval until stopped', async () => {
    const hub = newHub(2)
    const kit = await createSyncKit({ hubs: { alpha: hub } })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    expect(() => kit.sync.startBackground(10)).toThrow(RangeError)
    kit.sync.startBackground(60_000)
    expect(kit.sync.backgroundRunning).toBe(true)
    await vi.advanceTimersByTimeAsync(59_000)
    expect(hub.listings).toBe(0)
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(kit.statusOf('alpha').state).toBe('ok'))
    expect(hub.listings).toBe(1)
    await vi.advanceTimersByTimeAsync(60_000)
    await vi.waitFor(() => expect(hub.listings).toBe(2))
    // Let the round finish: a new round would join a run still in flight.
    await vi.waitFor(() => expect(kit.statusOf('alpha').state).toBe('ok'))
    kit.sync.stopBackground()
    expect(kit.sync.backgroundRunning).toBe(false)
    await vi.advanceTimersByTimeAsync(300_000)
    expect(hub.listings).toBe(2)
    kit.sync.startBackground(60_000, { runNow: true })
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(() => expect(hub.listings).toBe(3))
    await kit.sync.close()
    expect(kit.sync.backgroundRunning).toBe(false)
  })
})
