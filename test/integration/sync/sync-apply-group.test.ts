// Integration tests of sync applies on the real SQLite store: listings ready together commit in one transaction yet each keeps its own outcome, a cancelled one writes nothing, and snapshot bodies are compressed during the pull or reused.
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../src-main/core/ports/logger.port'
import { platform } from '../../../src-main/core/ports/platform.port'
import { ApplyCancelled, createSyncApplier } from '../../../src-main/core/sync/sync-apply'
import { createTimeOrderedIds } from '../../../src-main/core/sync/time-ordered-id'
import { createSyncKit, makeKey, newHub } from './sync-test-kit'

/** A real store with connections a, b and c, and an applier on it. */
const setUp = async () => {
  const kit = await createSyncKit({ hubs: { a: newHub(), b: newHub(), c: newHub() } })
  const applier = createSyncApplier({
    inventory: kit.inventory,
    syncStore: kit.syncStore,
    now: () => 1_000,
    newId: createTimeOrderedIds(),
    logger: silentLogger,
    keepSnapshots: 3
  })
  /** A complete listing of two keys for connection `name`, pulled and prepared. */
  const ready = async (name: string, cancelled = false) => {
    const pull = applier.begin(kit.ids[name]!)
    pull.add([makeKey(`${name}1`, `${name} one`), makeKey(`${name}2`, `${name} two`)], 'main')
    const prepared = await applier.prepare(pull, true)
    return { pull, startedAt: 1_000, pages: 1, prepared, cancelled: () => cancelled }
  }
  return { kit, applier, ready }
}

describe('grouped sync applies', () => {
  it('applies listings that are ready on the same turn in one transaction, each with its own run', async () => {
    const { kit, applier, ready } = await setUp()
    const jobs = [await ready('a'), await ready('b'), await ready('c')]
    const transaction = vi.spyOn(kit.inventory, 'transaction')
    const runs = await Promise.all(jobs.map((job) => applier.applyReady(job)))
    for (const job of jobs) job.pull.close()
    expect(transaction).toHaveBeenCalledTimes(1)
    expect(runs.map((run) => [run.connectionId, run.outcome, run.added])).toEqual(
      ['a', 'b', 'c'].map((name) => [kit.ids[name], 'ok', 2])
    )
    for (const name of ['a', 'b', 'c']) {
      expect(kit.cache(name).map((key) => key.hubKeyId)).toEqual([`${name}1`, `${name}2`])
      expect(kit.syncStore.listRuns(kit.ids[name]!, 5)).toHaveLength(1)
      expect((await kit.snapshotKeys(name))?.map((key) => key.hubKeyId)).toEqual([
        `${name}1`,
        `${name}2`
      ])
    }
  })

  it('undoes a group when one of its listings fails to save, then saves each alone: only that one fails', async () => {
    const { kit, applier, ready } = await setUp()
    const putSnapshot = kit.syncStore.putSnapshot.bind(kit.syncStore)
    vi.spyOn(kit.syncStore, 'putSnapshot').mockImplementation((snapshot) => {
      if (snapshot.connectionId === kit.ids.b) throw new Error('disk trouble on b')
      putSnapshot(snapshot)
    })
    const jobs = [await ready('a'), await ready('b'), await ready('c')]
    const transaction = vi.spyOn(kit.inventory, 'transaction')
    const outcomes = await Promise.allSettled(jobs.map((job) => applier.applyReady(job)))
    for (const job of jobs) job.pull.close()
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled'
    ])
    expect(outcomes[1]).toMatchObject({ reason: new Error('disk trouble on b') })
    // The group (rolled back), then a, b and c one by one.
    expect(transaction).toHaveBeenCalledTimes(4)
    expect(kit.cache('a')).toHaveLength(2)
    expect(kit.cache('b')).toEqual([])
    expect(kit.cache('c')).toHaveLength(2)
    expect(kit.syncStore.latestSnapshot(kit.ids.b!)).toBeUndefined()
    expect(kit.syncStore.listRuns(kit.ids.b!, 5)).toEqual([])
    expect(kit.syncStore.listRuns(kit.ids.a!, 5)).toHaveLength(1)
  })

  it('writes nothing for a listing cancelled while it waited for its turn, and applies the others', async () => {
    const { kit, applier, ready } = await setUp()
    const jobs = [await ready('a', true), await ready('b')]
    const [cancelled, applied] = await Promise.allSettled(
      jobs.map((job) => applier.applyReady(job))
    )
    for (const job of jobs) job.pull.close()
    expect(cancelled).toMatchObject({ status: 'rejected', reason: expect.any(ApplyCancelled) })
    expect(applied).toMatchObject({ status: 'fulfilled', value: { outcome: 'ok', added: 2 } })
    expect(kit.cache('a')).toEqual([])
    expect(kit.syncStore.listRuns(kit.ids.a!, 5)).toEqual([])
    expect(kit.cache('b').map((key) => key.hubKeyId)).toEqual(['b1', 'b2'])
  })

  it("compresses a first sync's snapshot while it pulls, and a later one's only when it changed", async () => {
    const { kit, applier } = await setUp()
    const deflateStream = vi.spyOn(platform(), 'deflateStream')
    const deflate = vi.spyOn(platform(), 'deflate')
    const sync = async (names: string[]) => {
      const pull = applier.begin(kit.ids.a!)
      pull.add([makeKey(names[0]!, 'first')], 'main')
      pull.add(
        names.slice(1).map((name) => makeKey(name, name)),
        'main'
      )
      const prepared = await applier.prepare(pull, true)
      const run = await applier.applyReady({
        pull,
        startedAt: 1_000,
        pages: 2,
        prepared,
        cancelled: () => false
      })
      pull.close()
      return run
    }
    expect(await sync(['a1', 'a2', 'a3'])).toMatchObject({ outcome: 'ok', added: 3 })
    expect([deflateStream.mock.calls.length, deflate.mock.calls.length]).toEqual([1, 0])
    expect((await kit.snapshotKeys('a'))?.map((key) => key.hubKeyId)).toEqual(['a1', 'a2', 'a3'])
    // The same listing again reuses the stored body; a changed one is compressed once, whole.
    expect(await sync(['a1', 'a2', 'a3'])).toMatchObject({ outcome: 'ok', changed: 0 })
    expect([deflateStream.mock.calls.length, deflate.mock.calls.length]).toEqual([1, 0])
    expect(await sync(['a1', 'a3', 'a4'])).toMatchObject({ added: 1, removed: 1 })
    expect([deflateStream.mock.calls.length, deflate.mock.calls.length]).toEqual([1, 1])
    expect((await kit.snapshotKeys('a'))?.map((key) => key.hubKeyId)).toEqual(['a1', 'a3', 'a4'])
  })

  it('syncs several connections at once, each into its own keys and run', async () => {
    const hubs = { a: newHub(5), b: newHub(4), c: newHub(6) }
    const kit = await createSyncKit({ hubs })
    const results = await kit.sync.syncAll()
    expect(results.map((result) => [result.outcome, result.keys, result.added])).toEqual([
      ['ok', 5, 5],
      ['ok', 4, 4],
      ['ok', 6, 6]
    ])
    for (const [name, hub] of Object.entries(hubs)) {
      expect(kit.cache(name).map((key) => key.hubKeyId)).toEqual([...hub.keys.keys()])
      expect(kit.syncStore.listRuns(kit.ids[name]!, 5).map((run) => run.outcome)).toEqual(['ok'])
    }
  })
})
