// Tests of the SQLite sync store: staged keys apply by the inventory's upsert rules, snapshots prune, drift pages and cascades.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteSyncStore } from '../../../src-main/adapters/sqlite/sync.repository'
import type { HubKey } from '../../../src-main/contract/hubs.contract'
import type { KeyRecord } from '../../../src-main/core/ports/inventory-store.port'
import type { SyncStore } from '../../../src-main/core/ports/sync-store.port'
import { makeKey } from './sync-test-kit'

const openPair = () => {
  const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-sync-repo-')) })
  const inventory = createSqliteInventoryStore(db)
  const syncStore = createSqliteSyncStore(db)
  inventory.insertConnection({
    id: 'c1',
    name: 'one',
    kind: 'cycle',
    baseUrl: 'https://one.example',
    settings: {},
    tls: { allowInvalidCertificate: false },
    environment: 'dev',
    colour: '#000000',
    credentialSecretId: null
  })
  return { db, inventory, syncStore }
}

const comparable = ({ id: _id, ...record }: KeyRecord) => record

/**
 * One pull as the sync engine stages it: cached keys keep their ids, new ones take `newId(i)`;
 * `pages` splits the keys into that many stageKeys calls. Answers the stage to apply.
 */
const stagePull = (
  syncStore: SyncStore,
  keys: readonly HubKey[],
  newId: (index: number) => string,
  pages = 1
) => {
  const { stageId, cached } = syncStore.openStage('c1')
  const ids = new Map(cached.map((key) => [`${key.tenant}/${key.hubKeyId}`, key.id]))
  const staged = keys.map((key, i) => ({
    ...key,
    id: ids.get(`${key.tenant}/${key.hubKeyId}`) ?? newId(i)
  }))
  const size = Math.ceil(staged.length / pages)
  for (let start = 0; start < staged.length; start += size) {
    syncStore.stageKeys(stageId, JSON.stringify(staged.slice(start, start + size)))
  }
  return stageId
}

/** One field changed at a time, so "only the owner differs" and the like come up often. */
const patch = fc.oneof(
  // Text JSON escapes: staged keys travel as JSON and must be stored as upsertKey stores them.
  fc.record({ name: fc.constantFrom('a', 'b', 'q"uote\\ \u00e9 \u{1F600}\n\u0001') }),
  fc.record({
    headers: fc.constantFrom<HubKey['headers']>(
      [],
      [{ name: 'X-"Tag"', value: 'v\\1 \u00fc\t', enabled: true }]
    )
  }),
  fc.record({ status: fc.constantFrom('active' as const, 'inactive' as const) }),
  fc.record({ owner: fc.constantFrom(null, 'hub-owner', 'other-owner') }),
  fc.record({ fingerprint: fc.constantFrom(null, 'fp-1', 'fp-2') }),
  fc.record({ ipRules: fc.constantFrom<string[] | null>(null, [], ['10.0.0.0/8']) }),
  fc.record({ scopes: fc.constantFrom<string[]>([], ['read']) }),
  fc.record({ expiresAt: fc.constantFrom(null, 1_900_000_000_000) }),
  fc.record({ oddities: fc.constantFrom<string[]>([], ['odd']) })
)

describe('sync store', () => {
  it('writes synced keys exactly as upsertKey would, local fields included, over any sequence of hub states', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(patch, fc.constantFrom('none', 'notes', 'owner')), {
          minLength: 1,
          maxLength: 8
        }),
        (steps) => {
          const viaUpsert = openPair()
          const viaSync = openPair()
          let at = 1
          let key: HubKey = makeKey('k1', 'a', { tenant: 't' })
          for (const [change, local] of steps) {
            at += 1
            key = { ...key, ...change }
            viaUpsert.inventory.upsertKey('c1', key, { syncedAt: at })
            const stageId = stagePull(viaSync.syncStore, [key], () => 'new-id')
            viaSync.inventory.transaction(() =>
              viaSync.syncStore.applyStage(stageId, { syncedAt: at, markMissing: true })
            )
            viaSync.syncStore.dropStage(stageId)
            for (const { db } of [viaUpsert, viaSync]) {
              if (local === 'notes')
                db.prepare("UPDATE keys SET notes = 'n', tags = '[\"x\"]'").run()
              if (local === 'owner') db.prepare("UPDATE keys SET owner = 'local-owner'").run()
            }
            const [a] = viaUpsert.inventory.listKeys('c1')
            const [b] = viaSync.inventory.listKeys('c1')
            expect(comparable(b!)).toEqual(comparable(a!))
          }
          viaUpsert.db.close()
          viaSync.db.close()
        }
      ),
      { numRuns: 60 }
    )
  })

  it('only moves syncedAt on unchanged keys, and reports inserted, updated and unchanged', () => {
    const { db, inventory, syncStore } = openPair()
    const keys = [makeKey('a', 'A', { tenant: 't' }), makeKey('b', 'B', { tenant: 't' })]
    const firstStage = stagePull(syncStore, keys, (i) => `id-${i}`)
    const first = inventory.transaction(() =>
      syncStore.applyStage(firstStage, { syncedAt: 10, markMissing: true })
    )
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0, missing: 0, movedIds: [] })
    expect(inventory.listKeys('c1').map((key) => key.id)).toEqual(['id-0', 'id-1'])
    const ftsRows = () => db.prepare('SELECT count(*) FROM keys_fts').pluck().get()
    const before = ftsRows()
    const secondStage = stagePull(
      syncStore,
      [keys[0]!, { ...keys[1]!, name: 'B2' }],
      () => 'unused'
    )
    const second = inventory.transaction(() =>
      syncStore.applyStage(secondStage, { syncedAt: 20, markMissing: true })
    )
    expect(second).toEqual({ inserted: 0, updated: 1, unchanged: 1, missing: 0, movedIds: [] })
    expect(inventory.getKey('id-0')?.syncedAt).toBe(20)
    expect(inventory.getKey('id-1')).toMatchObject({ name: 'B2', syncedAt: 20 })
    expect(ftsRows()).toBe(before)
    const found = db
      .prepare(
        "SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH 'B2'"
      )
      .pluck()
      .all()
    expect(found).toEqual(['id-1'])
  })

  it('indexes keys it inserts in bulk for search, leaves no deferral behind, and marks missing in bulk', () => {
    const { db, inventory, syncStore } = openPair()
    // Staged over several pages, as a pull stages them.
    const keys = Array.from({ length: 2_345 }, (_, i) =>
      makeKey(`hub-${i}`, i === 2_000 ? 'grafana-writer' : `key-${i}`, { tenant: 't' })
    )
    const stageId = stagePull(syncStore, keys, (i) => `id-${i}`, 24)
    const written = inventory.transaction(() =>
      syncStore.applyStage(stageId, { syncedAt: 10, markMissing: true })
    )
    syncStore.dropStage(stageId)
    expect(written.inserted).toBe(2_345)
    expect(db.prepare('SELECT count(*) FROM keys_fts').pluck().get()).toBe(2_345)
    expect(db.prepare('SELECT count(*) FROM keys_fts_deferred').pluck().get()).toBe(0)
    const search = (query: string) =>
      db
        .prepare(
          'SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH ?'
        )
        .pluck()
        .all(query)
    expect(search('grafana')).toEqual(['id-2000'])
    // Every key carries its connection's token (migration 15), not the connection's name.
    const token = `\u{E000}${Buffer.from('c1').toString('hex').toUpperCase()}`
    expect(search(`"${token}"`)).toHaveLength(2_345)
    expect(search('one')).toEqual([])
    // A key added by hand afterwards is indexed by the trigger again.
    inventory.upsertKey('c1', makeKey('later', 'loki-reader', { tenant: 't' }))
    expect(search('loki')).toHaveLength(1)
    // The next complete listing lacks the first 1,500 and the key added by hand: they become
    // missing, the rest are touched.
    const next = stagePull(syncStore, keys.slice(1_500), () => 'unused', 9)
    const marked = inventory.transaction(() =>
      syncStore.applyStage(next, { syncedAt: 30, markMissing: true })
    )
    expect(marked).toMatchObject({ inserted: 0, updated: 0, unchanged: 845, missing: 1_501 })
    expect(
      db
        .prepare("SELECT count(*) FROM keys WHERE status = 'missing' AND missing_since = 30")
        .pluck()
        .get()
    ).toBe(1_501)
    expect(inventory.getKey('id-1500')).toMatchObject({ status: 'active', syncedAt: 30 })
  })

  it('builds the plain indexes again after a big first sync, and a failed one leaves them as they were', () => {
    const { db, inventory, syncStore } = openPair()
    const indexes = () =>
      db
        .prepare(
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'keys' ORDER BY name"
        )
        .all()
    const before = indexes()
    expect(before.length).toBeGreaterThan(8)
    const keys = Array.from({ length: 6_000 }, (_, i) =>
      makeKey(`hub-${i}`, `key-${String(i).padStart(4, '0')}`, { tenant: `t-${i % 7}` })
    )
    // A creation time that is not a whole number fails the insert at the last row: nothing is kept.
    const broken = [...keys, makeKey('hub-broken', 'broken', { tenant: 't', createdAt: 1.5 })]
    const failing = stagePull(syncStore, broken, (i) => `id-${i}`, 7)
    expect(() =>
      inventory.transaction(() =>
        syncStore.applyStage(failing, { syncedAt: 10, markMissing: true })
      )
    ).toThrow()
    syncStore.dropStage(failing)
    expect(indexes()).toEqual(before)
    expect(db.prepare('SELECT count(*) FROM keys').pluck().get()).toBe(0)

    const stageId = stagePull(syncStore, keys, (i) => `id-${i}`, 6)
    inventory.transaction(() => syncStore.applyStage(stageId, { syncedAt: 10, markMissing: true }))
    // Made again with the same definitions (SQLite keeps no IF NOT EXISTS in the schema's text).
    expect(indexes()).toEqual(before)
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM keys ORDER BY name COLLATE NOCASE, id LIMIT 50')
      .all() as { detail: string }[]
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/INDEX keys_name\b/)
    expect(
      db.prepare("SELECT count(*) FROM keys WHERE tenant = 't-3' COLLATE NOCASE").pluck().get()
    ).toBe(857)
  })

  it('keeps two stages of one connection apart and forgets every staged row once dropped', () => {
    const { db, inventory, syncStore } = openPair()
    // Enough keys to fill many pages of the temporary database.
    const many = Array.from({ length: 500 }, (_, i) =>
      makeKey(`a-${i}`, `key ${'a'.repeat(200)} ${i}`, { tenant: 't' })
    )
    const one = stagePull(syncStore, many, (i) => `id-a-${i}`)
    const two = stagePull(syncStore, [makeKey('b', 'B', { tenant: 't' })], () => 'id-b')
    inventory.transaction(() => syncStore.applyStage(two, { syncedAt: 10, markMissing: true }))
    expect(inventory.listKeys('c1').map((key) => key.id)).toEqual(['id-b'])
    const staged = () =>
      db
        .prepare(
          'SELECT (SELECT count(*) FROM temp.sync_stage) + (SELECT count(*) FROM temp.sync_before) + (SELECT count(*) FROM temp.sync_stages)'
        )
        .pluck()
        .get()
    syncStore.dropStage(one)
    syncStore.dropStage(two)
    syncStore.dropStage(two)
    expect(staged()).toBe(0)
    // The emptied temporary database gives its pages back instead of keeping them for good.
    expect(db.pragma('temp.freelist_count', { simple: true })).toBe(0)
    expect(() => syncStore.applyStage(one, { syncedAt: 20, markMissing: true })).toThrow()
  })

  it('leaves keys Hubkeys wrote while the pull ran as Hubkeys wrote them, and names their ids', () => {
    const { inventory, syncStore } = openPair()
    const edited = makeKey('e', 'edited', { tenant: 't' })
    const gone = makeKey('g', 'gone', { tenant: 't' })
    const kept = makeKey('k', 'kept', { tenant: 't' })
    const first = stagePull(syncStore, [edited, gone, kept], (i) => `id-${i}`)
    inventory.transaction(() => syncStore.applyStage(first, { syncedAt: 10, markMissing: true }))
    syncStore.dropStage(first)

    // The pull starts, then Hubkeys renames one key and creates another at the hub.
    const created = makeKey('c', 'created', { tenant: 't' })
    const stageId = stagePull(
      syncStore,
      [{ ...edited, name: 'old page data' }, { ...created, name: 'old page data' }, kept],
      () => 'pulled-id'
    )
    inventory.upsertKey('c1', { ...edited, name: 'renamed in Hubkeys' }, { syncedAt: 15 })
    const createdId = inventory.upsertKey('c1', created, { syncedAt: 15 }).id
    const applied = inventory.transaction(() =>
      syncStore.applyStage(stageId, { syncedAt: 20, markMissing: true })
    )
    expect(applied).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
      missing: 1,
      movedIds: [{ tenant: 't', hubKeyId: 'c', id: createdId }]
    })
    expect(inventory.getKey('id-0')).toMatchObject({ name: 'renamed in Hubkeys', syncedAt: 15 })
    expect(inventory.getKey(createdId)).toMatchObject({ name: 'created', syncedAt: 15 })
    expect(inventory.getKey('id-1')).toMatchObject({ status: 'missing', syncedAt: 10 })
    expect(inventory.getKey('id-2')).toMatchObject({ status: 'active', syncedAt: 20 })
  })

  it("lists only the asked-for keys of one connection, in the inventory's name order", () => {
    const { inventory } = openPair()
    inventory.insertConnection({
      id: 'c2',
      name: 'two',
      kind: 'cycle',
      baseUrl: 'https://two.example',
      settings: {},
      tls: { allowInvalidCertificate: false },
      environment: 'dev',
      colour: '#000000',
      credentialSecretId: null
    })
    const [beta, alpha, gamma] = ['beta', 'Alpha', 'gamma'].map((name) =>
      inventory.upsertKey('c1', makeKey(`hub-${name}`, name, { tenant: 't' }))
    )
    const elsewhere = inventory.upsertKey('c2', makeKey('hub-x', 'aaa', { tenant: 't' }))
    const listed = inventory.listKeysById('c1', [beta!.id, elsewhere.id, alpha!.id, 'no-such-id'])
    expect(listed.map((key) => key.name)).toEqual(['Alpha', 'beta'])
    expect(inventory.listKeysById('c1', [])).toEqual([])
    expect(inventory.listKeysById('c1', [gamma!.id])[0]).toEqual(inventory.getKey(gamma!.id))
  })

  it('indexes bulk inserts by id when new rows cannot take rowids after the largest', () => {
    const { db, inventory, syncStore } = openPair()
    // With the largest rowid taken, SQLite picks new rowids at random, so no range holds them all.
    db.prepare(
      `INSERT INTO keys (rowid, id, connection_id, tenant, hub_key_id, name, status, synced_at)
       VALUES (9223372036854775807, 'top', 'c1', 't', 'top', 'tempo-admin', 'active', 1)`
    ).run()
    const keys = Array.from({ length: 1_234 }, (_, i) =>
      makeKey(`hub-${i}`, i === 1_000 ? 'mimir-writer' : `key-${i}`, { tenant: 't' })
    )
    const stageId = stagePull(syncStore, keys, (i) => `id-${i}`, 3)
    inventory.transaction(() => syncStore.applyStage(stageId, { syncedAt: 10, markMissing: false }))
    const search = (query: string) =>
      db
        .prepare(
          'SELECT k.id FROM keys_fts f JOIN keys k ON k.rowid = f.rowid WHERE keys_fts MATCH ?'
        )
        .pluck()
        .all(query)
    expect(search('mimir')).toEqual(['id-1000'])
    expect(search('tempo')).toEqual(['top'])
    expect(search('key')).toHaveLength(1_233)
    expect(db.prepare('SELECT count(*) FROM keys_fts').pluck().get()).toBe(1_235)
  })

  it('keeps the newest snapshots, pages drift by seq and forgets both with the connection', () => {
    const { inventory, syncStore } = openPair()
    for (let i = 1; i <= 4; i += 1) {
      syncStore.insertRun({
        id: `run-${i}`,
        connectionId: 'c1',
        startedAt: i,
        finishedAt: i,
        outcome: 'ok',
        errorCode: null,
        error: null,
        pages: 1,
        keysSeen: 0,
        added: 0,
        removed: 0,
        changed: 0
      })
      syncStore.putSnapshot({
        syncRunId: `run-${i}`,
        connectionId: 'c1',
        takenAt: i,
        keyCount: 0,
        body: Buffer.from([i])
      })
      syncStore.insertDrift('c1', `run-${i}`, i, [
        {
          keyId: 'k',
          tenant: '',
          hubKeyId: 'h',
          keyName: 'n',
          change: 'renamed',
          before: `n${i - 1}`,
          after: `n${i}`
        }
      ])
    }
    expect(syncStore.pruneSnapshots('c1', 2)).toBe(2)
    expect(syncStore.latestSnapshot('c1')).toMatchObject({
      syncRunId: 'run-4',
      body: Buffer.from([4])
    })
    expect(syncStore.listRuns('c1', 10).map((run) => run.id)).toEqual([
      'run-4',
      'run-3',
      'run-2',
      'run-1'
    ])
    const page = syncStore.listDrift({ keyId: 'k', limit: 2 })
    expect(page.map((row) => row.after)).toEqual(['n4', 'n3'])
    const next = syncStore.listDrift({ keyId: 'k', limit: 2, before: page[1]!.seq })
    expect(next.map((row) => row.after)).toEqual(['n2', 'n1'])
    expect(syncStore.latestRuns()).toEqual([
      expect.objectContaining({
        connectionId: 'c1',
        lastRun: expect.objectContaining({ id: 'run-4' }),
        lastOk: expect.objectContaining({ id: 'run-4' })
      })
    ])
    inventory.deleteConnection('c1')
    expect(syncStore.latestSnapshot('c1')).toBeUndefined()
    expect(syncStore.listDrift({ connectionId: 'c1', limit: 10 })).toEqual([])
    expect(syncStore.latestRuns()).toEqual([])
  })
})
