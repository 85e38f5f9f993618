// What the sync engine reports about each connection (state, cache age, last error) and the drift history pages; runs in main.
import { errorCodeSchema } from '../../contract/result'
import {
  driftQuerySchema,
  type DriftEntry,
  type DriftPage,
  type DriftQuery,
  type PartialSync,
  type SyncConnectionStatus,
  type SyncState
} from '../../contract/sync.contract'
import type { ConnectionsService } from '../connections/connections.service'
import type { SyncRunRecord, SyncStore } from '../ports/sync-store.port'

export interface SyncStatusOptions {
  syncStore: SyncStore
  connections: Pick<ConnectionsService, 'list' | 'moduleFor'>
  now: () => number
  staleAfterMs: () => number
  /** Pages and keys so far of the connection's running sync, if one is running. */
  progressOf: (connectionId: string) => { pages: number; keys: number } | undefined
}

export interface SyncStatusReader {
  status(): SyncConnectionStatus[]
  /** Drift history, newest first. */
  history(query: DriftQuery): DriftPage
}

/** Why a partial run's listing ended, read back from its record; undefined for other outcomes. */
export const partialOf = (
  run: Pick<SyncRunRecord, 'outcome' | 'errorCode' | 'error'>
): PartialSync | undefined =>
  run.outcome !== 'partial'
    ? undefined
    : {
        reason:
          run.errorCode === null ? 'cancelled' : run.errorCode === 'TIMEOUT' ? 'timeout' : 'error',
        message: run.error ?? 'The listing ended before the hub said it was complete.'
      }

export const createSyncStatusReader = (options: SyncStatusOptions): SyncStatusReader => {
  const { syncStore, connections, now, staleAfterMs } = options

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
      case 'partial':
        return 'The last listing ended early: the keys it saw were updated and none was marked missing.'
      case 'failed':
        return 'The last sync failed; the cache still holds what the last successful sync found.'
      case 'cancelled':
        return 'The last sync was cancelled; nothing of it was applied.'
    }
  }

  const status: SyncStatusReader['status'] = () => {
    const runs = new Map(syncStore.latestRuns().map((entry) => [entry.connectionId, entry]))
    const counts = syncStore.countKeys()
    const at = now()
    return connections.list().map((connection): SyncConnectionStatus => {
      const source = connections.moduleFor(connection.kind).capabilities.list
      const progress = options.progressOf(connection.id)
      const { lastRun, lastOk } = runs.get(connection.id) ?? {}
      const state: SyncState = progress ? 'running' : stateOf(source, lastRun, lastOk, at)
      const error =
        state === 'failed' && lastRun
          ? {
              code: errorCodeSchema.safeParse(lastRun.errorCode).data ?? 'INTERNAL',
              message: lastRun.error ?? 'The sync failed.'
            }
          : undefined
      const partial = state === 'partial' && lastRun ? partialOf(lastRun) : undefined
      return {
        connectionId: connection.id,
        connectionName: connection.name,
        source,
        state,
        lastSuccessAt: lastOk?.finishedAt ?? null,
        lastRunAt: lastRun?.finishedAt ?? null,
        ...(error ? { error } : {}),
        ...(partial ? { partial } : {}),
        keys: counts.get(connection.id) ?? 0,
        cacheAgeMs: source === 'hub' && lastOk ? Math.max(0, at - lastOk.finishedAt) : null,
        ...(progress ? { progress } : {}),
        detail: detailOf(state, source, progress)
      }
    })
  }

  const history: SyncStatusReader['history'] = (raw) => {
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

  return { status, history }
}
