// The usage service: reads cached usage (offline, with age and oddities, coarser intervals derived exactly), refreshes it from the hubs, totals, quota burn-down and anomaly flags; runs in main, web mode or the CLI.
import type { HubKind, UsageInterval, UsagePoint } from '../../contract/hubs.contract'
import { AppError } from '../../contract/result'
import {
  amountAt,
  compactTimes,
  type QuotaBurndown,
  type UsageAnomaly,
  type UsageRequest,
  type UsageSeries,
  type UsageSummary,
  type UsageTarget,
  type UsageView
} from '../../contract/usage.contract'
import type { ConnectionsService } from '../connections/connections.service'
import { transportError, unsupported } from '../hubs/hub-errors'
import type { KeysService } from '../keys/keys.service'
import type { InventoryStore, KeyRecord } from '../ports/inventory-store.port'
import type { UsageColumns, UsageFetch, UsageScope, UsageStore } from '../ports/usage-store.port'
import { quotaBurndown } from './quota-burndown'
import { retiredUseOf, spikeOf } from './usage-anomalies'
import { alignBucket, deriveBuckets, exactSources, type Aggregation } from './usage-buckets'

const day = 86_400_000

/**
 * How far back each hub keeps usage. Optidash: 90 days (HUBS.md; a 90-day minute series is
 * 131,487 buckets). DM-Hub documents no limit; Hubkeys asks for at most a year of daily storage.
 */
export const usageLimitDays: Readonly<Record<HubKind, number>> = {
  optidash: 90,
  dmhub: 366,
  cycle: 0,
  dct: 0,
  datahub: 0
}

export interface UsageServiceOptions {
  store: UsageStore
  inventory: InventoryStore
  connections: ConnectionsService
  keys: KeysService
  now?: () => number
  staleAfterMs: number
}

export interface UsageService {
  read(request: UsageRequest): UsageView
  refresh(request: UsageRequest, signal?: AbortSignal): Promise<UsageView>
  summary(connectionId: string, refresh: boolean, signal?: AbortSignal): Promise<UsageSummary>
  flags(): UsageAnomaly[]
  /**
   * A key's cached points at `interval` over [from, to) (exactly derived from finer buckets when
   * needed). Rotation calls it with `graceWindowUseOf` to flag the old key's use in the grace window.
   */
  pointsOf(
    connectionId: string,
    keyId: string,
    interval: UsageInterval,
    from: number,
    to: number
  ): UsagePoint[]
}

interface Subject {
  scope: UsageScope
  subject: string
  label: string
  record?: KeyRecord
}

interface SeriesRead {
  columns: UsageColumns
  fetches: UsageFetch[]
  derivedFrom: UsageInterval | null
}

const columnsOf = (points: readonly UsagePoint[]): UsageColumns => {
  const n = points.length
  const at = new Float64Array(n)
  const requests = new Float64Array(n)
  const bytes = new Float64Array(n)
  for (let i = 0; i < n; i += 1) {
    const point = points[i] as UsagePoint
    at[i] = point.at
    requests[i] = point.requests ?? Number.NaN
    bytes[i] = point.bytes ?? Number.NaN
  }
  return { at, requests, bytes }
}

const noColumns = (): UsageColumns => columnsOf([])

const pointsOfColumns = (columns: UsageColumns): UsagePoint[] =>
  Array.from(columns.at, (at, i) => ({
    at,
    requests: amountAt(columns.requests, i),
    bytes: amountAt(columns.bytes, i)
  }))

export const createUsageService = (options: UsageServiceOptions): UsageService => {
  const { store, inventory, connections, keys, staleAfterMs } = options
  const now = options.now ?? Date.now

  const measureOf = (connectionId: string) => {
    const connection = connections.get(connectionId)
    const measure = connections.moduleFor(connection.kind).capabilities.usage
    if (measure === 'none') throw unsupported(connection.name, 'usage data')
    return { connection, measure, limitDays: usageLimitDays[connection.kind] }
  }

  const keyRecord = (connectionId: string, keyId: string): KeyRecord => {
    const record = keys.resolve(connectionId, keyId)
    if (!record) throw new AppError('NOT_FOUND', 'Hubkeys has no such key in this connection.')
    return record
  }

  const keySubject = (record: KeyRecord): Subject => ({
    scope: 'key',
    subject: record.id,
    label: record.name || record.hubKeyId,
    record
  })

  /** The series a target names; `cachedOnly` limits a whole connection to keys with a cache. */
  const subjectsOf = (
    connectionId: string,
    target: UsageTarget,
    measure: 'requests' | 'storage',
    cachedOnly: boolean
  ): Subject[] => {
    if (target.kind === 'key') return [keySubject(keyRecord(connectionId, target.keyId))]
    if (target.kind === 'keys')
      return target.keyIds.map((id) => keySubject(keyRecord(connectionId, id)))
    // Storage belongs to filesets, so a DM-Hub connection's chart is its filesets.
    if (target.kind === 'filesets' || measure === 'storage') {
      const configured = connections.get(connectionId).settings.filesets ?? []
      const names = configured.length > 0 ? configured : store.subjects(connectionId, 'fileset')
      return names.map((name) => ({ scope: 'fileset', subject: name, label: name }))
    }
    if (!cachedOnly) return inventory.listKeys(connectionId).map(keySubject)
    // Only the keys with cached usage: listing every key of a big connection here cost the key
    // table's first rows (it asks for the flags as it opens).
    return inventory.listKeysById(connectionId, store.subjects(connectionId, 'key')).map(keySubject)
  }

  const readSeries = (
    connectionId: string,
    subject: Subject,
    interval: UsageInterval,
    from: number,
    to: number,
    aggregation: Aggregation,
    /** Finer intervals too costly to sum here (anomaly checks skip minutes: 41,760 rows a month). */
    skip: readonly UsageInterval[] = []
  ): SeriesRead => {
    const start = alignBucket(from, interval)
    const id = { connectionId, scope: subject.scope, subject: subject.subject }
    const direct = store.fetches({ ...id, interval }, start, to)
    if (direct.length > 0) {
      return {
        columns: store.readColumns({ ...id, interval }, start, to),
        fetches: direct,
        derivedFrom: null
      }
    }
    for (const source of exactSources[interval]) {
      if (skip.includes(source)) continue
      const fetches = store.fetches({ ...id, interval: source }, start, to)
      if (fetches.length === 0) continue
      const fine = store.read({ ...id, interval: source }, start, to)
      return {
        columns: columnsOf(deriveBuckets(fine, fetches, interval, aggregation)),
        fetches,
        derivedFrom: source
      }
    }
    return { columns: noColumns(), fetches: [], derivedFrom: null }
  }

  const seriesOf = (subject: Subject, columns: UsageColumns): UsageSeries => ({
    subject: subject.subject,
    label: subject.label,
    at: compactTimes(columns.at),
    requests: columns.requests,
    bytes: columns.bytes
  })

  const anomaliesOf = (connectionId: string, subject: Subject): UsageAnomaly[] => {
    if (!subject.record) return []
    const end = now()
    const daily = pointsOfColumns(
      readSeries(connectionId, subject, 'day', end - 29 * day, end, 'sum', ['minute']).columns
    )
    const found = [
      spikeOf(subject.record.id, daily),
      retiredUseOf(
        subject.record.id,
        subject.record.status,
        daily,
        alignBucket(end - 7 * day, 'day')
      )
    ]
    return found.filter((flag): flag is UsageAnomaly => flag !== undefined)
  }

  const rangeOf = (request: UsageRequest, limitDays: number) => {
    const to = request.to ?? now()
    const from = request.from ?? to - limitDays * day
    if (from >= to) throw new AppError('BAD_REQUEST', 'The usage start must come before its end.')
    return { from, to }
  }

  const view = (request: UsageRequest, extraOddities: string[] = []): UsageView => {
    const { measure, limitDays } = measureOf(request.connectionId)
    const { from, to } = rangeOf(request, limitDays)
    const aggregation: Aggregation = measure === 'storage' ? 'last' : 'sum'
    const series: UsageSeries[] = []
    const oddities: string[] = [...extraOddities]
    const anomalies: UsageAnomaly[] = []
    let fetchedAt: number | null = null
    let derivedFrom: UsageInterval | null = null
    const subjects = subjectsOf(request.connectionId, request.target, measure, true)
    for (const subject of subjects) {
      const read = readSeries(
        request.connectionId,
        subject,
        request.interval,
        from,
        to,
        aggregation
      )
      series.push(seriesOf(subject, read.columns))
      derivedFrom ??= read.derivedFrom
      for (const fetch of read.fetches) {
        fetchedAt = fetchedAt === null ? fetch.fetchedAt : Math.min(fetchedAt, fetch.fetchedAt)
        const prefix = subjects.length > 1 ? `${subject.label}: ` : ''
        for (const odd of fetch.oddities) oddities.push(`${prefix}${odd}`)
      }
      if (measure === 'requests') anomalies.push(...anomaliesOf(request.connectionId, subject))
    }
    return {
      connectionId: request.connectionId,
      measure,
      interval: request.interval,
      from,
      to,
      series,
      fetchedAt,
      stale: fetchedAt !== null && now() - fetchedAt > staleAfterMs,
      derivedFrom,
      oddities: [...new Set(oddities)],
      limitDays,
      anomalies
    }
  }

  /** Which window of a key's cache to total: the interval whose newest fetch reaches back furthest. */
  const windowTotal = (connectionId: string, keyId: string, since: number) => {
    let best: { total: number; fetchedAt: number } | undefined
    for (const interval of ['minute', 'hour', 'day'] as const) {
      const id = { connectionId, scope: 'key' as const, subject: keyId, interval }
      const covering = store
        .fetches(id, since, now())
        .filter((fetch) => fetch.from <= since)
        .at(-1)
      if (!covering || (best && best.fetchedAt >= covering.fetchedAt)) continue
      let total = 0
      for (const point of store.read(id, alignBucket(since, interval), now() + day))
        if (point.at >= since) total += point.requests ?? 0
      best = { total, fetchedAt: covering.fetchedAt }
    }
    return best?.total ?? null
  }

  const lastUsed = (connectionId: string, keyId: string): number | null => {
    let last: number | null = null
    for (const interval of ['minute', 'hour', 'day', 'week', 'month'] as const) {
      const points = store.read(
        { connectionId, scope: 'key', subject: keyId, interval },
        0,
        now() + day
      )
      for (let i = points.length - 1; i >= 0; i -= 1) {
        const point = points[i] as UsagePoint
        if (!point.requests) continue
        if (last === null || point.at > last) last = point.at
        break
      }
    }
    return last
  }

  const totalsOf = (connectionId: string, record: KeyRecord) => {
    const end = now()
    return {
      keyId: record.id,
      label: record.name || record.hubKeyId,
      requests7d: windowTotal(connectionId, record.id, end - 7 * day),
      requests30d: windowTotal(connectionId, record.id, end - 30 * day),
      lastUsedAt: lastUsed(connectionId, record.id)
    }
  }

  const refresh = async (request: UsageRequest, signal?: AbortSignal): Promise<UsageView> => {
    const { connection, measure, limitDays } = measureOf(request.connectionId)
    const { from, to } = rangeOf(request, limitDays)
    if (to - from > limitDays * day) {
      throw new AppError(
        'BAD_REQUEST',
        `${connection.name} keeps usage for ${limitDays} days; choose a range of ${limitDays} days or less.`
      )
    }
    const interval = request.interval
    const subjects = subjectsOf(request.connectionId, request.target, measure, false)
    const coverage = { from: alignBucket(from, interval), to }
    const failed: string[] = []
    if (subjects.some((subject) => subject.scope === 'fileset')) {
      const adapter = connections.adapterFor(request.connectionId)
      if (!adapter.filesetUsage) throw unsupported(connection.name, 'storage per fileset')
      let report
      try {
        report = await adapter.filesetUsage({ from, to, interval }, signal)
      } catch (error) {
        throw transportError(connection.name, error)
      }
      const fetchedAt = now()
      for (const fileset of report.filesets) {
        store.merge(
          { connectionId: request.connectionId, scope: 'fileset', subject: fileset.name, interval },
          fileset.points,
          { ...coverage, fetchedAt, oddities: report.oddities }
        )
      }
    }
    const keySubjects = subjects.filter((subject) => subject.record)
    for (const subject of keySubjects) {
      const record = subject.record as KeyRecord
      try {
        const report = await keys.usage(
          request.connectionId,
          record.id,
          { from, to, interval },
          signal
        )
        store.merge(
          { connectionId: request.connectionId, scope: 'key', subject: record.id, interval },
          report.points,
          { ...coverage, fetchedAt: now(), oddities: report.oddities }
        )
        if (measure === 'requests') {
          const totals = totalsOf(request.connectionId, record)
          store.writeKeyTotals(record.id, {
            usage7d: totals.requests7d,
            usage30d: totals.requests30d,
            lastUsedAt: totals.lastUsedAt
          })
        }
      } catch (error) {
        // One key is the whole answer: its error is the answer. Several: the others still count.
        if (keySubjects.length === 1 || signal?.aborted) throw error
        failed.push(
          `${subject.label}: not refreshed (${error instanceof Error ? error.message : 'failed'})`
        )
      }
    }
    return view(request, failed)
  }

  const summary = async (
    connectionId: string,
    refreshQuota: boolean,
    signal?: AbortSignal
  ): Promise<UsageSummary> => {
    const connection = connections.get(connectionId)
    const measure = connections.moduleFor(connection.kind).capabilities.usage
    const adapter = refreshQuota ? connections.adapterFor(connectionId) : undefined
    if (adapter?.quota) {
      try {
        store.saveQuota(connectionId, await adapter.quota(signal), now())
      } catch (error) {
        throw transportError(connection.name, error)
      }
    }
    const records = measure === 'requests' ? inventory.listKeys(connectionId) : []
    const totals = records.map((record) => ({
      ...totalsOf(connectionId, record),
      bytes30d: null as number | null
    }))
    let fetchedAt: number | null = null
    for (const record of records) {
      for (const interval of ['minute', 'hour', 'day', 'week', 'month'] as const) {
        const fetch = store
          .fetches({ connectionId, scope: 'key', subject: record.id, interval }, 0, now() + day)
          .at(-1)
        if (fetch)
          fetchedAt = fetchedAt === null ? fetch.fetchedAt : Math.min(fetchedAt, fetch.fetchedAt)
      }
    }
    const stored = store.readQuota(connectionId)
    const known = totals.filter((t) => t.requests7d !== null)
    const recent = known.length > 0 ? known.reduce((sum, t) => sum + (t.requests7d ?? 0), 0) : null
    const quota: QuotaBurndown | null = stored
      ? quotaBurndown(stored.quota, stored.fetchedAt, recent, 7)
      : null
    return {
      connectionId,
      measure,
      keys: totals,
      quota,
      fetchedAt,
      limitDays: usageLimitDays[connection.kind]
    }
  }

  const flags = (): UsageAnomaly[] => {
    const out: UsageAnomaly[] = []
    for (const connection of connections.list()) {
      if (connections.moduleFor(connection.kind).capabilities.usage !== 'requests') continue
      for (const subject of subjectsOf(connection.id, { kind: 'connection' }, 'requests', true))
        out.push(...anomaliesOf(connection.id, subject))
    }
    return out
  }

  return {
    read: (request) => view(request),
    refresh,
    summary,
    flags,
    pointsOf: (connectionId, keyId, interval, from, to) =>
      pointsOfColumns(
        readSeries(
          connectionId,
          keySubject(keyRecord(connectionId, keyId)),
          interval,
          from,
          to,
          'sum'
        ).columns
      )
  }
}
