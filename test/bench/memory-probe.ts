// Child process of the memory benchmark: opens a store of 100,000 keys as the main process does, runs the inventory queries, prints its memory as JSON; plain Node via tsx.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../src-main/adapters/platform/install-node-platform'
import { createSqliteInventoryQueryStore } from '../../src-main/adapters/sqlite/inventory-query.repository'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { createSqliteSavedFiltersStore } from '../../src-main/adapters/sqlite/saved-filters.repository'
import { keyPageRequestSchema } from '../../src-main/contract/inventory.contract'
import { createInventoryQueryService } from '../../src-main/core/inventory/inventory-query.service'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: memory-probe.ts <dataDir>')

const baselineRss = process.memoryUsage().rss
const { db } = openStore({ dataDir })
const service = createInventoryQueryService({
  store: createSqliteInventoryQueryStore(db),
  savedFilters: createSqliteSavedFiltersStore(db)
})

// What a session does: scrolling the table in a few sorts, searches, the hygiene overview, the
// calendar export, and paging through the whole inventory once (as `keys list` does).
let rows = 0
for (const sort of ['name', 'expires', 'connection', 'usage30d'] as const) {
  let cursor: string | undefined
  for (let page = 0; page < 20; page += 1) {
    const result = service.query(
      keyPageRequestSchema.parse({
        sort: { field: sort },
        limit: 500,
        withTotal: page === 0,
        ...(cursor ? { cursor } : {})
      })
    )
    rows += result.rows.length
    cursor = result.nextCursor ?? undefined
  }
}
for (const search of ['grafana', 'acme', 'pci', 'cy_a', 'runbook', 'owl data']) {
  rows += service.query(keyPageRequestSchema.parse({ search, withTotal: true })).rows.length
}
service.hygiene()
service.calendar(365)
let listed = 0
for (const _row of service.all(keyPageRequestSchema.parse({}))) listed += 1

const memory = process.memoryUsage()
db.close()
process.stdout.write(
  `${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, baselineRss, rows, listed })}\n`
)
