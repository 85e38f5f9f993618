// The key table's query in the renderer: the default, a tidy form for the wire (no empty lists or false flags), and comparisons; renderer.
import {
  savedFilterNameSchema,
  type KeyFilter,
  type KeyQuery,
  type KeySort,
  type KeySortField
} from '../../../../src-main/contract/inventory.contract'

export const defaultSort: KeySort = { field: 'name', direction: 'asc' }
export const emptyQuery: KeyQuery = { search: '', filter: {}, sort: defaultSort }

/**
 * The filter with only what narrows the result: empty lists and false flags are dropped. Main
 * binds each cursor to the query it was made for, so every request of one query must send the
 * same form; this is that form.
 */
export const tidyFilter = (filter: KeyFilter): KeyFilter => {
  const tidy: KeyFilter = {}
  if (filter.connectionIds?.length) tidy.connectionIds = [...filter.connectionIds]
  if (filter.kinds?.length) tidy.kinds = [...filter.kinds]
  if (filter.environments?.length) tidy.environments = [...filter.environments]
  if (filter.statuses?.length) tidy.statuses = [...filter.statuses]
  if (filter.expiringWithinDays !== undefined) tidy.expiringWithinDays = filter.expiringWithinDays
  if (filter.expired) tidy.expired = true
  if (filter.unusedForDays !== undefined) tidy.unusedForDays = filter.unusedForDays
  if (filter.noIpRestriction) tidy.noIpRestriction = true
  if (filter.allowAll) tidy.allowAll = true
  if (filter.olderThanDays !== undefined) tidy.olderThanDays = filter.olderThanDays
  if (filter.tags?.length) tidy.tags = [...filter.tags]
  return tidy
}

export const tidyQuery = (query: KeyQuery): KeyQuery => ({
  search: query.search,
  filter: tidyFilter(query.filter),
  sort: { field: query.sort.field, direction: query.sort.direction }
})

/** How many separate conditions the filter sets (for "Clear filters" and the saved-filter hint). */
export const filterCount = (filter: KeyFilter): number => Object.keys(tidyFilter(filter)).length

export const sameFilter = (a: KeyFilter, b: KeyFilter): boolean =>
  JSON.stringify(tidyFilter(a)) === JSON.stringify(tidyFilter(b))

export const sameQuery = (a: KeyQuery, b: KeyQuery): boolean =>
  a.search === b.search &&
  a.sort.field === b.sort.field &&
  a.sort.direction === b.sort.direction &&
  sameFilter(a.filter, b.filter)

/** Clicking a column: a new column sorts ascending, the same column flips. */
export const nextSort = (current: KeySort, field: KeySortField): KeySort =>
  current.field === field
    ? { field, direction: current.direction === 'asc' ? 'desc' : 'asc' }
    : { field, direction: 'asc' }

const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])]

/** Filter words typed in the search join the chips: lists widen, days and flags take the word's. */
export const withFilterWords = (filter: KeyFilter, words: KeyFilter): KeyFilter => ({
  ...filter,
  ...words,
  connectionIds: union(filter.connectionIds, words.connectionIds),
  kinds: union(filter.kinds, words.kinds),
  environments: union(filter.environments, words.environments),
  statuses: union(filter.statuses, words.statuses),
  tags: union(filter.tags, words.tags)
})

/** Adds or removes one value of a list filter. */
export const toggleIn = <T>(list: readonly T[] | undefined, value: T): T[] =>
  list?.includes(value) ? list.filter((item) => item !== value) : [...(list ?? []), value]

/** Checks the name with the schema main uses; its first sentence when the name will not do. */
export const filterNameProblem = (name: string): string | undefined =>
  savedFilterNameSchema.safeParse(name).error?.issues[0]?.message

/** The longest filter name main accepts (the input allows a little more, so the error can say so). */
export const filterNameMaxLength = savedFilterNameSchema.maxLength ?? undefined
