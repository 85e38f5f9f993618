// Integration tests of grouped applies on the real SQLite store: listings that end together commit in one transaction, yet each keeps its own outcome, and a cancelled one writes nothing.
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../src-main/core/ports/logger.port'
import { ApplyCancelled, createSyncApplier } from '../../../src-main/core/sync/sync-apply'
import { createTimeOrderedIds } from '../../../src-main/core/sync/time-ordered-id'
import { createSyncKit, gateOn, makeKey, newHub } from './sync-test-kit'

describe('grouped sync applies', () => {
  it('applies connections whose listings end together in one transaction, each with its own run', async () => {
    const hubs = { a: newHub(5), b: newHub(4), c: newHub(6) }
    const kit = await createSyncKit({ hubs })
    const transaction = vi.spyOn(kit.inventory, 'transaction')
    // Each hub holds its last page until all three are there, so the listings end together.
    const gates = Object.values(hubs).map((hub) => gateOn(hub, 2))
    const running = kit.sync.syncAll()
    await Promise.all(gates.map((gate) => gate.atGate))
    for (const gate of gates) gate.open()
    const results = await running
    expect(results.map((result) => [result.outcome, result.keys, result.added])).toEqual([
      ['ok', 5, 5],
      ['ok', 4, 4],
      ['ok', 6, 6]
    ])
    expect(transaction).toHaveBeenCalledTimes(1)
    for (const [name, hub] of Object.entries(hubs)) {
      expect(kit.cache(name).map((key) => key.hubKeyId)).toEqual([...hub.keys.keys()])
      expect(kit.syncStore.listRuns(kit.ids[name]!, 5).map((run) => run.outcome)).toEqual(['ok'])
      expect((await kit.snapshotKeys(name))?.length).toBe(hub.keys.size)
    }
  })

  it('undoes a group when one of its listings fails to save, then saves each alone: only that one fails', async () => {
    const hubs = { a: newHub(5), b: newHub(4), c: newHub(6) }
    const kit = await createSyncKit({ hubs })
    const putSnapshot = kit.syncStore.putSnapshot.bind(kit.syncStore)
    vi.spyOn(kit.syncStore, 'putSnapshot').mockImplementation((snapshot) => {
      if (snapshot.connectionId === kit.ids.b) throw new Error('disk trouble on b')
      putSnapshot(snapshot)
    })
    const transaction = vi.spyOn(kit.inventory, 'transaction')
    const gates = Object.values(hubs).map((hub) => gateOn(hub, 2))
    const running = kit.sync.syncAll()
    await Promise.all(gates.map((gate) => gate.atGate))
    for (const gate of gates) gate.open()
    const results = await running
    expect(results.map((result) => result.outcome)).toEqual(['ok', 'failed', 'ok'])
    expect(results[1]?.error?.code).toBe('INTERNAL')
    // The group (rolled back), then a, b and c one by one.
    expect(transaction).toHaveBeenCalledTimes(4)
    expect(kit.cache('a')).toHaveLength(5)
    expect(kit.cache('b')).toEqual([])
    expect(kit.cache('c')).toHaveLength(6)
    expect(kit.syncStore.latestSnapshot(kit.ids.b!)).toBeUndefined()
    expect(kit.syncStore.listRuns(kit.ids.a!, 5)).toHaveLength(1)
  })

  it('writes nothing for a listing cancelled while it waited for its turn, and applies the others', async () => {
    const kit = await createSyncKit({ hubs: { a: newHub(), b: newHub() } })
    const applier = createSyncApplier({
      inventory: kit.inventory,
      syncStore: kit.syncStore,
      now: () => 1_000,
      newId: createTimeOrderedIds(),
      logger: silentLogger,
      keepSnapshots: 3
    })
    const ready = async (name: string, cancelled: boolean) => {
      const pull = applier.begin(kit.ids[name]!)
      pull.add([makeKey(`${name}1`, `${name} one`), makeKey(`${name}2`, `${name} two`)], 'main')
      const prepared = await applier.prepare(pull, true)
      return {
        pull,
        job: { pull, startedAt: 1_000, pages: 1, prepared, cancelled: () => cancelled }
      }
    }
    const a = await ready('a', true)
    const b = await ready('b', false)
    const [cancelled, applied] = await Promise.allSettled([
      applier.applyReady(a.job),
      applier.applyReady(b.job)
    ])
    a.pull.close()
    b.pull.close()
    expect(cancelled).toMatchObject({ status: 'rejected', reason: expect.any(ApplyCancelled) })
    expect(applied).toMatchObject({ status: 'fulfilled', value: { outcome: 'ok', added: 2 } })
    expect(kit.cache('a')).toEqual([])
    expect(kit.syncStore.listRuns(kit.ids.a!, 5)).toEqual([])
    expect(kit.cache('b').map((key) => key.hubKeyId)).toEqual(['b1', 'b2'])
  })
})
