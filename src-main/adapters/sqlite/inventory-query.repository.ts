// SQLite implementation of the InventoryQueryStore port: filtered, searched, keyset-paged reads of the key inventory; main process only.
import type { Statement } from 'better-sqlite3'
import {
  keyStatusSchema,
  type Environment,
  type HubKind,
  type KeyStatus
} from '../../contract/hubs.contract'
import type { KeyDetail, KeyRow, KeySortField } from '../../contract/inventory.contract'
import { allowsAll } from '../../contract/ip-rules'
import { AppError } from '../../contract/result'
import type {
  ExpiringKey,
  InventoryQueryStore,
  KeyPageQuery,
  KeyPageResult,
  KeySelection,
  KeysetPosition
} from '../../core/ports/inventory-query.port'
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

type Row = {
  rid: number
  id: string
  connection_id: string
  connection_name: string
  kind: HubKind
  environment: Environment
  colour: string | null
  tenant: string
  hub_key_id: string
  name: string
  status: string
  role: string | null
  created_at: number | null
  expires_at: number | null
  last_used_at: number | null
  usage_7d: number | null
  usage_30d: number | null
  owner: string | null
  tags: string
  ip_rules: string
  has_notes: number
  has_secret: number
  synced_at: number
  sort_value: string | number | null
}

type DetailRow = Row & {
  scopes: string
  headers: string
  notes: string | null
  fingerprint: string | null
  oddities: string
}

type Params = Record<string, string | number>

const knownStatuses: readonly string[] = keyStatusSchema.options
/** Statuses a hub may send that Hubkeys maps to 'unknown'; kept in SQL so 'unknown' can match them. */
const namedStatuses = knownStatuses.filter((status) => status !== 'unknown')

const rowColumns = `k.rowid AS rid, k.id, k.connection_id, c.name AS connection_name, c.kind, c.environment,
  c.colour, k.tenant, k.hub_key_id, k.name, k.status, k.role, k.created_at, k.expires_at, k.last_used_at,
  k.usage_7d, k.usage_30d, k.owner, k.tags, k.ip_rules, (coalesce(k.notes, '') <> '') AS has_notes,
  (k.secret_id IS NOT NULL) AS has_secret, k.synced_at`

/** How each key-column sort orders rows. `tie` makes the order total; its index order is what keeps pages cheap. */
type ColumnSort = { expr: string; nullable: boolean; tie: 'k.id' | 'k.rowid' }
const columnSorts: Record<
  Exclude<KeySortField, 'connection' | 'kind' | 'environment'>,
  ColumnSort
> = {
  // keys_name is (name COLLATE NOCASE, id): the index gives this exact order.
  name: { expr: 'k.name COLLATE NOCASE', nullable: false, tie: 'k.id' },
  // Single-column indexes hold (value, rowid), so rowid as the tie keeps them in order.
  status: { expr: 'k.status', nullable: false, tie: 'k.rowid' },
  created: { expr: 'k.created_at', nullable: true, tie: 'k.rowid' },
  expires: { expr: 'k.expires_at', nullable: true, tie: 'k.rowid' },
  lastUsed: { expr: 'k.last_used_at', nullable: true, tie: 'k.rowid' },
  // No index (migration 4 has none): these scan and sort, see the benchmark.
  tenant: { expr: 'k.tenant COLLATE NOCASE', nullable: false, tie: 'k.rowid' },
  role: { expr: 'k.role COLLATE NOCASE', nullable: true, tie: 'k.rowid' },
  usage7d: { expr: 'k.usage_7d', nullable: true, tie: 'k.rowid' },
  usage30d: { expr: 'k.usage_30d', nullable: true, tie: 'k.rowid' }
}

const environmentRank: Record<Environment, number> = { prod: 0, staging: 1, dev: 2 }

/** SQLite's NOCASE folds ASCII letters only; the grouped sorts mirror it in JavaScript. */
const foldAscii = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

const parseJson = (text: string | null): unknown => {
  if (text === null) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

const stringList = (text: string | null): string[] => {
  const value = parseJson(text)
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** `null` = unrestricted; a list of the rules otherwise (non-text entries left out). */
const ipRulesOf = (text: string): string[] | null => {
  const value = parseJson(text)
  if (value === null) return null
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

const badCursor = (): AppError =>
  new AppError(
    'BAD_REQUEST',
    'That page cursor is not valid for this search; start again from the first page.'
  )

const compareValues = (
  a: readonly (string | number)[],
  b: readonly (string | number)[]
): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (typeof x === typeof y) return x < y ? -1 : 1
    // Numbers before text, as SQLite orders them.
    return typeof x === 'number' ? -1 : 1
  }
  return 0
}

interface ConnectionInfo {
  id: string
  name: string
  kind: HubKind
  environment: Environment
}

const groupValues = (field: KeySortField, c: ConnectionInfo): (string | number)[] => {
  const name = foldAscii(c.name)
  if (field === 'kind') return [c.kind, name]
  if (field === 'environment') return [environmentRank[c.environment] ?? 9, name]
  return [name]
}

/** Needs a migrated database; shares the connection with the other repositories. */
export const createSqliteInventoryQueryStore = (
  db: SqliteDb,
  options: SqliteInventoryQueryOptions = {}
): InventoryQueryStore => {
  const driveLimit = options.driveLimit ?? 4000

  // The contract's own allowsAll decides, so the filter and the table's badge never disagree about
  // odd rules (netmask forms, rules a hub sent that do not parse). A GLOB in SQL lets only rule
  // lists holding a rule that ends in 0 (as every /0 and 0.0.0.0 mask does) reach it.
  const verdicts = new Map<string, number>()
  db.function('hubkeys_allows_all', { deterministic: true }, (text: unknown): number => {
    if (typeof text !== 'string') return 0
    const known = verdicts.get(text)
    if (known !== undefined) return known
    const verdict = allowsAll(ipRulesOf(text)) ? 1 : 0
    if (verdicts.size >= 10_000) verdicts.clear()
    verdicts.set(text, verdict)
    return verdict
  })

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

  /**
   * WHERE conditions for everything but the text match, parameters named under `prefix`. For
   * pages (`use: 'page'`) each condition carries a unary `+` that keeps SQLite (which has no
   * statistics here) from driving the query by that column's index and then sorting what it
   * found: status and one-sided date ranges usually match much of the inventory, and walking the
   * sort index until the page is full is then far cheaper. Only the expiry window (a two-sided
   * range, narrow by nature) and, when `driveByConnection`, the connection list stay indexable.
   */
  const conditionsOf = (
    selection: KeySelection,
    prefix: string,
    params: Params,
    use: 'page' | 'count',
    driveByConnection = false
  ): string[] => {
    const p = use === 'page' ? '+' : ''
    const conditions: string[] = []
    const list = (name: string, values: readonly string[]): string =>
      values
        .map((value, index) => {
          params[`${prefix}${name}${index}`] = value
          return `@${prefix}${name}${index}`
        })
        .join(', ')
    if (selection.connectionIds !== undefined) {
      conditions.push(
        selection.connectionIds.length === 0
          ? '0'
          : `${driveByConnection ? '' : '+'}k.connection_id IN (${list('c', selection.connectionIds)})`
      )
    }
    if (selection.statuses !== undefined) {
      const named = selection.statuses.filter((status) => status !== 'unknown')
      const parts: string[] = []
      if (named.length > 0) parts.push(`${p}k.status IN (${list('s', named)})`)
      if (selection.statuses.includes('unknown')) {
        parts.push(`${p}k.status NOT IN (${namedStatuses.map((s) => `'${s}'`).join(', ')})`)
      }
      conditions.push(parts.length === 0 ? '0' : `(${parts.join(' OR ')})`)
    }
    const value = (name: string, v: number): string => {
      params[`${prefix}${name}`] = v
      return `@${prefix}${name}`
    }
    if (selection.expiresAfter !== undefined) {
      conditions.push(`k.expires_at > ${value('ea', selection.expiresAfter)}`)
    }
    if (selection.expiresBy !== undefined) {
      conditions.push(`k.expires_at <= ${value('eb', selection.expiresBy)}`)
    }
    if (selection.expiredAt !== undefined) {
      // Counted, the OR of two indexed columns is answered from both indexes (MULTI-INDEX OR);
      // on a page that would read and sort every expired key before the first row.
      conditions.push(
        `(${p}k.expires_at <= ${value('ex', selection.expiredAt)} OR ${p}k.status = 'expired')`
      )
    }
    if (selection.unusedSince !== undefined) {
      const since = value('us', selection.unusedSince)
      conditions.push(
        // Never by index: with the OR, SQLite reads last_used_at's index and then every row anyway.
        `(+k.last_used_at < ${since} OR (+k.last_used_at IS NULL AND (+k.created_at IS NULL OR +k.created_at < ${since})))`
      )
    }
    if (selection.noIpRestriction === true) conditions.push(`k.ip_rules = 'null'`)
    if (selection.allowAll === true) {
      conditions.push(
        `(k.ip_rules = 'null' OR ((k.ip_rules GLOB '*0[" \\]*' OR k.ip_rules GLOB '*0[^ -~]*') AND hubkeys_allows_all(k.ip_rules)))`
      )
    }
    if (selection.createdBefore !== undefined) {
      conditions.push(`${p}k.created_at < ${value('cb', selection.createdBefore)}`)
    }
    if (selection.tags !== undefined) {
      conditions.push(
        selection.tags.length === 0
          ? '0'
          : `EXISTS (SELECT 1 FROM json_each(k.tags) t WHERE t.type = 'text' AND t.value COLLATE NOCASE IN (${list('t', selection.tags)}))`
      )
    }
    return conditions
  }

  const matchCount = (match: string, cap: number): number =>
    prepare('SELECT count(*) FROM (SELECT 1 FROM keys_fts WHERE keys_fts MATCH @m LIMIT @cap)')
      .pluck(true)
      .get({ m: match, cap }) as number

  const connectionKeyCount = (ids: readonly string[], cap: number): number => {
    const params: Params = { cap }
    const list = ids.map((id, index) => {
      params[`c${index}`] = id
      return `@c${index}`
    })
    return prepare(
      `SELECT count(*) FROM (SELECT 1 FROM keys WHERE connection_id IN (${list.join(', ')}) LIMIT @cap)`
    )
      .pluck(true)
      .get(params) as number
  }

  /**
   * Where a page query starts reading. A narrow text match drives it from the full-text index
   * (CROSS JOIN fixes the loop order) and sorts what it found; a broad one is checked per row (`+`
   * keeps SQLite from driving by rowid), so the sort index is walked and the walk stops with the
   * page. Keys of a few small connections are likewise read by connection and sorted. Decided
   * once per page from counts capped at the limit.
   */
  type Source = { from: string; conditions: string[]; params: Params }
  const sourceFor = (selection: KeySelection, groupSort: boolean): (() => Source) => {
    const match = selection.match
    const ids = selection.connectionIds
    const driveByConnection = !groupSort && smallConnections(ids)
    const rest = (params: Params): string[] =>
      conditionsOf(
        groupSort ? { ...selection, connectionIds: undefined } : selection,
        'f',
        params,
        'page',
        driveByConnection
      )
    if (match !== undefined && matchCount(match, driveLimit + 1) <= driveLimit) {
      return () => {
        const params: Params = { m: match }
        return {
          from: 'keys_fts CROSS JOIN keys k ON k.rowid = keys_fts.rowid',
          conditions: ['keys_fts MATCH @m', ...rest(params)],
          params
        }
      }
    }
    return () => {
      const params: Params = match === undefined ? {} : { m: match }
      return {
        from: 'keys k',
        conditions: [
          ...(match === undefined
            ? []
            : ['+k.rowid IN (SELECT rowid FROM keys_fts WHERE keys_fts MATCH @m)']),
          ...rest(params)
        ],
        params
      }
    }
  }

  const toRow = (row: Row): KeyRow => {
    const rules = ipRulesOf(row.ip_rules)
    return {
      id: row.id,
      connectionId: row.connection_id,
      connectionName: row.connection_name,
      kind: row.kind,
      environment: row.environment,
      colour: row.colour !== null && /^#[0-9a-fA-F]{6}$/.test(row.colour) ? row.colour : '#64748b',
      tenant: row.tenant,
      hubKeyId: row.hub_key_id,
      name: row.name,
      status: knownStatuses.includes(row.status) ? (row.status as KeyStatus) : 'unknown',
      role: row.role,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      usage7d: row.usage_7d,
      usage30d: row.usage_30d,
      owner: row.owner,
      tags: stringList(row.tags),
      ipRuleCount: rules === null ? null : rules.length,
      allowsAll: allowsAll(rules),
      hasNotes: row.has_notes === 1,
      hasSecret: row.has_secret === 1,
      syncedAt: row.synced_at
    }
  }

  /**
   * The second step of a page: the keyset query found the rowids in order (a narrow sort that
   * keeps wide rows out of the sorter); this reads their rows and the connection once each.
   */
  const selectRows = db.prepare<{ rids: string }, Row>(
    `SELECT ${rowColumns} FROM keys k JOIN connections c ON c.id = k.connection_id
     WHERE k.rowid IN (SELECT value FROM json_each(@rids))`
  )
  const rowsInOrder = (rids: readonly number[]): KeyRow[] => {
    if (rids.length === 0) return []
    const byRid = new Map(
      selectRows.all({ rids: JSON.stringify(rids) }).map((row) => [row.rid, row])
    )
    return rids.flatMap((rid) => {
      const row = byRid.get(rid)
      return row ? [toRow(row)] : []
    })
  }

  const where = (conditions: readonly string[]): string =>
    conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`

  /** Connection ids few enough keys belong to that reading them by connection beats a scan. */
  const smallConnections = (ids: readonly string[] | undefined): boolean =>
    ids !== undefined && ids.length > 0 && connectionKeyCount(ids, driveLimit + 1) <= driveLimit

  const total = (selection: KeySelection): number => {
    const params: Params = {}
    const conditions = conditionsOf(
      selection,
      '',
      params,
      'count',
      smallConnections(selection.connectionIds)
    )
    if (selection.match === undefined && conditions.length === 0) {
      return prepare('SELECT count(*) FROM keys').pluck(true).get() as number
    }
    if (selection.match !== undefined) {
      params.m = selection.match
      // Every key has exactly one row in keys_fts (the triggers keep it so).
      if (conditions.length === 0) {
        return prepare('SELECT count(*) FROM keys_fts WHERE keys_fts MATCH @m')
          .pluck(true)
          .get(params) as number
      }
      conditions.unshift('k.rowid IN (SELECT rowid FROM keys_fts WHERE keys_fts MATCH @m)')
    }
    return prepare(`SELECT count(*) FROM keys k ${where(conditions)}`)
      .pluck(true)
      .get(params) as number
  }

  /** A selection an index answers alone: expiry and creation windows (and expired, by two indexes). */
  const indexAnswers = (selection: KeySelection): boolean =>
    Object.keys(selection).every((field) =>
      ['expiresAfter', 'expiresBy', 'expiredAt', 'createdBefore'].includes(field)
    )

  /**
   * Counts several selections: those an index answers alone one by one (a fraction of a
   * millisecond each), all the others together in one pass over the table.
   */
  const countAll = (selections: readonly KeySelection[]): number[] => {
    const counts = selections.map((selection) =>
      indexAnswers(selection) ? total(selection) : undefined
    )
    const rest = selections.flatMap((selection, index) =>
      counts[index] === undefined ? [{ selection, index }] : []
    )
    if (rest.length === 1)
      counts[rest[0]?.index as number] = total(rest[0]?.selection as KeySelection)
    if (rest.length > 1) {
      const params: Params = {}
      const columns = rest.map(({ selection }, n) => {
        const prefix = `s${n}_`
        const conditions = conditionsOf(selection, prefix, params, 'count')
        if (selection.match !== undefined) {
          params[`${prefix}m`] = selection.match
          conditions.unshift(
            `k.rowid IN (SELECT rowid FROM keys_fts WHERE keys_fts MATCH @${prefix}m)`
          )
        }
        return conditions.length === 0
          ? 'count(*)'
          : `count(CASE WHEN ${conditions.join(' AND ')} THEN 1 END)`
      })
      const found = prepare(`SELECT ${columns.join(', ')} FROM keys k`)
        .raw(true)
        .get(params) as number[]
      rest.forEach(({ index }, n) => {
        counts[index] = found[n] ?? 0
      })
    }
    return counts.map((count) => count ?? 0)
  }

  type Ordered = { rid: number; sort_value: string | number | null; tie_value: string | number }

  const columnPage = (query: KeyPageQuery, plan: ColumnSort): KeyPageResult => {
    const { selection, limit, after } = query
    const desc = query.sort.direction === 'desc'
    const dir = desc ? 'DESC' : 'ASC'
    const cmp = desc ? '<' : '>'
    const want = limit + 1
    if (after !== undefined && after.phase === 'group') throw badCursor()
    if (after !== undefined && typeof after.tie !== (plan.tie === 'k.id' ? 'string' : 'number')) {
      throw badCursor()
    }
    if (after !== undefined && after.phase === 'null' && !plan.nullable) throw badCursor()

    const source = sourceFor(selection, false)
    const run = (phase: 'value' | 'null', count: number): Ordered[] => {
      const { from, conditions, params } = source()
      if (phase === 'value') {
        if (plan.nullable) conditions.push(`${plan.expr} IS NOT NULL`)
        if (after?.phase === 'value') {
          params.kv = after.value
          params.kt = after.tie
          // Spelled out rather than as a row value so SQLite can range-scan the sort index.
          conditions.push(
            `${plan.expr} ${cmp}= @kv AND (${plan.expr} ${cmp} @kv OR ${plan.tie} ${cmp} @kt)`
          )
        }
      } else {
        conditions.push(`${plan.expr} IS NULL`)
        if (after?.phase === 'null') {
          params.kt = after.tie
          conditions.push(`${plan.tie} ${cmp} @kt`)
        }
      }
      params.limit = count
      const order =
        phase === 'value' ? `${plan.expr} ${dir}, ${plan.tie} ${dir}` : `${plan.tie} ${dir}`
      const sql = `SELECT k.rowid AS rid, ${plan.expr} AS sort_value, ${plan.tie} AS tie_value
        FROM ${from} ${where(conditions)} ORDER BY ${order} LIMIT @limit`
      return prepare(sql).all(params) as Ordered[]
    }

    const found: Ordered[] = []
    if (after === undefined || after.phase === 'value') found.push(...run('value', want))
    if (found.length < want && plan.nullable) found.push(...run('null', want - found.length))

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
    for (let index = start; index < order.length && found.length < want; index += 1) {
      const connection = order[index]?.connection as ConnectionInfo
      const { from, conditions, params } = source()
      params.cid = connection.id
      // The UNIQUE (connection_id, tenant, hub_key_id) index gives this order without sorting.
      conditions.push('k.connection_id = @cid')
      if (index === start && resume !== undefined) {
        params.gt = resume.tenant
        params.gh = resume.hubKeyId
        conditions.push(`(k.tenant, k.hub_key_id) ${cmp} (@gt, @gh)`)
      }
      params.limit = want - found.length
      const sql = `SELECT k.rowid AS rid, k.connection_id, k.tenant, k.hub_key_id FROM ${from}
        ${where(conditions)} ORDER BY k.tenant ${dir}, k.hub_key_id ${dir} LIMIT @limit`
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

  const selectDetail = db.prepare<[string], DetailRow>(
    `SELECT ${rowColumns}, NULL AS sort_value, k.scopes, k.headers, k.notes, k.fingerprint, k.oddities
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
     ORDER BY k.expires_at, k.id LIMIT @limit`
  )

  return {
    page: (query) =>
      guard(() =>
        // One read transaction: the page, its rows and the total come from the same snapshot.
        db.transaction((): KeyPageResult => {
          const field = query.sort.field
          const result =
            field === 'connection' || field === 'kind' || field === 'environment'
              ? groupPage(query)
              : columnPage(query, columnSorts[field])
          return query.withTotal ? { ...result, total: total(query.selection) } : result
        })()
      ),
    get: (id) =>
      guard(() => {
        const row = selectDetail.get(id)
        if (row === undefined) return undefined
        const headers = parseJson(row.headers)
        const detail: KeyDetail = {
          ...toRow(row),
          scopes: stringList(row.scopes),
          ipRules: ipRulesOf(row.ip_rules),
          headers: Array.isArray(headers) ? (headers as KeyDetail['headers']) : [],
          notes: row.notes,
          fingerprint: row.fingerprint,
          oddities: stringList(row.oddities)
        }
        return detail
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
