// Guards that every key-table sort reads an index in its own order: EXPLAIN QUERY PLAN of each statement a page runs, for every sortable column, both directions, first and cursor pages, on real SQLite.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Statement } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteInventoryQueryStore } from '../../../src-main/adapters/sqlite/inventory-query.repository'
import {
  columnSorts,
  isGroupSort
} from '../../../src-main/adapters/sqlite/inventory-query/sort-orders'
import { openStore, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { keySortFields, type KeySort } from '../../../src-main/contract/inventory.contract'
import type {
  InventoryQueryStore,
  KeyPageQuery,
  KeysetPosition
} from '../../../src-main/core/ports/inventory-query.port'
import { seedInventory } from './inventory-seed'

type Ran = { sql: string; params: unknown[] }

/**
 * The database as the store sees it, except that every statement run through `all` or `get` is
 * written down with its parameters, so the test explains exactly what a page executed.
 */
const recording = (db: SqliteDb, ran: Ran[]): SqliteDb =>
  new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string): Statement => {
          const statement = target.prepare(sql)
          for (const method of ['all', 'get'] as const) {
            const original = statement[method].bind(statement) as (...args: unknown[]) => unknown
            Object.defineProperty(statement, method, {
              value: (...params: unknown[]) => {
                ran.push({ sql, params })
                return original(...params)
              }
            })
          }
          return statement
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      // better-sqlite3's methods check their receiver, so they must run on the real object.
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    }
  })

/** The steps of a statement's plan, as EXPLAIN QUERY PLAN words them. */
const planOf = (db: SqliteDb, { sql, params }: Ran): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (step) => step.detail
  )

/**
 * What is wrong with a statement's plan: a sort step (the page would read and sort every match
 * before its first row) or a scan of the keys table that no index orders.
 */
const planProblems = (db: SqliteDb, ran: Ran): string[] =>
  planOf(db, ran)
    .filter((detail) => /TEMP B-TREE FOR ORDER BY/.test(detail) || /^SCAN (k|keys)$/.test(detail))
    .map((detail) => `${detail}\n  in: ${ran.sql.replace(/\s+/g, ' ')}`)

let dataDir: string
let db: SqliteDb
let ran: Ran[]
let store: InventoryQueryStore
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-sort-plans-'))
  db = openStore({ dataDir }).db
  seedInventory(db, { keys: 600, seed: 7 })
  ran = []
  store = createSqliteInventoryQueryStore(recording(db, ran))
})
afterAll(() => {
  db.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Runs one page; returns every plan step of the statements it ran, and the problems among them. */
const explainPage = (
  sort: KeySort,
  after?: KeysetPosition
): { steps: string[]; problems: string[] } => {
  ran.length = 0
  const query: KeyPageQuery = { selection: {}, sort, limit: 100, withTotal: false }
  store.page(after === undefined ? query : { ...query, after })
  const ordered = ran.filter((entry) => /ORDER BY/.test(entry.sql))
  // Guards the guard: a page that ran no ordered statement would pass without checking anything.
  expect(ordered.length, `${sort.field} ${sort.direction}`).toBeGreaterThan(0)
  return {
    steps: ran.flatMap((entry) => planOf(db, entry)),
    problems: ran.flatMap((entry) => planProblems(db, entry))
  }
}

/**
 * The positions a page can start from: the cursor the first page hands out and, for sorts with
 * empty values, one inside the keys without a value (ties there are rowids).
 */
const cursorsOf = (sort: KeySort): KeysetPosition[] => {
  const first = store.page({ selection: {}, sort, limit: 100, withTotal: false })
  if (first.next === undefined) throw new Error(`${sort.field}: the seed fills only one page`)
  const cursors = [first.next]
  if (!isGroupSort(sort.field) && columnSorts[sort.field].nullable) {
    cursors.push({ phase: 'null', tie: 1 })
  }
  return cursors
}

const sorts: KeySort[] = keySortFields.flatMap((field) =>
  (['asc', 'desc'] as const).map((direction) => ({ field, direction }))
)

describe('key-table sort plans', () => {
  it.each(sorts.map((sort) => [`${sort.field} ${sort.direction}`, sort] as const))(
    '%s reads its first page from an index in order, without a sort step',
    (_, sort) => {
      expect(explainPage(sort).problems).toEqual([])
    }
  )

  it.each(sorts.map((sort) => [`${sort.field} ${sort.direction}`, sort] as const))(
    '%s reads a page after a cursor by seeking to it in an index, without a sort step',
    (_, sort) => {
      for (const cursor of cursorsOf(sort)) {
        const { steps, problems } = explainPage(sort, cursor)
        expect(problems, JSON.stringify(cursor)).toEqual([])
        // Seeks to the cursor (its value, then past its tie) rather than stepping over the keys
        // that share its value: keys_tenant (tenant=? AND rowid>?), or the connection's index.
        expect(steps.join('\n'), JSON.stringify(cursor)).toMatch(/\(\w+=\? AND \(?[\w,]+\)?[<>]/)
      }
    }
  )

  it('reports a sort whose index is gone (the check can fail)', () => {
    db.exec('DROP INDEX keys_usage_30d')
    try {
      const { problems } = explainPage({ field: 'usage30d', direction: 'desc' })
      expect(problems.join('\n')).toMatch(/TEMP B-TREE FOR ORDER BY/)
    } finally {
      db.exec('CREATE INDEX keys_usage_30d ON keys (usage_30d)')
    }
  })
})
