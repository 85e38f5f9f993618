// Benchmark: one 100-row key-table page sorted by each sortable column (first page and 50,000 rows in, both directions) over 100,000 keys, against the 5 ms target; run by the bench runner under Node.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createSqliteInventoryQueryStore } from '../../src-main/adapters/sqlite/inventory-query.repository'
import {
  columnSorts,
  isGroupSort
} from '../../src-main/adapters/sqlite/inventory-query/sort-orders'
import { openStore, type SqliteDb } from '../../src-main/adapters/sqlite/open-db'
import { createSqliteSavedFiltersStore } from '../../src-main/adapters/sqlite/saved-filters.repository'
import {
  keyPageRequestSchema,
  keySortFields,
  maxPageSize,
  type KeySort,
  type KeySortField
} from '../../src-main/contract/inventory.contract'
import { encodeCursor } from '../../src-main/core/inventory/inventory-query'
import {
  createInventoryQueryService,
  type InventoryQueryService
} from '../../src-main/core/inventory/inventory-query.service'
import type { KeysetPosition } from '../../src-main/core/ports/inventory-query.port'
import { seedInventory, seedNow } from '../integration/inventory/inventory-seed'
import { roundMs, summarise, type Metrics } from './bench-metrics'

const keyCount = 100_000
const pageSize = 100
const deepRows = 50_000
const rounds = 15
/** Issue 15: every sortable column reads a page of a 100,000-key table within this. */
const targetMs = 5

const timed = (fn: () => unknown): number => {
  const started = performance.now()
  fn()
  return performance.now() - started
}

/** Best of three: the work's own cost, without the moments another process had the CPU. */
const bestOf3 = (fn: () => unknown): number => Math.min(timed(fn), timed(fn), timed(fn))

/** The cursor after `rows` rows of a sort, read in the largest pages the contract allows. */
const walkedCursorAt = (service: InventoryQueryService, sort: KeySort, rows: number): string => {
  let cursor: string | undefined
  for (let read = 0; read < rows; read += maxPageSize) {
    const page = service.query(
      keyPageRequestSchema.parse({ sort, limit: maxPageSize, ...(cursor ? { cursor } : {}) })
    )
    cursor = page.nextCursor ?? undefined
    if (!cursor) throw new Error(`the ${sort.field} sort ended before row ${rows}`)
  }
  return cursor as string
}

/**
 * The same cursor for a key-column sort, from the row at that offset (values first, then the keys
 * without one, as the store orders them): walking 50,000 rows for each of 18 sorts would take
 * most of the bench's time. Connection-grouped sorts are walked.
 */
const cursorAt = (
  db: SqliteDb,
  service: InventoryQueryService,
  sort: KeySort,
  rows: number
): string => {
  if (isGroupSort(sort.field)) return walkedCursorAt(service, sort, rows)
  const { expr, tie } = columnSorts[sort.field]
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC'
  const at = db
    .prepare(
      `SELECT ${expr} AS value, ${tie} AS tie FROM keys k
       ORDER BY ${expr} IS NULL, ${expr} ${dir}, ${tie} ${dir} LIMIT 1 OFFSET ?`
    )
    .get(rows - 1) as { value: string | number | null; tie: string | number }
  const position: KeysetPosition =
    at.value === null
      ? { phase: 'null', tie: at.tie }
      : { phase: 'value', value: at.value, tie: at.tie }
  return encodeCursor(keyPageRequestSchema.parse({ sort }), seedNow, position)
}

/** `usage7d` -> `usage_7d`, `lastUsed` -> `last_used`: metric names are snake_case. */
const snake = (field: KeySortField): string =>
  field
    .replace(/([A-Z])/g, '_$1')
    .replace(/(\d+)/g, '_$1')
    .toLowerCase()

/**
 * Builds a store of 100,000 keys (the search bench's seed), then for every sortable column times
 * four pages of 100 rows: the first and the one 50,000 rows in, ascending and descending, each
 * after a warm-up read; 15 samples of each page, each the best of three reads. A column's time is
 * the median of its slowest page, so a column is under the target only if all four of its pages
 * are; `table_page_sorted_max_ms` is the
 * slowest column. Pages are read through the service, as the table's channel reads them (cursor
 * decoding and row mapping included).
 */
export async function run(): Promise<Metrics> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-table-sort-'))
  const { db } = openStore({ dataDir })
  try {
    seedInventory(db, { keys: keyCount, seed: 99 })
    const service = createInventoryQueryService({
      store: createSqliteInventoryQueryStore(db),
      savedFilters: createSqliteSavedFiltersStore(db),
      now: () => seedNow
    })

    // The shortcut must hand out the cursor walking would (checked on a sort with empty values).
    const checked: KeySort = { field: 'usage30d', direction: 'desc' }
    if (cursorAt(db, service, checked, deepRows) !== walkedCursorAt(service, checked, deepRows)) {
      throw new Error('the computed deep cursor differs from the walked one')
    }

    type Variant = { field: KeySortField; read: () => void; samples: number[] }
    const variants: Variant[] = []
    for (const field of keySortFields) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort: KeySort = { field, direction }
        for (const cursor of [undefined, cursorAt(db, service, sort, deepRows)]) {
          const request = keyPageRequestSchema.parse({
            sort,
            limit: pageSize,
            ...(cursor ? { cursor } : {})
          })
          const read = () => {
            if (service.query(request).rows.length !== pageSize) throw new Error('short page')
          }
          read()
          variants.push({ field, read, samples: [] })
        }
      }
    }
    // Round-robin over every page, so a stretch of load from other processes on this shared
    // machine slows all columns alike instead of whichever one it happened to meet.
    for (let round = 0; round < rounds; round += 1) {
      for (const variant of variants) variant.samples.push(bestOf3(variant.read))
    }

    const perColumn: Metrics = {}
    let slowest = 0
    for (const field of keySortFields) {
      const medians = variants
        .filter((variant) => variant.field === field)
        .map((variant) => summarise(variant.samples).median)
      const columnMs = Math.max(...medians)
      slowest = Math.max(slowest, columnMs)
      perColumn[`table_page_sorted_${snake(field)}_ms`] = { value: roundMs(columnMs), unit: 'ms' }
    }

    return {
      table_page_sorted_max_ms: { value: roundMs(slowest), unit: 'ms' },
      table_page_sorted_target_ms: { value: targetMs, unit: 'ms' },
      ...perColumn
    }
  } finally {
    db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
