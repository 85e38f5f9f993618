// The inventory read service: key table pages, key detail, saved filters, hygiene counts, reminders and the .ics export; runs in main, web mode and the CLI.
import {
  connectionHygieneCheckIds,
  defaultMaxAgeDays,
  keyQuerySchema,
  maxPageSize,
  maxSavedFilters,
  type HygieneIcs,
  type HygieneSummary,
  type KeyDetail,
  type KeyPage,
  type KeyPageRequest,
  type KeyQuery,
  type KeyRow,
  type ReminderLog,
  type SavedFilter
} from '../../contract/inventory.contract'
import { AppError } from '../../contract/result'
import type { InventoryQueryStore, SavedFiltersStore } from '../ports/inventory-query.port'
import { buildExpiryCalendar, isTimeZone } from './expiry-calendar'
import { connectionCheckQuery, dueReminders, hygieneChecks, type ExpiryReminder } from './hygiene'
import { dayMs, decodeCursor, encodeCursor, resolveSelection } from './inventory-query'

export interface InventoryQueryServiceOptions {
  store: InventoryQueryStore
  savedFilters: SavedFiltersStore
  now?: () => number
}

/** Most events one calendar file holds; the soonest are kept. */
export const maxCalendarEvents = 5000

export interface InventoryQueryService {
  /** One page of the key table; pass `nextCursor` back with the same query for the next. */
  query(request: KeyPageRequest): KeyPage
  /** Throws NOT_FOUND when the key is not in the cache. */
  get(id: string): KeyDetail
  /** The details of the keys still cached, in the order asked. */
  getMany(ids: readonly string[]): KeyDetail[]
  /** Every matching row, page by page (for the CLI's `keys list`). */
  all(query: KeyQuery): Generator<KeyRow, void, undefined>
  listFilters(): SavedFilter[]
  saveFilter(name: string, query: KeyQuery): SavedFilter
  /** Throws NOT_FOUND when there is no such filter. */
  deleteFilter(id: string): void
  hygiene(maxAgeDays?: number): HygieneSummary
  calendar(days: number, timeZone?: string): HygieneIcs
  /** Expiry reminders due now; store the returned log (preferences) and pass it back next time. */
  reminders(log: ReminderLog): { due: ExpiryReminder[]; log: ReminderLog }
}

export const createInventoryQueryService = (
  options: InventoryQueryServiceOptions
): InventoryQueryService => {
  const { store, savedFilters } = options
  const clock = options.now ?? Date.now

  const query = (request: KeyPageRequest): KeyPage => {
    const decoded = request.cursor === undefined ? undefined : decodeCursor(request.cursor, request)
    const now = decoded?.now ?? clock()
    const result = store.page({
      selection: resolveSelection(request, now, store),
      sort: request.sort,
      limit: request.limit,
      withTotal: request.withTotal,
      ...(decoded ? { after: decoded.position } : request.offset ? { skip: request.offset } : {})
    })
    return {
      rows: result.rows,
      nextCursor: result.next ? encodeCursor(request, now, result.next) : null,
      ...(result.total === undefined ? {} : { total: result.total }),
      at: now
    }
  }

  const toSavedFilter = (record: ReturnType<SavedFiltersStore['list']>[number]) => {
    const parsed = keyQuerySchema.safeParse(record.query)
    return parsed.success
      ? {
          id: record.id,
          name: record.name,
          query: parsed.data,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt
        }
      : undefined
  }

  return {
    query,
    get: (id) => {
      const detail = store.get(id)
      if (!detail) {
        throw new AppError('NOT_FOUND', 'That key is no longer in the inventory; sync to refresh.')
      }
      return detail
    },
    getMany: (ids) =>
      ids.flatMap((id) => {
        const detail = store.get(id)
        return detail ? [detail] : []
      }),
    *all(keyQuery) {
      let cursor: string | undefined
      do {
        const page = query({
          ...keyQuery,
          limit: maxPageSize,
          withTotal: false,
          ...(cursor === undefined ? {} : { cursor })
        })
        yield* page.rows
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
    },
    // A filter saved by a build whose query model has since changed no longer parses; it is left
    // out rather than shown as something it is not (saving under its name replaces it).
    listFilters: () =>
      savedFilters
        .list()
        .map(toSavedFilter)
        .filter((filter): filter is SavedFilter => filter !== undefined),
    saveFilter: (name, keyQuery) => {
      const trimmed = name.trim()
      const exists = savedFilters
        .list()
        .some((filter) => filter.name.toLowerCase() === trimmed.toLowerCase())
      if (!exists && savedFilters.count() >= maxSavedFilters) {
        throw new AppError(
          'CONFLICT',
          `There are already ${maxSavedFilters} saved filters; delete one before saving another.`
        )
      }
      const saved = toSavedFilter(savedFilters.save(trimmed, keyQuerySchema.parse(keyQuery)))
      if (!saved) throw new AppError('INTERNAL', 'The filter was saved but could not be read back.')
      return saved
    },
    deleteFilter: (id) => {
      if (!savedFilters.delete(id)) {
        throw new AppError('NOT_FOUND', 'That saved filter no longer exists.')
      }
    },
    hygiene: (maxAgeDays = defaultMaxAgeDays) => {
      const now = clock()
      const checks = hygieneChecks(maxAgeDays)
      const perConnection = checks.filter((check) =>
        (connectionHygieneCheckIds as readonly string[]).includes(check.id)
      )
      const connectionIds = store.connectionIdsWhere()
      const queries = [
        ...checks.map((check) => check.query),
        ...connectionIds.flatMap((connectionId) =>
          perConnection.map((check) => connectionCheckQuery(check.query, connectionId))
        )
      ]
      // One count call: the global and per-connection counts come from the same read.
      const counts = store.count(queries.map((entry) => resolveSelection(entry, now, store)))
      const countOf = (connectionIndex: number, checkIndex: number): number =>
        counts[checks.length + connectionIndex * perConnection.length + checkIndex] ?? 0
      return {
        at: now,
        maxAgeDays,
        items: checks.map((check, index) => ({ ...check, count: counts[index] ?? 0 })),
        byConnection: connectionIds.map((connectionId, connectionIndex) => ({
          connectionId,
          counts: {
            'expiring-30d': 0,
            'allow-all-prod': 0,
            'unused-90d': 0,
            'missing-at-hub': 0,
            ...Object.fromEntries(
              perConnection.map((check, checkIndex) => [
                check.id,
                countOf(connectionIndex, checkIndex)
              ])
            )
          }
        }))
      }
    },
    calendar: (days, timeZone) => {
      if (timeZone !== undefined && !isTimeZone(timeZone)) {
        throw new AppError('BAD_REQUEST', `"${timeZone}" is not a time zone Hubkeys knows.`)
      }
      const now = clock()
      const keys = store.expiring(now, now + days * dayMs, maxCalendarEvents + 1)
      const kept = keys.slice(0, maxCalendarEvents)
      return {
        fileName: 'hubkeys-expiries.ics',
        content: buildExpiryCalendar(kept, { now, ...(timeZone ? { timeZone } : {}) }),
        events: kept.length,
        truncated: keys.length > maxCalendarEvents
      }
    },
    reminders: (log) => {
      const now = clock()
      // Every key due within 30 days: a truncated list would drop log entries and re-announce.
      return dueReminders(now, store.expiring(now, now + 30 * dayMs, Number.MAX_SAFE_INTEGER), log)
    }
  }
}
