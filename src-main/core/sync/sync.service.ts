// The sync engine's run orchestration: pulls every connection's keys page by page, all at once within a bound, and hands each finished pull to be applied; runs in main.
import { AppError, type AppErrorBody, type ErrorCode } from '../../contract/result'
import type {
  DriftPage,
  DriftQuery,
  SyncConnectionStatus,
  SyncOutcome,
  SyncProgressed,
  SyncRunResult
} from '../../contract/sync.contract'
import type { KeyForgetResult } from '../../contract/key-forget.contract'
import type { ConnectionsService } from '../connections/connections.service'
import { transportError } from '../hubs/hub-errors'
import type { InventoryStore } from '../ports/inventory-store.port'
import { silentLogger, type Logger } from '../ports/logger.port'
import { isStoreError, type StoreErrorCode } from '../ports/store-error'
import type { SyncRunRecord, SyncStore } from '../ports/sync-store.port'
import { createBackgroundSync } from './background-sync'
import { createKeyForgetter } from './key-forget'
import { createSemaphore } from './semaphore'
import { readAhead } from './read-ahead'
import { createSyncApplier, type EarlyEnd, type Pull } from './sync-apply'
import { createSyncStatusReader, partialOf } from './sync-status'
import { createTimeOrderedIds } from './time-ordered-id'

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
   * Removes a key's value from the vault when the user forgets the key (`forget`), in the same
   * transaction as its row. Syncs never call it: absence at the hub is never deletion.
   */
  deleteSecret?: (secretId: string) => void
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
  /**
   * Forgets a key that is `missing` at its hub or `deleted`: its row and its stored value, in one
   * transaction. Other keys are refused (CONFLICT).
   */
  forget(connectionId: string, keyId: string): KeyForgetResult
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

/**
 * Resolves after the I/O already waiting on the event loop has been handled (setImmediate runs
 * right after the loop's I/O phase, without a timer's 1 ms minimum).
 */
const laterTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

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
  // Pages are staged in the store as they arrive, so the store can fail during the pull too.
  if (isStoreError(error)) return { code: storeErrorCodes[error.code], message: error.message }
  if (phase === 'apply') {
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
  // Time-ordered: a sync's new keys then go to the end of the id index, not to random pages.
  const newId = options.newId ?? createTimeOrderedIds(now)
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
    const partial = partialOf(run)
    emit({
      connectionId,
      state: run.outcome,
      pages: run.pages,
      keys: run.keysSeen,
      done: true,
      ...(error ? { error } : {}),
      ...(partial ? { partial } : {})
    })
    return {
      connectionId,
      outcome: run.outcome,
      pages: run.pages,
      keys: run.keysSeen,
      added: run.added,
      removed: run.removed,
      changed: run.changed,
      ...(error ? { error } : {}),
      ...(partial ? { partial } : {})
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

  const applier = createSyncApplier({
    inventory,
    syncStore,
    now,
    newId,
    logger,
    keepSnapshots
  })

  /** Applies what a listing that ended early saw; `error` is what ended it (none: a cancel). */
  const applyEarlyEnd = async (
    connection: { id: string; name: string },
    startedAt: number,
    pages: number,
    pull: Pull,
    error: AppErrorBody | undefined
  ): Promise<SyncRunResult> => {
    const seen = `${pages} page${pages === 1 ? '' : 's'}`
    const consequence = `the ${pull.size} key${pull.size === 1 ? '' : 's'} it saw were updated and none was marked missing.`
    const early: EarlyEnd = error
      ? {
          reason: error.code === 'TIMEOUT' ? 'timeout' : 'error',
          error,
          message: `${error.message.replace(/\.$/, '')}; the listing stopped after ${seen}, so ${consequence}`
        }
      : { reason: 'cancelled', message: `The sync was cancelled after ${seen}; ${consequence}` }
    try {
      const prepared = await applier.prepare(pull, false)
      return finish(connection.id, applier.apply(pull, startedAt, pages, prepared, early))
    } catch (applyError) {
      const reason = describeFailure(connection.name, applyError, 'apply')
      logger.log('warn', 'sync failed', { connectionId: connection.id, code: reason.code })
      return recordOnly(connection.id, startedAt, 'failed', pages, reason)
    }
  }

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
    let pull: Pull | undefined
    let roleNames: ReadonlyMap<string, string> | undefined
    try {
      const adapter = connections.adapterFor(connectionId)
      if (adapter.capabilities.list === 'local') return recordOnly(connectionId, startedAt, 'ok', 0)

      pull = applier.begin(connectionId)
      // Each page is staged while the request for the next one is already on its way.
      for await (const page of readAhead(adapter.listKeys(signal))) {
        // Staged on a later turn of the event loop: other connections' pages that arrived at the
        // same moment are read first and their next requests sent, instead of waiting on this one.
        await laterTurn()
        if (page.oddities?.length) {
          // The paging was still followed; the oddity is worth a line for whoever reads the log.
          logger.log('warn', "the hub's listing had oddities", {
            connectionId,
            oddities: page.oddities.join('; ')
          })
        }
        if (signal.aborted) throw new Cancelled()
        if (page.roleNames) roleNames = page.roleNames
        pull.add(page.keys, page.tenant)
        entry.pages += 1
        entry.keys = pull.size
        emit({ connectionId, state: 'running', pages: entry.pages, keys: entry.keys, done: false })
      }
      if (signal.aborted) throw new Cancelled()
      phase = 'apply'
      const prepared = await applier.prepare(pull, true)
      // The last chance to cancel: once the transaction starts, the run completes.
      if (signal.aborted) throw new Cancelled()
      // Names beside the ids, for offline review; only a listing that read them replaces them.
      const run = applier.apply(pull, startedAt, entry.pages, prepared, undefined, roleNames)
      return finish(connectionId, run)
    } catch (error) {
      const cancelled = signal.aborted || error instanceof Cancelled
      const reason = cancelled ? undefined : describeFailure(connection.name, error, phase)
      if (reason) {
        logger.log('warn', 'sync failed', {
          connectionId,
          code: reason.code,
          message: reason.message
        })
      }
      // A listing that ended early after some pages is partial: the keys it saw are applied. When
      // the store failed (staging a page), nothing is applied: the run failed, not the listing.
      if (phase === 'pull' && entry.pages > 0 && pull && !isStoreError(error)) {
        // Awaited here, so the staged keys are still there until it is done.
        return await applyEarlyEnd(connection, startedAt, entry.pages, pull, reason)
      }
      return reason
        ? recordOnly(connectionId, startedAt, 'failed', entry.pages, reason)
        : recordOnly(connectionId, startedAt, 'cancelled', entry.pages)
    } finally {
      try {
        pull?.close()
      } catch (error) {
        // The staged rows live only as long as the database connection; the run's result stands.
        logger.log('warn', 'could not clear a sync stage', {
          connectionId,
          error: error instanceof Error ? error.message : String(error)
        })
      }
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

  const { status, history } = createSyncStatusReader({
    syncStore,
    connections,
    now,
    staleAfterMs,
    progressOf: (connectionId) => {
      const running = live.get(connectionId)
      return running ? { pages: running.pages, keys: running.keys } : undefined
    }
  })

  const cancel: SyncService['cancel'] = () => {
    let cancelled = 0
    for (const entry of live.values()) {
      if (entry.controller.signal.aborted) continue
      entry.controller.abort(new Cancelled())
      cancelled += 1
    }
    return cancelled
  }

  const background = createBackgroundSync(() => syncAll(), logger)

  const forget = createKeyForgetter({
    inventory,
    deleteSecret: (secretId) => {
      if (!options.deleteSecret) {
        throw new AppError('INTERNAL', 'Hubkeys cannot remove stored values here.')
      }
      options.deleteSecret(secretId)
    }
  })

  return {
    syncAll,
    cancel,
    forget,
    status,
    history,
    startBackground: (intervalMs, backgroundOptions) =>
      background.start(intervalMs, backgroundOptions),
    stopBackground: () => background.stop(),
    get backgroundRunning() {
      return background.running
    },
    async close() {
      background.stop()
      cancel()
      await Promise.allSettled([...live.values()].map((entry) => entry.promise))
    }
  }
}
