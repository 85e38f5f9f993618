// Counts the keys of one or several selections (the total under a page, the filter chips' counts) in as few passes as possible; main process only.
import type { KeySelection } from '../../../core/ports/inventory-query.port'
import type { QueryContext, ReadPlanner } from './read-plan'
import { conditionsOf, matchCondition, where, type Params } from './selection-sql'

export interface KeyCounts {
  total: (selection: KeySelection) => number
  countAll: (selections: readonly KeySelection[]) => number[]
}

/** A selection an index answers alone: expiry and creation windows (and expired, by two indexes). */
const indexAnswers = (selection: KeySelection): boolean =>
  Object.keys(selection).every((field) =>
    ['expiresAfter', 'expiresBy', 'expiredAt', 'createdBefore'].includes(field)
  )

export const createKeyCounts = (
  { prepare }: QueryContext,
  { smallConnections }: ReadPlanner
): KeyCounts => {
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
      conditions.unshift(matchCondition('m'))
    }
    return prepare(`SELECT count(*) FROM keys k ${where(conditions)}`)
      .pluck(true)
      .get(params) as number
  }

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
          conditions.unshift(matchCondition(`${prefix}m`))
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

  return { total, countAll }
}
