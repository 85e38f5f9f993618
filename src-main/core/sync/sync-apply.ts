// Turns one pull (complete, or ended early) into cache writes: ids for new keys, the comparison with the previous snapshot, and the one transaction that applies it; runs in main.
import type { HubKey } from '../../contract/hubs.contract'
import type { AppErrorBody } from '../../contract/result'
import type { PartialSync } from '../../contract/sync.contract'
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
}

/** How a listing that did not reach the end of the hub's paging ended. */
export interface EarlyEnd extends PartialSync {
  /** The error that ended it (none for a cancel). */
  error?: AppErrorBody
}

export interface Prepared {
  /** The previous snapshot's keys, when there is a readable one. */
  previous: SnapshotKey[] | undefined
  snapshotKeys: SnapshotKey[]
  /** Identities of the keys this pull saw; the snapshot may hold more after an early end. */
  pulled: ReadonlySet<string>
  body: Buffer
  diff: KeyListDiff | undefined
}

export interface SyncApplier {
  /** The cache's keys of a connection by identity, read before a pull starts. */
  stampsByIdentity(connectionId: string): Map<string, KeyStamp>
  /** `complete`: the hub's paging said the listing ended; otherwise only `fetched` is known. */
  prepare(
    connectionId: string,
    fetched: ReadonlyMap<string, HubKey>,
    before: ReadonlyMap<string, KeyStamp>,
    complete: boolean
  ): Promise<Prepared>
  /**
   * `early`: the listing ended before the hub's paging said so; nothing is marked missing.
   * `roleNames`: the names the hub gives its role ids, when this listing read them.
   */
  apply(
    connectionId: string,
    startedAt: number,
    pages: number,
    prepared: Prepared,
    before: ReadonlyMap<string, KeyStamp>,
    early?: EarlyEnd,
    roleNames?: ReadonlyMap<string, string>
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
   * re-sync) is recognised by its text and reuses the stored body. A listing that ended early
   * becomes the previous snapshot with the keys it saw laid over it, so it records no removals.
   */
  const prepare: SyncApplier['prepare'] = async (connectionId, fetched, before, complete) => {
    const pulled = [...fetched].map(([identity, key]): SnapshotKey => ({
      ...key,
      id: before.get(identity)?.id ?? newId()
    }))
    const stored = syncStore.latestSnapshot(connectionId)
    let previousJson: string | undefined
    if (stored) {
      try {
        previousJson = await inflateSnapshot(stored.body)
      } catch (error) {
        unreadable(connectionId, error)
      }
    }
    let previous: SnapshotKey[] | undefined
    const readPrevious = () => {
      if (previousJson === undefined) return undefined
      try {
        return parseSnapshot(previousJson)
      } catch (error) {
        unreadable(connectionId, error)
        return undefined
      }
    }
    let snapshotKeys = pulled
    if (!complete) {
      previous = readPrevious()
      const fresh = new Map(pulled.map((key) => [keyIdentity(key), key]))
      const kept = (previous ?? []).map((key) => fresh.get(keyIdentity(key)) ?? key)
      const known = new Set(kept.map(keyIdentity))
      snapshotKeys = [...kept, ...pulled.filter((key) => !known.has(keyIdentity(key)))]
    }
    const json = snapshotJson(snapshotKeys)
    if (stored && previousJson === json) {
      return {
        previous: snapshotKeys,
        snapshotKeys,
        pulled: new Set(fetched.keys()),
        body: stored.body,
        diff: { rows: [], added: 0, removed: 0, changed: 0 }
      }
    }
    if (complete) previous = readPrevious()
    return {
      previous,
      snapshotKeys,
      pulled: new Set(fetched.keys()),
      body: await compressSnapshot(json),
      diff: previous ? diffKeyLists(previous, snapshotKeys) : undefined
    }
  }

  /**
   * Applies one pull: every write of it (role names included) commits together or not at all, so a
   * sync killed at any point leaves the cache as it was. Keys created or edited by Hubkeys while the
   * pull ran (their stamp differs from the one read before it) are neither overwritten with the
   * older page data nor marked missing. Absence is never deletion: a key a complete listing lacks
   * keeps its row, value, notes and tags as `missing`; a listing that ended early marks nothing
   * missing.
   */
  const apply: SyncApplier['apply'] = (
    connectionId,
    startedAt,
    pages,
    prepared,
    before,
    early,
    roleNames
  ) =>
    inventory.transaction(() => {
      const at = now()
      // Names first, so the keys written next are indexed for search with them once; written after
      // the keys, each new name would index again every key holding that role.
      if (roleNames) syncStore.replaceRoleNames(connectionId, roleNames)
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
      // After an early end the snapshot also holds keys this pull did not see: write only the seen.
      keys.forEach((key, index) => {
        const identity = keyIdentity(key)
        if (early && !prepared.pulled.has(identity)) return
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
      const missing: string[] = []
      if (!early) {
        for (const [identity, stamp] of current) {
          if (seen.has(identity) || touchedDuringPull(identity, stamp)) continue
          if (stamp.missingSince !== null || stamp.deletedAt !== null) continue
          missing.push(stamp.id)
        }
        syncStore.markMissing(missing, at)
      }

      // Ids differ from the prepared ones only when Hubkeys wrote keys during the pull (rare).
      const body = idsMoved ? encodeSnapshotSync(keys) : prepared.body
      // The first snapshot is the baseline: there is no earlier hub state to compare with.
      const diff: KeyListDiff = prepared.previous
        ? idsMoved
          ? diffKeyLists(prepared.previous, keys)
          : (prepared.diff as KeyListDiff)
        : { rows: [], added: written.inserted, removed: missing.length, changed: 0 }
      const run: SyncRunRecord = {
        id: newId(),
        connectionId,
        startedAt,
        finishedAt: at,
        outcome: early ? 'partial' : 'ok',
        errorCode: early?.error?.code ?? null,
        error: early ? early.message : null,
        pages,
        keysSeen: early ? prepared.pulled.size : keys.length,
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
