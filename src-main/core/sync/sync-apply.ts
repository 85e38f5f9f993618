// Turns one pull (complete, or ended early) into cache writes: ids for new keys, the comparison with the previous snapshot, and the one transaction that applies it; runs in main.
import type { HubKey } from '../../contract/hubs.contract'
import type { AppErrorBody } from '../../contract/result'
import type { PartialSync } from '../../contract/sync.contract'
import type { InventoryStore } from '../ports/inventory-store.port'
import type { Logger } from '../ports/logger.port'
import type {
  SnapshotKey,
  SnapshotRecord,
  SyncRunRecord,
  SyncStore
} from '../ports/sync-store.port'
import { diffKeyLists, keyIdentity, type KeyListDiff } from './drift'
import {
  compressSnapshot,
  encodeSnapshotSync,
  inflateSnapshot,
  parseSnapshot,
  snapshotJson,
  snapshotJsonOfPages,
  startSnapshotCompression,
  type SnapshotCompression
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

/**
 * One connection's pull in progress: each page's keys get their ids and are staged in the store as
 * they arrive, while the next page is on its way, so applying the finished pull is a few set-based
 * statements instead of work per key. Closing it forgets the staged keys, whatever happened.
 */
export interface Pull {
  readonly connectionId: string
  /** Keys seen so far. */
  readonly size: number
  /** Gives one page's keys their ids and stages them; `tenant` fills keys that carry none. */
  add(keys: readonly HubKey[], tenant: string): void
  close(): void
}

export interface Prepared {
  /** The previous snapshot's keys, when there is a readable one and they are needed. */
  previous: SnapshotKey[] | undefined
  /** This sync's snapshot; built only when the listing differs from the previous one. */
  snapshotKeys: () => SnapshotKey[]
  /** How many keys the snapshot holds. */
  keyCount: number
  body: Buffer
  diff: KeyListDiff | undefined
}

export interface SyncApplier {
  /** Starts a pull of a connection: reads its cached ids and its last snapshot meanwhile. */
  begin(connectionId: string): Pull
  /** `complete`: the hub's paging said the listing ended; otherwise only what was pulled is known. */
  prepare(pull: Pull, complete: boolean): Promise<Prepared>
  /**
   * `early`: the listing ended before the hub's paging said so; nothing is marked missing.
   * `roleNames`: the names the hub gives its role ids, when this listing read them.
   */
  apply(
    pull: Pull,
    startedAt: number,
    pages: number,
    prepared: Prepared,
    early?: EarlyEnd,
    roleNames?: ReadonlyMap<string, string>
  ): SyncRunRecord
}

/** What the pull state holds beyond the public view. */
interface PullState extends Pull {
  readonly stageId: number
  /** Keys seen, by identity; a key listed twice keeps its first place and its later copy. */
  readonly fetched: ReadonlyMap<string, SnapshotKey>
  /** Each staged page's JSON array text; unusable for the snapshot once a key came twice. */
  readonly pageJson: readonly string[]
  readonly repeated: boolean
  /** The last stored snapshot and its text, read while the pull runs. */
  readonly previous: Promise<PreviousSnapshot>
  /** The snapshot body being compressed page by page, if any; handed out once. */
  takeCompression(): SnapshotCompression | undefined
}

/** The last stored snapshot, with its text unless that could not be read. */
type PreviousSnapshot = { stored: SnapshotRecord; json: string | undefined } | undefined

export const createSyncApplier = (options: SyncApplyOptions): SyncApplier => {
  const { inventory, syncStore, now, newId, logger, keepSnapshots } = options

  const unreadable = (connectionId: string, error: unknown) =>
    // An unreadable old snapshot only costs one round of drift; this sync becomes the baseline.
    logger.log('warn', 'the previous snapshot could not be read', {
      connectionId,
      error: error instanceof Error ? error.message : String(error)
    })

  /** The last snapshot and its text (undefined when unreadable); inflated in the thread pool. */
  const readPrevious = async (
    connectionId: string,
    stored: SnapshotRecord | undefined
  ): Promise<PreviousSnapshot> => {
    if (!stored) return undefined
    try {
      return { stored, json: await inflateSnapshot(stored.body) }
    } catch (error) {
      unreadable(connectionId, error)
      return { stored, json: undefined }
    }
  }

  const begin: SyncApplier['begin'] = (connectionId) => {
    const { stageId, cached } = syncStore.openStage(connectionId)
    const ids = new Map(cached.map((key) => [keyIdentity(key), key.id]))
    const fetched = new Map<string, SnapshotKey>()
    const pageJson: string[] = []
    let repeated = false
    let closed = false
    const stored = syncStore.latestSnapshot(connectionId)
    const previous = readPrevious(connectionId, stored)
    // Awaited by prepare; a pull that ends before it must not leave a rejection unhandled.
    previous.catch(() => undefined)
    // Without an earlier snapshot (a first sync) nothing can match this one, so its body is
    // compressed as the pages come, in the thread pool, instead of all at once after the last.
    let compression: SnapshotCompression | undefined = stored
      ? undefined
      : startSnapshotCompression()
    const state: PullState = {
      connectionId,
      stageId,
      fetched,
      pageJson,
      previous,
      get repeated() {
        return repeated
      },
      takeCompression() {
        const taken = compression
        compression = undefined
        return taken
      },
      get size() {
        return fetched.size
      },
      add(keys, tenant) {
        const page: [identity: string, key: SnapshotKey][] = []
        const pageIds = new Map<string, string>()
        for (const key of keys) {
          const normalised = key.tenant === '' && tenant !== '' ? { ...key, tenant } : key
          const identity = keyIdentity(normalised)
          const id =
            pageIds.get(identity) ?? fetched.get(identity)?.id ?? ids.get(identity) ?? newId()
          pageIds.set(identity, id)
          page.push([identity, { ...normalised, id }])
        }
        if (page.length === 0) return
        const json = JSON.stringify(page.map(([, key]) => key))
        // Staged first: a page the store refused is not part of what this pull saw.
        syncStore.stageKeys(stageId, json)
        pageJson.push(json)
        for (const [identity, key] of page) {
          // A key seen twice (a hub's pages shifting under us) counts once; the later copy wins.
          if (fetched.has(identity)) repeated = true
          fetched.set(identity, key)
        }
        // The pages' texts no longer make the snapshot once a key came twice.
        if (repeated && compression) {
          compression.abort()
          compression = undefined
        }
        compression?.addPage(json)
      },
      close() {
        compression?.abort()
        compression = undefined
        if (closed) return
        closed = true
        syncStore.dropStage(stageId)
      }
    }
    return state
  }

  const parse = (connectionId: string, json: string | undefined): SnapshotKey[] | undefined => {
    if (json === undefined) return undefined
    try {
      return parseSnapshot(json)
    } catch (error) {
      unreadable(connectionId, error)
      return undefined
    }
  }

  /**
   * The work of applying that needs no transaction, done first and partly in the thread pool so
   * other connections keep pulling meanwhile: compare with the previous snapshot, compress. A pull
   * identical to the previous snapshot (the usual re-sync) is recognised by its text and reuses
   * the stored body. A listing that ended early becomes the previous snapshot with the keys it saw
   * laid over it, so it records no removals.
   */
  const prepare: SyncApplier['prepare'] = async (pull, complete) => {
    const state = pull as PullState
    const { connectionId, fetched } = state
    const compression = state.takeCompression()
    const pulled = () => [...fetched.values()]
    if (complete && compression) {
      // A first sync (no earlier snapshot, no key seen twice): its body was compressed page by
      // page during the pull, and there is nothing to compare it with.
      let keys: SnapshotKey[] | undefined
      return {
        previous: undefined,
        snapshotKeys: () => (keys ??= pulled()),
        keyCount: fetched.size,
        body: await compression.finish(),
        diff: undefined
      }
    }
    compression?.abort()
    const found = await state.previous
    let previous: SnapshotKey[] | undefined
    let snapshotKeys: SnapshotKey[] | undefined
    let json: string
    if (complete) {
      // The pages' own texts make the snapshot's unless a key came twice (then it moved).
      json = state.repeated ? snapshotJson(pulled()) : snapshotJsonOfPages(state.pageJson)
    } else {
      previous = parse(connectionId, found?.json)
      const kept = (previous ?? []).map((key) => fetched.get(keyIdentity(key)) ?? key)
      const known = new Set(kept.map(keyIdentity))
      snapshotKeys = [...kept, ...pulled().filter((key) => !known.has(keyIdentity(key)))]
      json = snapshotJson(snapshotKeys)
    }
    const keyCount = snapshotKeys?.length ?? fetched.size
    const keysOf = (): SnapshotKey[] => (snapshotKeys ??= pulled())
    if (found && found.json === json) {
      return {
        previous: undefined,
        snapshotKeys: keysOf,
        keyCount,
        body: found.stored.body,
        diff: { rows: [], added: 0, removed: 0, changed: 0 }
      }
    }
    if (complete) previous = parse(connectionId, found?.json)
    const keys = keysOf()
    return {
      previous,
      snapshotKeys: () => keys,
      keyCount,
      body: await compressSnapshot(json),
      diff: previous ? diffKeyLists(previous, keys) : undefined
    }
  }

  /**
   * Applies one pull: every write of it (role names included) commits together or not at all, so a
   * sync killed at any point leaves the cache as it was. Keys created or edited by Hubkeys while the
   * pull ran are neither overwritten with the older page data nor marked missing. Absence is never
   * deletion: a key a complete listing lacks keeps its row, value, notes and tags as `missing`; a
   * listing that ended early marks nothing missing.
   */
  const apply: SyncApplier['apply'] = (pull, startedAt, pages, prepared, early, roleNames) =>
    inventory.transaction(() => {
      const state = pull as PullState
      const { connectionId } = state
      const at = now()
      // Names first, so the keys written next are indexed for search with them once; written after
      // the keys, each new name would index again every key holding that role.
      if (roleNames) syncStore.replaceRoleNames(connectionId, roleNames)
      const written = syncStore.applyStage(state.stageId, { syncedAt: at, markMissing: !early })
      // Ids differ from the staged ones only when Hubkeys wrote keys during the pull (rare).
      let body = prepared.body
      let diff = prepared.diff
      if (written.movedIds.length > 0) {
        const moved = new Map(written.movedIds.map((key) => [keyIdentity(key), key.id]))
        const keys = prepared.snapshotKeys().map((key) => {
          const id = moved.get(keyIdentity(key))
          return id === undefined ? key : { ...key, id }
        })
        body = encodeSnapshotSync(keys)
        if (prepared.previous) diff = diffKeyLists(prepared.previous, keys)
      }
      // The first snapshot is the baseline: there is no earlier hub state to compare with.
      const counted: KeyListDiff = diff ?? {
        rows: [],
        added: written.inserted,
        removed: written.missing,
        changed: 0
      }
      const run: SyncRunRecord = {
        id: newId(),
        connectionId,
        startedAt,
        finishedAt: at,
        outcome: early ? 'partial' : 'ok',
        errorCode: early?.error?.code ?? null,
        error: early ? early.message : null,
        pages,
        keysSeen: early ? state.size : prepared.keyCount,
        added: counted.added,
        removed: counted.removed,
        changed: counted.changed
      }
      syncStore.insertRun(run)
      if (counted.rows.length > 0) syncStore.insertDrift(connectionId, run.id, at, counted.rows)
      syncStore.putSnapshot({
        syncRunId: run.id,
        connectionId,
        takenAt: at,
        keyCount: prepared.keyCount,
        body
      })
      syncStore.pruneSnapshots(connectionId, keepSnapshots)
      return run
    })

  return { begin, prepare, apply }
}
