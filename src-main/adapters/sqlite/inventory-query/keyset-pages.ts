// Keyset paging of the key table: a page after a cursor, by a key column or by connection groups, without OFFSET; main process only.
import type { KeyRow } from '../../../contract/inventory.contract'
import { AppError } from '../../../contract/result'
import type {
  KeyPageQuery,
  KeyPageResult,
  KeysetPosition
} from '../../../core/ports/inventory-query.port'
import type { QueryContext, ReadPlanner } from './read-plan'
import { where } from './selection-sql'
import { compareValues, groupValues, type ColumnSort, type ConnectionInfo } from './sort-orders'

export interface KeysetPages {
  /** A page sorted by a key column (`plan`), nulls last in either direction. */
  columnPage: (query: KeyPageQuery, plan: ColumnSort) => KeyPageResult
  /** A page sorted by connection, kind or environment: connections in order, then their keys. */
  groupPage: (query: KeyPageQuery) => KeyPageResult
}

const badCursor = (): AppError =>
  new AppError(
    'BAD_REQUEST',
    'That page cursor is not valid for this search; start again from the first page.'
  )

type Ordered = { rid: number; sort_value: string | number | null; tie_value: string | number }

export const createKeysetPages = (
  { prepare }: QueryContext,
  { sourceFor }: ReadPlanner,
  rowsInOrder: (rids: readonly number[]) => KeyRow[]
): KeysetPages => {
  const columnPage = (query: KeyPageQuery, plan: ColumnSort): KeyPageResult => {
    const { selection, limit, after } = query
    const desc = query.sort.direction === 'desc'
    const dir = desc ? 'DESC' : 'ASC'
    const cmp = desc ? '<' : '>'
    const want = limit + 1
    // Keys to pass over first (a jump to a far place): OFFSET on the index walk, which steps over
    // index entries without reading the rows.
    let skip = after === undefined ? (query.skip ?? 0) : 0
    if (after !== undefined && after.phase === 'group') throw badCursor()
    if (after !== undefined && typeof after.tie !== (plan.tie === 'k.id' ? 'string' : 'number')) {
      throw badCursor()
    }
    if (after !== undefined && after.phase === 'null' && !plan.nullable) throw badCursor()

    const source = sourceFor(selection, false)
    /**
     * One stretch of the order: `tie`, the rest of the cursor's value (keys with that value after
     * the cursor's tie); `value`, the values after it (or from the start); `null`, the keys
     * without a value. The cursor's value is read apart because only `value = ? AND tie > ?`
     * lets SQLite seek straight to the cursor in the (value, tie) index; one combined condition
     * seeks to the value and then steps over every key with that value before the cursor, which
     * on a common value (a status, a tenant) is tens of thousands of index entries.
     */
    const run = (phase: 'tie' | 'value' | 'null', count: number, offset = 0): Ordered[] => {
      const { from, conditions, params } = source()
      if (phase === 'tie' && after?.phase === 'value') {
        params.kv = after.value
        params.kt = after.tie
        conditions.push(`${plan.expr} = @kv`, `${plan.tie} ${cmp} @kt`)
      } else if (phase === 'value') {
        if (plan.nullable) conditions.push(`${plan.expr} IS NOT NULL`)
        if (after?.phase === 'value') {
          params.kv = after.value
          conditions.push(`${plan.expr} ${cmp} @kv`)
        }
      } else {
        conditions.push(`${plan.expr} IS NULL`)
        if (after?.phase === 'null') {
          params.kt = after.tie
          conditions.push(`${plan.tie} ${cmp} @kt`)
        }
      }
      params.limit = count
      params.offset = offset
      const order =
        phase === 'value' ? `${plan.expr} ${dir}, ${plan.tie} ${dir}` : `${plan.tie} ${dir}`
      const sql = `SELECT k.rowid AS rid, ${plan.expr} AS sort_value, ${plan.tie} AS tie_value
        FROM ${from} ${where(conditions)} ORDER BY ${order} LIMIT @limit OFFSET @offset`
      return prepare(sql).all(params) as Ordered[]
    }
    /** How many keys the `value` stretch holds, to know how far into the `null` one a skip goes. */
    const valueCount = (): number => {
      const { from, conditions, params } = source()
      if (plan.nullable) conditions.push(`${plan.expr} IS NOT NULL`)
      return prepare(`SELECT count(*) AS n FROM ${from} ${where(conditions)}`)
        .pluck()
        .get(params) as number
    }

    const found: Ordered[] = []
    if (after?.phase === 'value') found.push(...run('tie', want))
    if ((after === undefined || after.phase === 'value') && found.length < want) {
      found.push(...run('value', want - found.length, skip))
      // The skip went past every value: what is left of it applies to the keys without one.
      if (found.length === 0 && skip > 0) skip = Math.max(0, skip - valueCount())
      else skip = 0
    }
    if (found.length < want && plan.nullable) {
      found.push(...run('null', want - found.length, skip))
    }

    const page = found.slice(0, limit)
    const last = page[page.length - 1]
    let next: KeysetPosition | undefined
    if (found.length > limit && last !== undefined) {
      next =
        last.sort_value === null
          ? { phase: 'null', tie: last.tie_value }
          : { phase: 'value', value: last.sort_value, tie: last.tie_value }
    }
    return { rows: rowsInOrder(page.map((entry) => entry.rid)), ...(next ? { next } : {}) }
  }

  const listConnections = prepare('SELECT id, name, kind, environment FROM connections')

  const groupPage = (query: KeyPageQuery): KeyPageResult => {
    const { selection, limit, after } = query
    const field = query.sort.field
    const desc = query.sort.direction === 'desc'
    const dir = desc ? 'DESC' : 'ASC'
    const cmp = desc ? '<' : '>'
    if (after !== undefined && after.phase !== 'group') throw badCursor()

    const allowed =
      selection.connectionIds === undefined ? undefined : new Set(selection.connectionIds)
    const order = (listConnections.all() as ConnectionInfo[])
      .filter((c) => allowed === undefined || allowed.has(c.id))
      .map((c) => ({ connection: c, key: [...groupValues(field, c), c.id] }))
      .sort((a, b) => compareValues(a.key, b.key) * (desc ? -1 : 1))

    let start = 0
    let resume: { tenant: string; hubKeyId: string } | undefined
    if (after?.phase === 'group') {
      const cursorKey = [...after.group, after.connectionId]
      start = order.findIndex((entry) => compareValues(entry.key, cursorKey) * (desc ? -1 : 1) >= 0)
      if (start === -1) start = order.length
      else if (order[start]?.connection.id === after.connectionId) {
        resume = { tenant: after.tenant, hubKeyId: after.hubKeyId }
      }
    }

    type Found = { rid: number; connection_id: string; tenant: string; hub_key_id: string }
    const want = limit + 1
    const found: Found[] = []
    const source = sourceFor(selection, true)
    // Keys to pass over first (a jump to a far place): whole connections by their count, then an
    // OFFSET into the connection the place falls in.
    let skip = after === undefined ? (query.skip ?? 0) : 0
    for (let index = start; index < order.length && found.length < want; index += 1) {
      const connection = order[index]?.connection as ConnectionInfo
      const { from, conditions, params } = source()
      params.cid = connection.id
      if (skip > 0) {
        const count = prepare(
          `SELECT count(*) FROM ${from} ${where([...conditions, 'k.connection_id = @cid'])}`
        )
          .pluck()
          .get(params) as number
        if (skip >= count) {
          skip -= count
          continue
        }
      }
      // The UNIQUE (connection_id, tenant, hub_key_id) index gives this order without sorting.
      conditions.push('k.connection_id = @cid')
      if (index === start && resume !== undefined) {
        params.gt = resume.tenant
        params.gh = resume.hubKeyId
        conditions.push(`(k.tenant, k.hub_key_id) ${cmp} (@gt, @gh)`)
      }
      params.limit = want - found.length
      params.offset = skip
      skip = 0
      const sql = `SELECT k.rowid AS rid, k.connection_id, k.tenant, k.hub_key_id FROM ${from}
        ${where(conditions)} ORDER BY k.tenant ${dir}, k.hub_key_id ${dir} LIMIT @limit OFFSET @offset`
      found.push(...(prepare(sql).all(params) as Found[]))
    }

    const page = found.slice(0, limit)
    const last = page[page.length - 1]
    let next: KeysetPosition | undefined
    if (found.length > limit && last !== undefined) {
      const connection = order.find((entry) => entry.connection.id === last.connection_id)
      next = {
        phase: 'group',
        group: connection ? connection.key.slice(0, -1) : [],
        connectionId: last.connection_id,
        tenant: last.tenant,
        hubKeyId: last.hub_key_id
      }
    }
    return { rows: rowsInOrder(page.map((entry) => entry.rid)), ...(next ? { next } : {}) }
  }

  return { columnPage, groupPage }
}
