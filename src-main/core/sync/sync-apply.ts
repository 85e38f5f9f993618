// Turns one finished pull into cache writes: ids for new keys, the comparison with the previous snapshot, and the one transaction that applies it; runs in main.
import type { HubKey } from '../../contract/hubs.contract'
import type { InventoryStore } from '../ports/inventory-store.port'
import type { Logger } from '../ports/logger.port'
import type {
  KeyStamp,
  SnapshotKey,
  SyncedKeyWrite,
  SyncRunRecord,
  SyncStore
} from '../ports/sync-store.port'
import { diffKeyLists, keyIdentity, type KeyListDiff } from './drift'
import {
  compressSnapshot,
  encodeSnapshotSync,
  inflateSnapshot,
  parseSnapshot,
  snapshotJson
} from './snapshot-codec'

export interface SyncApplyOptions {
  inventory: InventoryStore
  syncStore: SyncStore
  now: () => number
  newId: () => string
  logger: Logger
  keepSnapshots: number
  onKeysRemoved?: (removed: readonly KeyStamp[]) => void
}

export interface Prepared {
  /** The previous snapshot's keys, when there is a readable one. */
  previous: SnapshotKey[] | undefined
  snapshotKeys: SnapshotKey[]
  body: Buffer
  diff: KeyListDiff | undefined
}

export interface SyncApplier {
  /** The cache's keys of a connection by identity, read before a pull starts. */
  stampsByIdentity(connectionId: string): Map<string, KeyStamp>
  prepare(
    connectionId: string,
    fetched: ReadonlyMap<string, HubKey>,
    before: ReadonlyMap<string, KeyStamp>
  ): Promise<Prepared>
  apply(
    connectionId: string,
    startedAt: number,
    pages: number,
    prepared: Prepared,
    before: ReadonlyMap<string, KeyStamp>
  ): SyncRunRecord
}

/** Equal stored column lists (primitives from the store). */
const sameValues = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index])

export const createSyncApplier = (options: SyncApplyOptions): SyncApplier => {
  const { inventory, syncStore, now, newId, logger, keepSnapshots } = options

  const stampsByIdentity = (connectionId: string): Map<string, KeyStamp> =>
    new Map(syncStore.keyStamps(connectionId).map((stamp) => [keyIdentity(stamp), stamp]))

  const unreadable = (connectionId: string, error: unknown) =>
    // An unreadable old snapshot only costs one round of drift; this sync becomes the baseline.
    logger.log('warn', 'the previous snapshot could not be read', {
      connectionId,
      error: error instanceof Error ? error.message : String(error)
    })

  /**
   * The work of applying that needs no transaction, done first and partly in the thread pool so
   * other connections keep pulling meanwhile: give keys new to the cache their ids, read the
   * previous snapshot, compare, compress. A pull identical to the previous snapshot (the usual
   * re-sync) is recognised by its text and reuses the stored body.
   */
  const prepare: SyncApplier['prepare'] = async (connectionId, fetched, before) => {
    const snapshotKeys = [...fetched].map(([identity, key]): SnapshotKey => ({
      ...key,
      id: before.get(identity)?.id ?? newId()
    }))
    const json = snapshotJson(snapshotKeys)
    const stored = syncStore.latestSnapshot(connectionId)
    let previousJson: string | undefined
    if (stored) {
      try {
        previousJson = await inflateSnapshot(stored.body)
      } catch (error) {
        unreadable(connectionId, error)
      }
    }
    if (stored && previousJson === json) {
      return {
        previous: snapshotKeys,
        snapshotKeys,
        body: stored.body,
        diff: { rows: [], added: 0, removed: 0, changed: 0 }
      }
    }
    let previous: SnapshotKey[] | undefined
    if (previousJson !== undefined) {
      try {
        previous = parseSnapshot(previousJson)
      } catch (error) {
        unreadable(connectionId, error)
      }
    }
    return {
      previous,
      snapshotKeys,
      body: await compressSnapshot(json),
      diff: previous ? diffKeyLists(previous, snapshotKeys) : undefined
    }
  }

  /**
   * Applies one finished pull: every write of it commits together or not at all. Keys created or
   * edited by Hubkeys while the pull ran (their stamp differs from the one read before it) are
   * neither overwritten with the older page data nor removed.
   */
  const apply: SyncApplier['apply'] = (connectionId, startedAt, pages, prepared, before) =>
    inventory.transaction(() => {
      const at = now()
      const stamps = syncStore.keyStamps(connectionId)
      const current = new Map(stamps.map((stamp) => [keyIdentity(stamp), stamp]))
      const touchedDuringPull = (identity: string, stamp: KeyStamp): boolean => {
        const old = before.get(identity)
        return !old || old.id !== stamp.id || !sameValues(old.stored, stamp.stored)
      }
      const keys = [...prepared.snapshotKeys]
      let idsMoved = false
      const writes: SyncedKeyWrite[] = []
      const writtenAt: number[] = []
      const seen = new Set<string>()
      keys.forEach((key, index) => {
        const identity = keyIdentity(key)
        seen.add(identity)
        const stamp = current.get(identity)
        if (stamp && touchedDuringPull(identity, stamp)) {
          if (stamp.id !== key.id) {
            keys[index] = { ...key, id: stamp.id }
            idsMoved = true
          }
          return
        }
        writes.push({ key, id: key.id })
        writtenAt.push(index)
      })
      const written = syncStore.writeSyncedKeys(connectionId, writes, at, stamps)
      written.ids.forEach((id, i) => {
        const index = writtenAt[i] as number
        const key = keys[index] as SnapshotKey
        if (key.id !== id) {
          keys[index] = { ...key, id }
          idsMoved = true
        }
      })
      const removed: KeyStamp[] = []
      for (const [identity, stamp] of current) {
        if (seen.has(identity) || touchedDuringPull(identity, stamp)) continue
        inventory.deleteKey(stamp.id)
        removed.push(stamp)
      }
      if (removed.length > 0) options.onKeysRemoved?.(removed)

      // Ids differ from the prepared ones only when Hubkeys wrote keys during the pull (rare).
      const body = idsMoved ? encodeSnapshotSync(keys) : prepared.body
      // The first snapshot is the baseline: there is no earlier hub state to compare with.
      const diff: KeyListDiff = prepared.previous
        ? idsMoved
          ? diffKeyLists(prepared.previous, keys)
          : (prepared.diff as KeyListDiff)
        : { rows: [], added: written.inserted, removed: removed.length, changed: 0 }
      const run: SyncRunRecord = {
        id: newId(),
        connectionId,
        startedAt,
        finishedAt: at,
        outcome: 'ok',
        errorCode: null,
        error: null,
        pages,
        keysSeen: keys.length,
        added: diff.added,
        removed: diff.removed,
        changed: diff.changed
      }
      syncStore.insertRun(run)
      if (diff.rows.length > 0) syncStore.insertDrift(connectionId, run.id, at, diff.rows)
      syncStore.putSnapshot({
        syncRunId: run.id,
        connectionId,
        takenAt: at,
        keyCount: keys.length,
        body
      })
      syncStore.pruneSnapshots(connectionId, keepSnapshots)
      return run
    })

  return { stampsByIdentity, prepare, apply }
}
