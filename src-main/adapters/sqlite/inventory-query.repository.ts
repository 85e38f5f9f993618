// SQLite implementation of the InventoryQueryStore port: filtered, searched, keyset-paged reads of the key inventory; main process only.
// The parts live in inventory-query/: selection SQL, read planning, sort orders, keyset pages,
// counts and row mapping. This file holds the statement cache and answers the port.
import type { Statement } from 'better-sqlite3'
import type { Environment, HubKind } from '../../contract/hubs.contract'
import type {
  ExpiringKey,
  InventoryQueryStore,
  KeyPageResult
} from '../../core/ports/inventory-query.port'
import { createKeyCounts } from './inventory-query/key-counts'
import { createRowsInOrder, rowColumns, toDetail, type DetailRow } from './inventory-query/key-rows'
import { createKeysetPages } from './inventory-query/keyset-pages'
import { createReadPlanner, type QueryContext } from './inventory-query/read-plan'
import { registerAllowsAllFunction } from './inventory-query/selection-sql'
import { columnSorts, isGroupSort } from './inventory-query/sort-orders'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

export interface SqliteInventoryQueryOptions {
  /**
   * A search (or a connection filter) matching at most this many keys is read from the full-text
   * (or connection) index and sorted; a broader one walks the sort order and checks each key,
   * which stops as soon as the page is full. Tests lower it to exercise both paths on small data.
   */
  driveLimit?: number
}

/** Needs a migrated database; shares the connection with the other repositories. */
export const createSqliteInventoryQueryStore = (
  db: SqliteDb,
  options: SqliteInventoryQueryOptions = {}
): InventoryQueryStore => {
  registerAllowsAllFunction(db)

  const statements = new Map<string, Statement>()
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql)
    if (statement === undefined) {
      statement = db.prepare(sql)
      // Query shapes come from a small set of filter combinations; the cap only guards memory.
      if (statements.size >= 300) statements.clear()
      statements.set(sql, statement)
    }
    return statement
  }

  const guard = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, 'read the key inventory')
    }
  }

  const context: QueryContext = { prepare, driveLimit: options.driveLimit ?? 4000 }
  const planner = createReadPlanner(context)
  const { total, countAll } = createKeyCounts(context, planner)
  const { columnPage, groupPage } = createKeysetPages(context, planner, createRowsInOrder(db))

  const selectDetail = db.prepare<[string], DetailRow>(
    `SELECT ${rowColumns}, NULL AS sort_value, k.scopes, k.headers, k.notes, k.fingerprint, k.oddities,
       k.deleted_at
     FROM keys k JOIN connections c ON c.id = k.connection_id WHERE k.id = ?`
  )
  const selectExpiring = db.prepare<
    { from: number; to: number; limit: number },
    {
      id: string
      name: string
      connection_name: string
      environment: Environment
      kind: HubKind
      tenant: string
      hub_key_id: string
      expires_at: number
    }
  >(
    `SELECT k.id, k.name, c.name AS connection_name, c.environment, c.kind, k.tenant, k.hub_key_id, k.expires_at
     FROM keys k JOIN connections c ON c.id = k.connection_id
     WHERE k.expires_at > @from AND k.expires_at <= @to
       -- A key gone from its hub (missing) or deleted through Hubkeys needs no expiry reminder.
       AND k.status NOT IN ('missing', 'deleted')
     ORDER BY k.expires_at, k.id LIMIT @limit`
  )

  return {
    page: (query) =>
      guard(() =>
        // One read transaction: the page, its rows and the total come from the same snapshot.
        db.transaction((): KeyPageResult => {
          const field = query.sort.field
          const result = isGroupSort(field)
            ? groupPage(query)
            : columnPage(query, columnSorts[field])
          return query.withTotal ? { ...result, total: total(query.selection) } : result
        })()
      ),
    get: (id) =>
      guard(() => {
        const row = selectDetail.get(id)
        return row === undefined ? undefined : toDetail(row)
      }),
    count: (selections) => guard(() => db.transaction(() => countAll(selections))()),
    expiring: (from, to, limit) =>
      guard(() =>
        selectExpiring.all({ from, to, limit }).map((row): ExpiringKey => ({
          id: row.id,
          name: row.name,
          connectionName: row.connection_name,
          environment: row.environment,
          kind: row.kind,
          tenant: row.tenant,
          hubKeyId: row.hub_key_id,
          expiresAt: row.expires_at
        }))
      ),
    matchExpression: (phrases) =>
      guard(() => {
        const connectionsMatching = prepare(
          'SELECT DISTINCT char(57344) || hex(id) FROM connections_fts WHERE connections_fts MATCH ?'
        ).pluck(true)
        return phrases
          .map((phrase) => {
            // The key's own texts, or the token (migration 15) of a connection the phrase names.
            const tokens = connectionsMatching.all(phrase) as string[]
            if (tokens.length === 0) return phrase
            return `(${[phrase, ...tokens.map((token) => `"${token}"`)].join(' OR ')})`
          })
          .join(' AND ')
      }),
    connectionIdsWhere: (kinds, environments) =>
      guard(
        () =>
          prepare(
            `SELECT id FROM connections
             WHERE (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
               AND (@environments IS NULL OR environment IN (SELECT value FROM json_each(@environments)))
             ORDER BY id`
          )
            .pluck(true)
            .all({
              kinds: kinds === undefined ? null : JSON.stringify(kinds),
              environments: environments === undefined ? null : JSON.stringify(environments)
            }) as string[]
      )
  }
}
