// Decides where a key query starts reading (full-text index, connection index or the sort order), from counts capped at a limit; main process only.
import type { Statement } from 'better-sqlite3'
import type { KeySelection } from '../../../core/ports/inventory-query.port'
import { conditionsOf, matchCondition, type Params } from './selection-sql'

/** What the query parts share: the repository's statement cache and the drive limit. */
export interface QueryContext {
  /** A prepared statement for `sql`, cached: query shapes repeat. */
  prepare: (sql: string) => Statement
  /**
   * A search (or a connection filter) matching at most this many keys is read from the full-text
   * (or connection) index and sorted; a broader one walks the sort order and checks each key.
   */
  driveLimit: number
}

/** The FROM clause, WHERE conditions and parameters a page query starts from; callers add theirs. */
export type Source = { from: string; conditions: string[]; params: Params }

export interface ReadPlanner {
  /** Chosen once per page; the returned function builds a fresh Source for each query of that page. */
  sourceFor: (selection: KeySelection, groupSort: boolean) => () => Source
  /** Connection ids few enough keys belong to that reading them by connection beats a scan. */
  smallConnections: (ids: readonly string[] | undefined) => boolean
}

export const createReadPlanner = ({ prepare, driveLimit }: QueryContext): ReadPlanner => {
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

  const smallConnections = (ids: readonly string[] | undefined): boolean =>
    ids !== undefined && ids.length > 0 && connectionKeyCount(ids, driveLimit + 1) <= driveLimit

  /**
   * Where a page query starts reading. A narrow text match drives it from the full-text index
   * (CROSS JOIN fixes the loop order) and sorts what it found; a broad one is checked per row (`+`
   * keeps SQLite from driving by rowid), so the sort index is walked and the walk stops with the
   * page. Keys of a few small connections are likewise read by connection and sorted. Decided
   * once per page from counts capped at the limit.
   */
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
        conditions: [...(match === undefined ? [] : [`+${matchCondition('m')}`]), ...rest(params)],
        params
      }
    }
  }

  return { sourceFor, smallConnections }
}
