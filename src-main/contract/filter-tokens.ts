// Reads filter words (expiring:30d, missing, no-ip, name:desc, ...) into the key query model, for the CLI's `--filter`/`--sort` and the app's search box; runs anywhere.
import { environmentSchema, hubKindSchema, keyStatusSchema } from './hubs.contract'
import {
  keyFilterSchema,
  keySortFieldSchema,
  type KeyFilter,
  type KeySort
} from './inventory.contract'
import { AppError } from './result'

/** Shown when a word is not understood, so the person sees every form at once. */
export const filterTokenHelp =
  'expiring:30d, expired, missing, unused:90d, no-ip, allow-all, older:365d, status:active,inactive, kind:cycle, env:prod, tag:NAME'

const bad = (message: string): AppError => new AppError('BAD_REQUEST', message)

const daysOf = (token: string, value: string | undefined): number => {
  const match = /^(\d{1,4})d?$/.exec(value ?? '')
  if (!match) throw bad(`"${token}" needs a number of days, like ${token.split(':')[0]}:30d.`)
  return Number(match[1])
}

const listOf = <T extends string>(
  token: string,
  value: string | undefined,
  allowed: readonly T[]
): T[] => {
  const items = (value ?? '').split(',').map((item) => item.trim().toLowerCase())
  const unknown = items.find((item) => !(allowed as readonly string[]).includes(item))
  if (unknown !== undefined) {
    throw bad(`"${token}" is not understood; use one of ${allowed.join(', ')}.`)
  }
  return items as T[]
}

const merge = <T>(current: T[] | undefined, more: T[]): T[] => [
  ...new Set([...(current ?? []), ...more])
]

/**
 * Words narrow together (all must hold); repeating a list word (`status:`, `kind:`, `env:`,
 * `tag:`) widens that list. One argument may hold several words separated by spaces. Throws
 * BAD_REQUEST naming the word it could not read.
 */
export const parseFilterTokens = (tokens: readonly string[]): KeyFilter => {
  const filter: KeyFilter = {}
  for (const token of tokens.flatMap((t) => t.split(/\s+/)).filter((t) => t !== '')) {
    const colon = token.indexOf(':')
    const word = (colon === -1 ? token : token.slice(0, colon)).toLowerCase()
    const value = colon === -1 ? undefined : token.slice(colon + 1)
    switch (word) {
      case 'expiring':
        filter.expiringWithinDays = daysOf(token, value)
        break
      case 'expired':
        filter.expired = true
        break
      case 'missing':
        // Missing at hub: a complete listing no longer contains the key (same as status:missing).
        if (value !== undefined) throw bad(`"${token}" takes no value; use missing.`)
        filter.statuses = merge(filter.statuses, ['missing'])
        break
      case 'unused':
        filter.unusedForDays = daysOf(token, value)
        break
      case 'older':
        filter.olderThanDays = daysOf(token, value)
        break
      case 'no-ip':
        filter.noIpRestriction = true
        break
      case 'allow-all':
        filter.allowAll = true
        break
      case 'status':
        filter.statuses = merge(filter.statuses, listOf(token, value, keyStatusSchema.options))
        break
      case 'kind':
        filter.kinds = merge(filter.kinds, listOf(token, value, hubKindSchema.options))
        break
      case 'env':
      case 'environment':
        filter.environments = merge(
          filter.environments,
          listOf(token, value, environmentSchema.options)
        )
        break
      case 'tag': {
        const tags = (value ?? '').split(',').map((tag) => tag.trim())
        if (tags.some((tag) => tag === '')) throw bad(`"${token}" needs a tag name, like tag:ops.`)
        filter.tags = merge(filter.tags, tags)
        break
      }
      default:
        throw bad(`The filter "${token}" is not understood; use ${filterTokenHelp}.`)
    }
  }
  const checked = keyFilterSchema.safeParse(filter)
  if (!checked.success) throw bad('A filter value is out of range (days go up to 3650).')
  return checked.data
}

/**
 * Splits what was typed in a search box into filter words it understands (`missing`,
 * `status:missing`, `expired`, `env:prod`, ...) and the rest, which stays a text search. A word
 * that looks like a filter but does not read as one (`status:nope`) stays in the search.
 */
export const searchFilterWords = (text: string): { search: string; filter: KeyFilter } => {
  const rest: string[] = []
  const words: string[] = []
  for (const word of text.split(/\s+/).filter((t) => t !== '')) {
    try {
      parseFilterTokens([word])
      words.push(word)
    } catch {
      // Not a filter word: a name, tenant or owner to search for.
      rest.push(word)
    }
  }
  return words.length === 0
    ? { search: text, filter: {} }
    : { search: rest.join(' '), filter: parseFilterTokens(words) }
}

/** `name`, `expires:desc`, `lastUsed:asc`: a sort field and an optional direction. */
export const parseSortToken = (token: string): KeySort => {
  const [field = '', direction = 'asc'] = token.split(':')
  const parsedField = keySortFieldSchema.safeParse(field)
  if (!parsedField.success) {
    throw bad(`Cannot sort by "${field}"; use one of ${keySortFieldSchema.options.join(', ')}.`)
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw bad(`Sort direction "${direction}" is not understood; use asc or desc.`)
  }
  return { field: parsedField.data, direction }
}
