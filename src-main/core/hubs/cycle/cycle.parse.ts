// Tolerant parsing of Cycle's answers (API keys, roles, error bodies) into the normalised contract, noting what was odd; runs in main.
import { z } from 'zod'
import type { HubKey, KeyStatus } from '../../../contract/hubs.contract'
import { parseIpRule } from '../../../contract/ip-rules'

/** Cycle ids are 24-hex object ids (spec `ID`). */
export const objectIdPattern = /^[0-9a-fA-F]{24}$/

const maxOddities = 50
const maxOddityLength = 300
const text = (value: unknown, max = 120): string => {
  const raw = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return raw.length > max ? `${raw.slice(0, max)}...` : raw
}

/** Cycle's `state.current` -> Hubkeys' status. */
export const cycleStates: Record<string, KeyStatus> = {
  new: 'pending',
  configuring: 'pending',
  live: 'active',
  inactive: 'inactive',
  deleting: 'deleting',
  deleted: 'deleted'
}

export type CycleTime = { ok: true; at: number | null } | { ok: false }

/**
 * An RFC 3339 time from Cycle: epoch ms, or null for Go's zero time (`0001-01-01T00:00:00Z`), which
 * Cycle writes for events that have not happened. Anything else unreadable is `ok: false`.
 */
export const parseCycleTime = (value: unknown): CycleTime => {
  if (value === null || value === undefined || value === '') return { ok: true, at: null }
  if (typeof value !== 'string') return { ok: false }
  if (/^0001-01-01T00:00:00(\.0+)?(Z|[+-]00:00)$/.test(value.trim())) return { ok: true, at: null }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value.trim())) return { ok: false }
  const at = Date.parse(value)
  return Number.isNaN(at) ? { ok: false } : { ok: true, at }
}

/** Role id -> the capabilities it grants, as key scopes (`*` for a role with every capability). */
export type RoleScopes = ReadonlyMap<string, string[]>

export interface ParseKeyContext {
  /** The hub this connection addresses (X-Hub-Id); the key's tenant. */
  hubId: string
  roleScopes?: RoleScopes
}

export type ParsedKey = { ok: true; key: HubKey } | { ok: false; reason: string }

const record = z.record(z.string(), z.unknown())
const stringField = z.string()
// Built once: zod schemas cost tens of microseconds to build, which adds up over thousands of keys.
const refField = stringField.min(1).max(200)
const listBody = z.object({ data: z.array(z.unknown()) })
const oneBody = z.object({ data: record, includes: z.unknown().optional() })

/**
 * A JSON object (not an array, not null), checked by hand: this runs for every key of every page,
 * and a zod record parse copies the object each time.
 */
const recordOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined

/**
 * `parseIpRule`, remembered: a hub's keys repeat the same few rules, and parsing each copy again
 * (ipaddr.js) was most of parsing a page of keys. Results are only read, never changed.
 */
const ipRuleCache = new Map<string, ReturnType<typeof parseIpRule>>()
const ipRuleCacheSize = 10_000
const parsedIpRule = (entry: string): ReturnType<typeof parseIpRule> => {
  const known = ipRuleCache.get(entry)
  if (known) return known
  const parsed = parseIpRule(entry)
  // Bounded: a hub with more distinct rules than this just parses the rest each time.
  if (ipRuleCache.size < ipRuleCacheSize) ipRuleCache.set(entry, parsed)
  return parsed
}

/** Normalises a key's `ips`: `null` stays unrestricted; rules become CIDR; odd ones are kept and noted. */
export const parseCycleIps = (value: unknown, oddities: string[]): string[] | null => {
  if (value === null) return null
  if (value === undefined) {
    oddities.push('Cycle sent no ips field; shown as unrestricted.')
    return null
  }
  if (!Array.isArray(value)) {
    oddities.push(`ips is not a list (${text(value)}); shown as unrestricted.`)
    return null
  }
  const rules: string[] = []
  for (const entry of value) {
    if (typeof entry !== 'string') {
      oddities.push(`An IP rule that is not text was left out: ${text(entry)}.`)
      continue
    }
    const parsed = parsedIpRule(entry)
    if (parsed.ok) {
      if (parsed.note) oddities.push(parsed.note)
      if (!rules.includes(parsed.cidr)) rules.push(parsed.cidr)
    } else {
      // Kept as written so that editing the list never silently drops what the hub holds.
      const kept = entry.trim().slice(0, 64)
      oddities.push(`IP rule "${text(entry, 64)}" is not an address or CIDR range: ${parsed.error}`)
      if (!rules.includes(kept)) rules.push(kept)
    }
  }
  return rules
}

/**
 * One Cycle `ApiKey` -> HubKey. Never reads `secret` (Cycle shows it once, on create; later copies
 * are not to be trusted). Fails only without a usable id; everything else odd becomes an oddity.
 */
export const parseCycleKey = (raw: unknown, context: ParseKeyContext): ParsedKey => {
  const item = recordOf(raw)
  if (!item) return { ok: false, reason: 'an API key that is not an object' }
  const id = typeof item.id === 'string' ? item.id.trim() : ''
  if (id.length < 1 || id.length > 200) return { ok: false, reason: 'an API key without an id' }
  const oddities: string[] = []
  if (!objectIdPattern.test(id))
    oddities.push(`The id "${text(id, 40)}" is not a 24-hex Cycle object id.`)

  const name = typeof item.name === 'string' ? item.name : undefined
  if (name === undefined) oddities.push('Cycle sent no name for this key.')

  if (item.hub_id !== undefined && item.hub_id !== context.hubId) {
    oddities.push(`The key reports hub ${text(item.hub_id, 40)}, not this connection's hub.`)
  }

  const role =
    typeof item.role_id === 'string' && item.role_id.length >= 1 && item.role_id.length <= 200
      ? item.role_id
      : null
  if (role === null) oddities.push('Cycle sent no role for this key.')

  const state = recordOf(item.state)
  const current = state?.current
  let status: KeyStatus = 'unknown'
  if (typeof current === 'string' && Object.hasOwn(cycleStates, current))
    status = cycleStates[current]!
  else
    oddities.push(
      `Unknown key state ${current === undefined ? '(none)' : `"${text(current, 40)}"`}.`
    )
  const stateError = recordOf(state?.error)
  if (typeof stateError?.message === 'string' && stateError.message) {
    oddities.push(`Cycle reports an error on this key: ${text(stateError.message, 200)}`)
  }

  const events = recordOf(item.events)
  let createdAt: number | null = null
  if (!events) oddities.push('Cycle sent no events (creation time) for this key.')
  else {
    for (const field of ['created', 'updated'] as const) {
      const time = parseCycleTime(events[field])
      if (!time.ok) oddities.push(`events.${field} is not a time: ${text(events[field], 60)}.`)
      else if (field === 'created') createdAt = time.at
    }
  }

  const creator = recordOf(item.creator)
  const owner =
    typeof creator?.id === 'string'
      ? `${typeof creator.type === 'string' ? creator.type : 'unknown'}:${creator.id}`.slice(0, 200)
      : null

  const ipRules = parseCycleIps(item.ips, oddities)
  const scopes = role ? [...(context.roleScopes?.get(role) ?? [])] : []

  return {
    ok: true,
    key: {
      hubKeyId: id,
      tenant: context.hubId.slice(0, 200),
      name: name === undefined ? '' : name.slice(0, 500),
      status,
      role,
      scopes: scopes.slice(0, 500),
      ipRules: ipRules ? ipRules.slice(0, 1000) : null,
      headers: [],
      createdAt,
      expiresAt: null,
      lastUsedAt: null,
      owner,
      fingerprint: null,
      oddities: oddities
        .slice(0, maxOddities)
        .map((o) => (o.length > maxOddityLength ? `${o.slice(0, maxOddityLength - 3)}...` : o))
    }
  }
}

/** `{data: [...]}` of a list answer, or undefined when the body does not have that shape. */
export const listData = (body: unknown): unknown[] | undefined => {
  const parsed = listBody.safeParse(body)
  return parsed.success ? parsed.data.data : undefined
}

/** `{data: {...}}` of a single-resource answer, with `includes` when present. */
export const singleData = (body: unknown): { data: unknown; includes?: unknown } | undefined => {
  const parsed = oneBody.safeParse(body)
  return parsed.success ? parsed.data : undefined
}

export interface CycleRole {
  id: string
  name: string
  scopes: string[]
}

/** One Cycle `Role`; undefined without an id. Its name falls back to its identifier. */
export const parseCycleRole = (raw: unknown): CycleRole | undefined => {
  const object = record.safeParse(raw)
  if (!object.success) return undefined
  const id = refField.safeParse(object.data.id)
  if (!id.success) return undefined
  const label = [object.data.name, object.data.identifier, id.data].find(
    (value): value is string => typeof value === 'string' && value.trim() !== ''
  )!
  const capabilities = record.safeParse(object.data.capabilities)
  let scopes: string[] = []
  if (capabilities.success) {
    if (capabilities.data.all === true) scopes = ['*']
    else if (Array.isArray(capabilities.data.specific)) {
      scopes = capabilities.data.specific
        .filter((c): c is string => typeof c === 'string')
        .map((c) => c.slice(0, 200))
    }
  }
  return { id: id.data, name: label.slice(0, 200), scopes }
}

/** Roles from `includes.roles` of a key answer (a map keyed by role id). */
export const includedRoles = (includes: unknown): CycleRole[] => {
  const object = record.safeParse(includes)
  const roles = object.success ? record.safeParse(object.data.roles) : undefined
  if (!roles?.success) return []
  return Object.values(roles.data).flatMap((raw) => parseCycleRole(raw) ?? [])
}

export interface CycleErrorInfo {
  /** Cycle's code (`403.permissions`) or the OAuth error (`invalid_token`). */
  code?: string
  title?: string
  detail?: string
  source?: string
  /** The capability a 403.permissions says is missing. */
  capability?: string
  shape: 'cycle' | 'oauth' | 'none'
}

const shortText = z.string().max(2000)

/** Reads both error shapes Cycle uses: its envelope and, for auth errors, OAuth's. */
export const parseCycleError = (body: unknown): CycleErrorInfo => {
  const object = record.safeParse(body)
  if (!object.success) return { shape: 'none' }
  const error = object.data.error
  if (typeof error === 'string') {
    const description = shortText.safeParse(object.data.error_description)
    return {
      shape: 'oauth',
      code: error.slice(0, 100),
      ...(description.success && description.data ? { title: description.data } : {})
    }
  }
  const envelope = record.safeParse(error)
  if (!envelope.success) return { shape: 'none' }
  const field = (name: string) => {
    const value = shortText.safeParse(envelope.data[name])
    return value.success && value.data.trim() ? { [name]: value.data.trim() } : {}
  }
  const extra = record.safeParse(envelope.data.extra)
  const capability = extra.success
    ? z
        .string()
        .regex(/^[a-z0-9-]{1,100}$/)
        .safeParse(extra.data.capability)
    : undefined
  return {
    shape: 'cycle',
    ...field('code'),
    ...field('title'),
    ...field('detail'),
    ...field('source'),
    ...(capability?.success ? { capability: capability.data } : {})
  }
}
