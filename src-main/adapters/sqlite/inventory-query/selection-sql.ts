// SQL for a key selection (filters and the full-text match) as WHERE conditions with named parameters; main process only.
import { allowsAll } from '../../../contract/ip-rules'
import type { KeySelection } from '../../../core/ports/inventory-query.port'
import type { SqliteDb } from '../migrations'
import { ipRulesOf, knownStatuses } from './key-rows'

export type Params = Record<string, string | number>

/** Statuses a hub may send that Hubkeys maps to 'unknown'; kept in SQL so 'unknown' can match them. */
const namedStatuses = knownStatuses.filter((status) => status !== 'unknown')

/**
 * Registers `hubkeys_allows_all(ip_rules)`, which the allow-all filter calls. The contract's own
 * allowsAll decides, so the filter and the table's badge never disagree about odd rules (netmask
 * forms, rules a hub sent that do not parse). A GLOB in SQL lets only rule lists holding a rule
 * that ends in 0 (as every /0 and 0.0.0.0 mask does) reach it.
 */
export const registerAllowsAllFunction = (db: SqliteDb): void => {
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
}

export const where = (conditions: readonly string[]): string =>
  conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`

/** The condition that keeps the keys a full-text match (parameter `@<name>`) finds. */
export const matchCondition = (name: string): string =>
  `k.rowid IN (SELECT rowid FROM keys_fts WHERE keys_fts MATCH @${name})`

/**
 * WHERE conditions for everything but the text match, parameters named under `prefix`. For
 * pages (`use: 'page'`) each condition carries a unary `+` that keeps SQLite (which has no
 * statistics here) from driving the query by that column's index and then sorting what it
 * found: status and one-sided date ranges usually match much of the inventory, and walking the
 * sort index until the page is full is then far cheaper. Only the expiry window (a two-sided
 * range, narrow by nature) and, when `driveByConnection`, the connection list stay indexable.
 */
export const conditionsOf = (
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
