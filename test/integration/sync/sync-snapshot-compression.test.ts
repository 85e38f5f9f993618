// Integration test of when a sync compresses its snapshot, on the real SQLite store: a first sync's page by page while it pulls, a later one's only when the listing changed.
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../src-main/core/ports/logger.port'
import { platform } from '../../../src-main/core/ports/platform.port'
import { createSyncApplier } from '../../../src-main/core/sync/sync-apply'
import { createTimeOrderedIds } from '../../../src-main/core/sync/time-ordered-id'
import { createSyncKit, makeKey, newHub } from './sync-test-kit'

describe('sync snapshot compression', () => {
  it("compresses a first sync's snapshot while it pulls, and a later one's only when it changed", async () => {
    const kit = await createSyncKit({ hubs: { a: newHub() } })
    const applier = createSyncApplier({
      inventory: kit.inventory,
      syncStore: kit.syncStore,
      now: () => 1_000,
      newId: createTimeOrderedIds(),
      logger: silentLogger,
      keepSnapshots: 3
    })
    const deflateStream = vi.spyOn(platform(), 'deflateStream')
    const deflate = vi.spyOn(platform(), 'deflate')
    /** One complete listing of connection a, in two pages. */
    const sync = async (names: string[]) => {
      const pull = applier.begin(kit.ids.a!)
      try {
        pull.add([makeKey(names[0]!, 'first')], 'main')
        pull.add(
          names.slice(1).map((name) => makeKey(name, name)),
          'main'
        )
        const prepared = await applier.prepare(pull, true)
        return applier.apply(pull, 1_000, 2, prepared)
      } finally {
        pull.close()
      }
    }
    const compressions = () => [deflateStream.mock.calls.length, deflate.mock.calls.length]
    expect(await sync(['a1', 'a2', 'a3'])).toMatchObject({ outcome: 'ok', added: 3 })
    expect(compressions()).toEqual([1, 0])
    expect((await kit.snapshotKeys('a'))?.map((key) => key.hubKeyId)).toEqual(['a1', 'a2', 'a3'])
    // The same listing again reuses the stored body; a changed one is compressed once, whole.
    expect(await sync(['a1', 'a2', 'a3'])).toMatchObject({ outcome: 'ok', changed: 0 })
    expect(compressions()).toEqual([1, 0])
    expect(await sync(['a1', 'a3', 'a4'])).toMatchObject({ added: 1, removed: 1 })
    expect(compressions()).toEqual([1, 1])
    expect((await kit.snapshotKeys('a'))?.map((key) => key.hubKeyId)).toEqual(['a1', 'a3', 'a4'])
  })
})
