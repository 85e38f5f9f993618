// Tolerant readers for DCT answers (accounts, legacy API clients, pages, token-info, properties, errors); runs in main.
import { z } from 'zod'
import type { HubKey } from '../../../contract/hubs.contract'

/** A DCT account as Hubkeys keeps it: the normalised key plus the fields the key model has no room for. */
export interface DctAccount {
  key: HubKey
  username: string | null
  firstName: string | null
  lastName: string | null
  email: string | null
  ldapPrincipal: string | null
  apiClientId: string | null
  tags: { key: string; value: string }[]
}

export interface DctPage<T> {
  items: T[]
  /** Entries that could not be read at all (no usable id); the rest of the page is still used. */
  skipped: number
  nextCursor: string | null
  /** The server sent a next cursor that cannot be followed: the list's end is unknown. */
  cursorUnreadable: boolean
  total: number | null
  /** What was odd about the page's own fields (its paging was still followed where it could be). */
  oddities: string[]
}

const text = z.string()
const looseId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)])

/** Go's zero time and friends: servers write these for "never set". */
const zeroDate = /^0{1,4}1-01-01T00:00:00(\.0+)?(Z|[+-]00:?00)?$/

interface DateRead {
  at: number | null
  odd?: string
}

/** Reads an ISO date-time; null/absent is "not set"; anything else odd becomes null plus a note. */
export const readDate = (value: unknown, field: string): DateRead => {
  if (value === undefined || value === null || value === '') return { at: null }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Not what the spec says (date-time strings), but unambiguous enough to keep: seconds or ms.
    return {
      at: value < 1e11 ? value * 1000 : value,
      odd: `${field} was a number, not a date-time string`
    }
  }
  if (typeof value !== 'string') return { at: null, odd: `${field} was not a date` }
  if (zeroDate.test(value.trim()))
    return { at: null, odd: `${field} held the zero date ${value.trim()}` }
  const at = Date.parse(value)
  if (Number.isNaN(at)) return { at: null, odd: `${field} was not a readable date` }
  return { at }
}

const optionalText = (value: unknown): string | null => {
  const parsed = text.safeParse(value)
  return parsed.success && parsed.data.trim() ? parsed.data.trim() : null
}

const idOf = (value: unknown): string | null => {
  const parsed = looseId.safeParse(value)
  return parsed.success ? String(parsed.data) : null
}

const scopeSchema = z.union([
  z.object({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() }),
  z.string()
])
const tagSchema = z.object({
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()])
})

const readEnabled = (value: unknown, oddities: string[]): boolean | null => {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') {
    oddities.push('enabled was a string, not a boolean')
    return value === 'true'
  }
  oddities.push(
    value === undefined || value === null
      ? 'enabled was not reported'
      : 'enabled had an unknown value'
  )
  return null
}

/**
 * One `Account` (3.x) as a key: hubKeyId = account id, name = username, status from `enabled` and
 * `api_key_expiry_time` (absent or null = never expires). Returns null when there is no usable id,
 * because such an entry cannot be addressed again.
 */
export const parseAccount = (raw: unknown, tenant: string, now: number): DctAccount | null => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const record = raw as Record<string, unknown>
  const id = idOf(record.id)
  if (!id) return null
  const oddities: string[] = []
  if (typeof record.id === 'string') oddities.push('id was a string, not a number')

  const username = optionalText(record.username)
  if (!username) oddities.push('username was missing')
  const firstName = optionalText(record.first_name)
  const lastName = optionalText(record.last_name)
  const email = optionalText(record.email)

  const created = readDate(record.creation_time, 'creation_time')
  const lastUsed = readDate(record.last_access_time, 'last_access_time')
  const expires = readDate(record.api_key_expiry_time, 'api_key_expiry_time')
  for (const read of [created, lastUsed, expires]) if (read.odd) oddities.push(read.odd)

  const enabled = readEnabled(record.enabled, oddities)
  const status: HubKey['status'] =
    enabled === false
      ? 'inactive'
      : expires.at !== null && expires.at <= now
        ? 'expired'
        : enabled === true
          ? 'active'
          : 'unknown'

  const scopes: string[] = []
  if (record.effective_scopes !== undefined && record.effective_scopes !== null) {
    if (!Array.isArray(record.effective_scopes)) oddities.push('effective_scopes was not a list')
    else {
      for (const item of record.effective_scopes) {
        const scope = scopeSchema.safeParse(item)
        const label = !scope.success
          ? null
          : typeof scope.data === 'string'
            ? scope.data
            : (scope.data.name ?? (scope.data.id === undefined ? null : String(scope.data.id)))
        if (label?.trim()) scopes.push(label.trim().slice(0, 200))
        else oddities.push('an effective scope could not be read')
      }
    }
  }

  const tags: DctAccount['tags'] = []
  if (record.tags !== undefined && record.tags !== null) {
    if (!Array.isArray(record.tags)) oddities.push('tags was not a list')
    else {
      for (const item of record.tags) {
        const tag = tagSchema.safeParse(item)
        if (tag.success) tags.push({ key: tag.data.key, value: String(tag.data.value) })
        else oddities.push('a tag could not be read')
      }
    }
  }

  const fullName = [firstName, lastName].filter(Boolean).join(' ')
  const owner = fullName && email ? `${fullName} <${email}>` : fullName || email || null

  return {
    key: {
      hubKeyId: id,
      tenant,
      name: (username ?? `account ${id}`).slice(0, 500),
      status,
      role: null,
      scopes: scopes.slice(0, 500),
      ipRules: null,
      headers: [],
      createdAt: created.at,
      expiresAt: expires.at,
      lastUsedAt: lastUsed.at,
      owner: owner ? owner.slice(0, 200) : null,
      fingerprint: null,
      oddities: [...new Set(oddities)].slice(0, 50).map((o) => o.slice(0, 300))
    },
    username,
    firstName,
    lastName,
    email,
    ldapPrincipal: optionalText(record.ldap_principal),
    apiClientId: optionalText(record.api_client_id),
    tags
  }
}

/**
 * One legacy 2.x `ModelApiClient` as a key. The legacy model has no status, dates or expiry, so the
 * key reads `unknown` status: listing does not prove it still authenticates (verify does).
 */
export const parseApiClient = (raw: unknown, tenant: string): HubKey | null => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const record = raw as Record<string, unknown>
  const id = idOf(record.id)
  if (!id) return null
  const oddities: string[] = []
  const name = optionalText(record.name) ?? optionalText(record.api_client_id)
  if (!name) oddities.push('name was missing')
  return {
    hubKeyId: id,
    tenant,
    name: (name ?? `API client ${id}`).slice(0, 500),
    status: 'unknown',
    role: null,
    scopes: [],
    ipRules: null,
    headers: [],
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    owner: null,
    fingerprint: null,
    oddities
  }
}

/** A numeric string counts (with an oddity): the paging must not hinge on a field's type. */
const readTotal = (value: unknown, oddities: string[]): number | null => {
  if (value === undefined || value === null) return null
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) {
    oddities.push('response_metadata.total was a string, not a number')
    return Number(value)
  }
  oddities.push('response_metadata.total could not be read')
  return null
}

/**
 * The next cursor, read on its own so that no other field of `response_metadata` can make it
 * drop (a `total` sent as a string once ended listings after their first page). Absent, null or
 * blank: the last page. A number is used as text; anything else cannot be followed.
 */
const readNextCursor = (
  value: unknown,
  oddities: string[]
): { next: string | null; unreadable: boolean } => {
  if (value === undefined || value === null) return { next: null, unreadable: false }
  if (typeof value === 'string') return { next: value.trim() ? value : null, unreadable: false }
  if (typeof value === 'number' && Number.isFinite(value)) {
    oddities.push('response_metadata.next_cursor was a number, not a string')
    return { next: String(value), unreadable: false }
  }
  oddities.push('response_metadata.next_cursor could not be read')
  return { next: null, unreadable: true }
}

/** A list or search answer `{items, response_metadata}`; null when it is not that shape at all. */
export const parsePage = <T>(
  raw: unknown,
  readItem: (item: unknown) => T | null
): DctPage<T> | null => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const record = raw as Record<string, unknown>
  if (!Array.isArray(record.items)) return null
  const items: T[] = []
  let skipped = 0
  for (const item of record.items) {
    const parsed = readItem(item)
    if (parsed) items.push(parsed)
    else skipped += 1
  }
  const oddities: string[] = []
  if (skipped > 0) oddities.push(`${skipped} entries without a usable id were skipped`)
  const rawMetadata = record.response_metadata ?? {}
  const metadata =
    typeof rawMetadata === 'object' && !Array.isArray(rawMetadata)
      ? (rawMetadata as Record<string, unknown>)
      : {}
  if (metadata !== rawMetadata) oddities.push('response_metadata was not an object')
  const cursor = readNextCursor(metadata.next_cursor, oddities)
  return {
    items,
    skipped,
    nextCursor: cursor.next,
    cursorUnreadable: cursor.unreadable,
    total: readTotal(metadata.total, oddities),
    oddities
  }
}

export interface CreatedToken {
  token: string
  id: string | null
  /** What had to be guessed (an id read from the token's prefix). */
  oddities: string[]
}

/**
 * `AccountCreateResponse` (create, reset, regenerate) or the legacy `{token, api_client_entity_id}`.
 * Null only when there is no token at all. A token without an id keeps the token: losing a secret
 * that the hub returns once is worse than guessing the id from its `<accountId>.` prefix.
 */
export const parseCreatedToken = (raw: unknown): CreatedToken | null => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const record = raw as Record<string, unknown>
  const token = typeof record.token === 'string' ? record.token.trim() : ''
  if (!token) return null
  const id = idOf(record.id) ?? idOf(record.api_client_entity_id)
  if (id) return { token, id, oddities: [] }
  const prefix = /^(\d{1,19})\./.exec(token)?.[1]
  return prefix
    ? {
        token,
        id: prefix,
        oddities: ['the account id was missing; it was read from the token prefix']
      }
    : { token, id: null, oddities: ['the account id was missing'] }
}

export interface TokenInfo {
  active: boolean | null
  accountId: string | null
  username: string | null
  /** Seconds until the token expires, when the server says. */
  expiresInSeconds: number | null
}

export const parseTokenInfo = (raw: unknown): TokenInfo | null => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const record = raw as Record<string, unknown>
  const exp = z.number().finite().safeParse(record.exp)
  return {
    active: typeof record.active === 'boolean' ? record.active : null,
    accountId: idOf(record.account_id),
    username: optionalText(record.username),
    expiresInSeconds: exp.success ? exp.data : null
  }
}

/** Global API-key expiry from `GlobalProperties`: seconds, null = never (-1), undefined = not reported. */
export const parseGlobalKeyExpiry = (raw: unknown): number | null | undefined => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const value = (raw as Record<string, unknown>).api_key_expiry_time
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  return value < 0 ? null : value
}

const errorResponseSchema = z
  .object({ error: z.string().optional(), error_description: z.string().optional() })
  .loose()
const errorItemSchema = z
  .object({ message: z.string().optional(), object_name: z.string().optional() })
  .loose()

/**
 * The hub's own explanation of an error, from `ErrorResponse {error, error_description}`, the spec's
 * `Errors` list (`[{message, object_name}]`, bare or under `errors`), or a plain `{message}`.
 * Undefined when none of these is there; callers then fall back to the HTTP status.
 */
export const parseErrorDetail = (raw: unknown): string | undefined => {
  const list = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object' && Array.isArray((raw as Record<string, unknown>).errors)
      ? ((raw as Record<string, unknown>).errors as unknown[])
      : undefined
  if (list) {
    const messages = list
      .map((item) => errorItemSchema.safeParse(item))
      .flatMap((item) =>
        item.success && item.data.message?.trim() ? [item.data.message.trim()] : []
      )
    return messages.length ? messages.slice(0, 3).join('; ') : undefined
  }
  const single = errorResponseSchema.safeParse(raw)
  if (!single.success) return undefined
  const description = single.data.error_description?.trim()
  if (description) return description
  const message = (raw as Record<string, unknown>).message
  if (typeof message === 'string' && message.trim()) return message.trim()
  return single.data.error?.trim() || undefined
}

/** The short error code (`invalid-token`, `unauthorized`), when an `ErrorResponse` carries one. */
export const parseErrorCode = (raw: unknown): string | undefined => {
  const single = errorResponseSchema.safeParse(raw)
  return single.success && !Array.isArray(raw) ? single.data.error?.trim() || undefined : undefined
}
