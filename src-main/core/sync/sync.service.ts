// The sync engine: pulls every connection's keys page by page into the local cache, all at once within a bound, applied in one transaction per connection; runs in main.
import { platform } from '../ports/platform.port'
import type { HubKey } from '../../contract/hubs.contract'
import { AppError, type AppErrorBody, type ErrorCode, errorCodeSchema } from '../../contract/result'
import {
  driftQuerySchema,
  type DriftEntry,
  type DriftPage,
  type DriftQuery,
  type SyncConnectionStatus,
  type SyncOutcome,
  type SyncProgressed,
  type SyncRunResult,
  type SyncState
} from '../../contract/sync.contract'
import type { ConnectionsService } from '../connections/connections.service'
import { transportError } from '../hubs/hub-errors'
import type { InventoryStore } from '../ports/inventory-store.port'
import { silentLogger, type Logger } from '../ports/logger.port'
import { isStoreError, type StoreErrorCode } from '../ports/store-error'
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
import { createSemaphore } from './semaphore'

/** Where progress goes; the app's EventBus fits once `sync:progressed` is in the contract. */
export interface SyncEventSink {
  emit(event: 'sync:progressed', payload: SyncProgressed): void
}

export interface SyncServiceOptions {
  inventory: InventoryStore
  /** Must share the inventory's database, so one transaction covers both. */
  syncStore: SyncStore
  connections: Pick<ConnectionsService, 'list' | 'adapterFor' | 'moduleFor'>
  events: SyncEventSink
  now?: () => number
  /** How many connections pull at once. */
  concurrency?: number
  /** A successful sync older than this makes the connection `stale` (a number or a live setting). */
  staleAfterMs: number | (() => number)
  /** Snapshots kept per connection (the newest); drift rows are kept regardless. */
  keepSnapshots?: number
  newId?: () => string
  logger?: Logger
  /**
   * Called inside the apply transaction with the keys a sync removed from the cache because the
   * hub no longer lists them; the composition root can forget their vault secrets here, so they
   * go in the same commit. Throwing rolls the whole sync back.
   */
  onKeysRemoved?: (removed: readonly KeyStamp[]) => void
}

export interface SyncAllOptions {
  /** Only these connections (all when omitted). */
  connectionIds?: readonly string[]
  /** Cancels the runs this call started (runs it joined belong to their first caller). */
  signal?: AbortSignal
}

export interface SyncService {
  /**
   * Syncs connections concurrently within the bound and resolves when every run has ended. A
   * connection already syncing is joined, not started twice. Per-connection failures are results;
   * only an unknown connection id rejects (NOT_FOUND), before anything starts.
   */
  syncAll(options?: SyncAllOptions): Promise<SyncRunResult[]>
  /** Cancels every running and queued run; returns how many were cancelled. */
  cancel(): number
  status(): SyncConnectionStatus[]
  /** Drift history, newest first. */
  history(query: DriftQuery): DriftPage
  /** Syncs everything every `intervalMs` (measured from the end of one round to the next start). */
  startBackground(intervalMs: number, options?: { runNow?: boolean }): void
  stopBackground(): void
  readonly backgroundRunning: boolean
  /** Stops the background loop, cancels runs and waits for them to wind down. */
  close(): Promise<void>
}

const storeErrorCodes: Record<StoreErrorCode, ErrorCode> = {
  NEWER_VERSION: 'UNSUPPORTED',
  CORRUPT: 'TAMPERED',
  FOREIGN: 'UNSUPPORTED',
  NATIVE_MISMATCH: 'UNSUPPORTED',
  CONFLICT: 'CONFLICT',
  IO: 'UNAVAILABLE'
}

/** Equal stored column lists (primitives from the store). */
const sameValues = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index])

/** Marks an abort so the run ends as `cancelled` whatever the adapter turned the abort into. */
class Cancelled extends Error {
  constructor() {
    super('The sync was cancelled.')
    this.name = 'Cancelled'
  }
}

interface RunProgress {
  controller: AbortController
  pages: number
  keys: number
}

interface LiveRun extends RunProgress {
  promise: Promise<SyncRunResult>
}

const describeFailure = (
  connectionName: string,
  error: unknown,
  phase: 'pull' | 'apply'
): AppErrorBody => {
  if (phase === 'apply') {
    if (isStoreError(error)) return { code: storeErrorCodes[error.code], message: error.message }
    if (error instanceof AppError) return { code: error.code, message: error.message }
    return {
      code: 'INTERNAL',
      message: `Hubkeys could not save what it pulled from ${connectionName}; the cache is unchanged.`
    }
  }
  const appError = transportError(connectionName, error)
  return { code: appError.code, message: appError.message }
}

export const createSyncService = (options: SyncServiceOptions): SyncService => {
  const { inventory, syncStore, connections, events } = options
  const now = options.now ?? Date.now
  const newId = options.newId ?? (() => platform().randomUUID())
  const logger = options.logger ?? silentLogger
  const keepSnapshots = options.keepSnapshots ?? 10
  const staleAfterMs = () =>
    typeof options.staleAfterMs === 'function' ? options.staleAfterMs() : options.staleAfterMs
  const semaphore = createSemaphore(options.concurrency ?? 8)
  const live = new Map<string, LiveRun>()

  const emit = (payload: SyncProgressed) => {
    try {
      events.emit('sync:progressed', payload)
    } catch (error) {
      // A listener's failure must not fail the sync it reports on.
      logger.log('warn', 'a sync progress listener failed', { error: String(error) })
    }
  }

  const finish = (
    connectionId: string,
    run: Omit<SyncRunRecord, 'connectionId'>,
    error?: AppErrorBody
  ): SyncRunResult => {
    emit({
      connectionId,
      state: run.outcome,
      pages: run.pages,
      keys: run.keysSeen,
      done: true,
      ...(error ? { error } : {})
    })
    return {
      connectionId,
      outcome: run.outcome,
      pages: run.pages,
      keys: run.keysSeen,
      added: run.added,
      removed: run.removed,
      changed: run.changed,
      ...(error ? { error } : {})
    }
  }

  /** Records a run that changed nothing in the cache (failed, cancelled, or a local kind's). */
  const recordOnly = (
    connectionId: string,
    startedAt: number,
    outcome: SyncOutcome,
    pages: number,
    error?: AppErrorBody
  ): SyncRunResult => {
    const run: SyncRunRecord = {
      id: newId(),
      connectionId,
      startedAt,
      finishedAt: now(),
      outcome,
      errorCode: error?.code ?? null,
      error: error?.message ?? null,
      pages,
      keysSeen: 0,
      added: 0,
      removed: 0,
      changed: 0
    }
    try {
      syncStore.insertRun(run)
    } catch (storeError) {
      // The outcome is still reported to the caller; only its record is missing.
      logger.log('error', 'could not record a sync run', {
        connectionId,
        outcome,
        error: storeError instanceof Error ? storeError.message : String(storeError)
      })
    }
    return finish(connectionId, run, error)
  }

  const stampsByIdentity = (connectionId: string): Map<string, KeyStamp> =>
    new Map(syncStore.keyStamps(connectionId).map((stamp) => [keyIdentity(stamp), stamp]))

  interface Prepared {
    /** The previous snapshot's keys, when there is a readable one. */
    previous: SnapshotKey[] | undefined
    snapshotKeys: SnapshotKey[]
    body: Buffer
    diff: KeyListDiff | undefined
  }

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
  const prepare = async (
    connectionId: string,
    fetched: ReadonlyMap<string, HubKey>,
    before: ReadonlyMap<string, KeyStamp>
  ): Promise<Prepared> => {
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
  const apply = (
    connectionId: string,
    startedAt: number,
    pages: number,
    prepared: Prepared,
    before: ReadonlyMap<string, KeyStamp>
  ): SyncRunRecord =>
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

  const runOne = async (
    connection: { id: string; name: string },
    entry: RunProgress
  ): Promise<SyncRunResult> => {
    const signal = entry.controller.signal
    const connectionId = connection.id
    emit({ connectionId, state: 'running', pages: 0, keys: 0, done: false })
    let release: (() => void) | undefined
    try {
      release = await semaphore.acquire(signal)
    } catch {
      return recordOnly(connectionId, now(), 'cancelled', 0)
    }
    const startedAt = now()
    let phase: 'pull' | 'apply' = 'pull'
    try {
      const adapter = connections.adapterFor(connectionId)
      if (adapter.capabilities.list === 'local') return recordOnly(connectionId, startedAt, 'ok', 0)

      const before = stampsByIdentity(connectionId)
      const fetched = new Map<string, HubKey>()
      for await (const page of adapter.listKeys(signal)) {
        if (signal.aborted) throw new Cancelled()
        for (const key of page.keys) {
          // A key seen twice (a hub's pages shifting under us) counts once; the later copy wins.
          const normalised =
            key.tenant === '' && page.tenant !== '' ? { ...key, tenant: page.tenant } : key
          fetched.set(keyIdentity(normalised), normalised)
        }
        entry.pages += 1
        entry.keys = fetched.size
        emit({ connectionId, state: 'running', pages: entry.pages, keys: entry.keys, done: false })
      }
      if (signal.aborted) throw new Cancelled()
      phase = 'apply'
      const prepared = await prepare(connectionId, fetched, before)
      // The last chance to cancel: once the transaction starts, the run completes.
      if (signal.aborted) throw new Cancelled()
      const run = apply(connectionId, startedAt, entry.pages, prepared, before)
      return finish(connectionId, run)
    } catch (error) {
      if (signal.aborted || error instanceof Cancelled) {
        return recordOnly(connectionId, startedAt, 'cancelled', entry.pages)
      }
      const reason = describeFailure(connection.name, error, phase)
      logger.log('warn', 'sync failed', {
        connectionId,
        code: reason.code,
        message: reason.message
      })
      return recordOnly(connectionId, startedAt, 'failed', entry.pages, reason)
    } finally {
      release?.()
    }
  }

  const start = (connection: { id: string; name: string }, callerSignal?: AbortSignal) => {
    const controller = new AbortController()
    const onCallerAbort = () => controller.abort(callerSignal?.reason)
    if (callerSignal?.aborted) controller.abort(callerSignal.reason)
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true })
    const progress: RunProgress = { controller, pages: 0, keys: 0 }
    const promise = runOne(connection, progress).finally(() => {
      callerSignal?.removeEventListener('abort', onCallerAbort)
      if (live.get(connection.id)?.promise === promise) live.delete(connection.id)
    })
    live.set(connection.id, Object.assign(progress, { promise }))
    return promise
  }

  const syncAll: SyncService['syncAll'] = async (syncOptions = {}) => {
    const all = connections.list()
    let targets = all
    if (syncOptions.connectionIds !== undefined) {
      const byId = new Map(all.map((connection) => [connection.id, connection]))
      const wanted = [...new Set(syncOptions.connectionIds)]
      const missing = wanted.filter((id) => !byId.has(id))
      if (missing.length > 0) {
        throw new AppError(
          'NOT_FOUND',
          missing.length === 1
            ? 'That connection does not exist (it may have been removed).'
            : `${missing.length} of those connections do not exist (they may have been removed).`
        )
      }
      targets = wanted.map((id) => byId.get(id)!)
    }
    return Promise.all(
      targets.map(
        (connection) => live.get(connection.id)?.promise ?? start(connection, syncOptions.signal)
      )
    )
  }

  const stateOf = (
    source: 'hub' | 'local',
    lastRun: SyncRunRecord | undefined,
    lastOk: SyncRunRecord | undefined,
    at: number
  ): SyncState => {
    if (!lastRun) return 'never'
    if (lastRun.outcome !== 'ok') return lastRun.outcome
    if (source === 'hub' && lastOk && at - lastOk.finishedAt > staleAfterMs()) return 'stale'
    return 'ok'
  }

  const detailOf = (
    state: SyncState,
    source: 'hub' | 'local',
    progress: { pages: number; keys: number } | undefined
  ): string => {
    if (source === 'local' && state !== 'running' && state !== 'failed' && state !== 'cancelled') {
      return "This hub kind has no key list to pull; Hubkeys' own records are its inventory."
    }
    switch (state) {
      case 'running':
        return `Syncing: ${progress?.pages ?? 0} pages and ${progress?.keys ?? 0} keys so far.`
      case 'never':
        return 'Not synced yet; the cache holds only the keys Hubkeys recorded itself.'
      case 'ok':
        return 'The cache matches the hub as of the last sync.'
      case 'stale':
        return 'The last successful sync is old; the cache may be behind the hub.'
      case 'failed':
        return 'The last sync failed; the cache still holds what the last successful sync found.'
      case 'cancelled':
        return 'The last sync was cancelled; nothing of it was applied.'
    }
  }

  const status: SyncService['status'] = () => {
    const runs = new Map(syncStore.latestRuns().map((entry) => [entry.connectionId, entry]))
    const counts = syncStore.countKeys()
    const at = now()
    return connections.list().map((connection): SyncConnectionStatus => {
      const source = connections.moduleFor(connection.kind).capabilities.list
      const running = live.get(connection.id)
      const { lastRun, lastOk } = runs.get(connection.id) ?? {}
      const state: SyncState = running ? 'running' : stateOf(source, lastRun, lastOk, at)
      const progress = running ? { pages: running.pages, keys: running.keys } : undefined
      const error =
        state === 'failed' && lastRun
          ? {
              code: errorCodeSchema.safeParse(lastRun.errorCode).data ?? 'INTERNAL',
              message: lastRun.error ?? 'The sync failed.'
            }
          : undefined
      return {
        connectionId: connection.id,
        connectionName: connection.name,
        source,
        state,
        lastSuccessAt: lastOk?.finishedAt ?? null,
        lastRunAt: lastRun?.finishedAt ?? null,
        ...(error ? { error } : {}),
        keys: counts.get(connection.id) ?? 0,
        cacheAgeMs: source === 'hub' && lastOk ? Math.max(0, at - lastOk.finishedAt) : null,
        ...(progress ? { progress } : {}),
        detail: detailOf(state, source, progress)
      }
    })
  }

  const history: SyncService['history'] = (raw) => {
    const query = driftQuerySchema.parse(raw)
    // One extra row tells whether an older page exists without a second query.
    const rows = syncStore.listDrift({
      keyId: query.keyId,
      connectionId: query.connectionId,
      before: query.before,
      limit: query.limit + 1
    })
    const entries = rows.slice(0, query.limit).map((row): DriftEntry => ({
      seq: row.seq,
      connectionId: row.connectionId,
      keyId: row.keyId,
      tenant: row.tenant,
      hubKeyId: row.hubKeyId,
      keyName: row.keyName,
      at: row.at,
      change: row.change,
      before: (row.before ?? null) as DriftEntry['before'],
      after: (row.after ?? null) as DriftEntry['after']
    }))
    const last = entries[entries.length - 1]
    return rows.length > query.limit && last ? { entries, next: last.seq } : { entries }
  }

  const cancel: SyncService['cancel'] = () => {
    let cancelled = 0
    for (const entry of live.values()) {
      if (entry.controller.signal.aborted) continue
      entry.controller.abort(new Cancelled())
      cancelled += 1
    }
    return cancelled
  }

  // Background loop: one timer at a time; `generation` retires a loop that was stopped mid-round.
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0
  let backgroundOn = false

  const stopBackground = () => {
    backgroundOn = false
    generation += 1
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  const startBackground: SyncService['startBackground'] = (intervalMs, backgroundOptions = {}) => {
    if (!Number.isFinite(intervalMs) || intervalMs < 1_000) {
      throw new RangeError('The background sync interval must be at least one second.')
    }
    stopBackground()
    backgroundOn = true
    const mine = generation
    const schedule = (delay: number) => {
      timer = setTimeout(() => void tick(), delay)
      // The loop must never keep a process (the CLI, a test) alive on its own.
      timer.unref?.()
    }
    const tick = async () => {
      timer = undefined
      try {
        await syncAll()
      } catch (error) {
        logger.log('warn', 'background sync round failed', {
          error: error instanceof Error ? error.message : String(error)
        })
      }
      if (mine === generation) schedule(intervalMs)
    }
    schedule(backgroundOptions.runNow ? 0 : intervalMs)
  }

  return {
    syncAll,
    cancel,
    status,
    history,
    startBackground,
    stopBackground,
    get backgroundRunning() {
      return backgroundOn
    },
    async close() {
      stopBackground()
      cancel()
      await Promise.allSettled([...live.values()].map((entry) => entry.promise))
    }
  }
}
