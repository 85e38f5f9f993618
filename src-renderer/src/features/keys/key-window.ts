// The key table's sliding window over keyset pages: which page to fetch next for the rows on screen, and what to keep; pure, renderer.
import {
  defaultPageSize,
  maxPageSize,
  type KeyPage,
  type KeyRow
} from '../../../../src-main/contract/inventory.contract'

/**
 * `keys:query` pages forward with opaque cursors, so a row can only be reached from a cursor at
 * or before it. The window keeps, per query:
 * - `anchors`: row index -> the cursor that reads on from there (index 0 needs none). Every page
 *   read adds the anchor after it, and anchors are never dropped (a few hundred bytes each), so
 *   scrolling back to any place read before is one request.
 * - `rows`: the rows read, by index, but only around what is on screen: rows far from the
 *   viewport are dropped, so 100,000 keys never sit in the window at once.
 * - `total`: how many keys match (asked with the first page; corrected when the end is read).
 */
export interface KeyWindow {
  rows: Map<number, KeyRow>
  anchors: Map<number, string | undefined>
  total: number | undefined
  /** The moment relative filters were measured from, as the first page said. */
  at: number | undefined
}

export interface FetchPlan {
  start: number
  cursor: string | undefined
  /** Read from position `start` of the order without a cursor (a far place: a scrollbar drag). */
  offset?: number
  limit: number
  withTotal: boolean
}

export interface WindowSizes {
  /** Rows asked for when the viewport is near an anchor. */
  pageSize: number
  /** The contract's largest page; a place farther than this from every anchor is read by offset. */
  maxPageSize: number
  /** Rows kept either side of the viewport's centre; the rest are dropped. */
  keep: number
}

export const defaultSizes: WindowSizes = { pageSize: defaultPageSize, maxPageSize, keep: 1500 }

export const emptyWindow = (): KeyWindow => ({
  rows: new Map(),
  anchors: new Map([[0, undefined]]),
  total: undefined,
  at: undefined
})

/**
 * The next request that brings the rows `from..to` (inclusive) closer, or undefined when all of
 * them are in the window. It reads from the last anchor at or before the first missing row; a
 * place more than one big page past it (a scrollbar dragged far) is read by its offset in the
 * order, one request wherever it is, and leaves an anchor after it like any page.
 */
export const planFetch = (
  window: KeyWindow,
  from: number,
  to: number,
  sizes: WindowSizes = defaultSizes
): FetchPlan | undefined => {
  if (window.total === undefined) {
    return {
      start: 0,
      cursor: undefined,
      limit: Math.min(sizes.maxPageSize, Math.max(sizes.pageSize, to + 1)),
      withTotal: true
    }
  }
  const last = Math.min(to, window.total - 1)
  let missing = -1
  for (let index = Math.max(0, from); index <= last; index += 1) {
    if (!window.rows.has(index)) {
      missing = index
      break
    }
  }
  if (missing < 0) return undefined
  let start = 0
  for (const anchor of window.anchors.keys())
    if (anchor <= missing && anchor > start) start = anchor
  if (missing - start > sizes.maxPageSize) {
    return {
      start: missing,
      cursor: undefined,
      offset: missing,
      limit: Math.min(sizes.maxPageSize, Math.max(sizes.pageSize, last - missing + 1)),
      withTotal: false
    }
  }
  const span = last - start + 1
  return {
    start,
    cursor: window.anchors.get(start),
    limit: Math.min(sizes.maxPageSize, Math.max(sizes.pageSize, span)),
    withTotal: false
  }
}

/**
 * Puts a page read from `start` into the window and drops rows far from `centre`. Returns a new
 * window (the maps are copied) so a store can publish it as a new value.
 */
export const applyPage = (
  window: KeyWindow,
  start: number,
  page: Pick<KeyPage, 'rows' | 'nextCursor' | 'total' | 'at'>,
  centre: number,
  sizes: WindowSizes = defaultSizes
): KeyWindow => {
  const rows = new Map(window.rows)
  const anchors = new Map(window.anchors)
  page.rows.forEach((row, offset) => rows.set(start + offset, row))
  const end = start + page.rows.length
  let total = page.total ?? window.total
  if (page.nextCursor !== null) {
    anchors.set(end, page.nextCursor)
    // The count was taken with the first page; keys added since must still be reachable.
    if (total !== undefined && total <= end) total = end + 1
  } else {
    total = end
  }
  for (const index of rows.keys()) {
    if (Math.abs(index - centre) > sizes.keep) rows.delete(index)
  }
  return { rows, anchors, total, at: window.at ?? page.at }
}
