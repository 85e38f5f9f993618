// Owl Data Hub key rules (IP filters, response headers, placeholders) and the "what to change in Owl" list; pure, shared by the adapter and the renderer's editors.
import type { HeaderRule, HubKey } from './hubs.contract'
import { parseIpRule, toDottedMask } from './ip-rules'

/** The response-header placeholders Owl fills in (HUBS.md); a header value is one of these or fixed text. */
export const datahubPlaceholders = [
  '${collection.meta.count}',
  '${collection.meta.name}',
  '${collection.meta.limit}',
  '${collection.meta.offset}'
] as const
export type DatahubPlaceholder = (typeof datahubPlaceholders)[number]

/** What the placeholders stand for in one export answer. */
export interface CollectionMeta {
  count: number
  name: string
  limit: number
  offset: number
}

export type RuleCheck<T> = { ok: true; value: T; note?: string } | { ok: false; error: string }

/** One IP filter as Hubkeys stores it (CIDR) and as Owl's form takes it (address plus netmask). */
export interface DatahubIpFilter {
  cidr: string
  address: string
  netmask: string
}

/**
 * One Owl IP filter: an IPv4 range `x.x.x.x` (each part 0-255, no leading zeros) plus a netmask
 * written `x.x.x.x` or as a number of bits; a bare address means that one address (/32).
 */
export const checkDatahubIpFilter = (input: string): RuleCheck<DatahubIpFilter> => {
  const parsed = parseIpRule(input)
  if (!parsed.ok) return { ok: false, error: parsed.error }
  if (parsed.family !== 4) {
    return {
      ok: false,
      error: `"${input.trim()}" is IPv6; Owl Data Hub IP filters are IPv4 ranges with a netmask.`
    }
  }
  const owl = toDottedMask(parsed.cidr)
  if (!owl) return { ok: false, error: `"${input.trim()}" is not an IPv4 range.` }
  return {
    ok: true,
    value: { cidr: parsed.cidr, ...owl },
    ...(parsed.note ? { note: parsed.note } : {})
  }
}

export type IpFiltersCheck =
  | { ok: true; rules: string[] | null; notes: string[] }
  | { ok: false; errors: Array<{ index: number; error: string }> }

/**
 * A key's whole IP-filter list. `null` or an empty list both mean "no filter" in Owl (any address
 * may call) [inferred: Owl has no "allow nothing" setting; an inactive status does that], so both
 * normalise to `null`. The same range listed twice is refused.
 */
export const checkDatahubIpFilters = (inputs: readonly string[] | null): IpFiltersCheck => {
  if (inputs === null || inputs.length === 0) return { ok: true, rules: null, notes: [] }
  const errors: Array<{ index: number; error: string }> = []
  const notes: string[] = []
  const seen = new Map<string, number>()
  inputs.forEach((input, index) => {
    const checked = checkDatahubIpFilter(input)
    if (!checked.ok) return void errors.push({ index, error: checked.error })
    if (checked.note) notes.push(checked.note)
    const first = seen.get(checked.value.cidr)
    if (first !== undefined) {
      errors.push({
        index,
        error: `${checked.value.cidr} is already filter ${first + 1}; list each range once.`
      })
    } else seen.set(checked.value.cidr, index)
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules: [...seen.keys()], notes }
}

/** RFC 9110 `tchar`: the characters an HTTP header name (a `token`) may contain. */
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const notTchar = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/

/** Headers the HTTP framing itself owns; a key that set them would break the export's answer. */
const framingHeaders = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'keep-alive',
  'trailer',
  'transfer-encoding',
  'upgrade'
])

/** Line breaks and other control characters (tab allowed) would split or corrupt a header line. */
const hasControlCharacter = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true
  }
  return false
}

/** How a character the name may not hold reads in a message (a space is invisible in quotes). */
const describeCharacter = (character: string): string => {
  if (character === ' ') return 'a space'
  const code = character.codePointAt(0) ?? 0
  if (code < 0x20 || code === 0x7f)
    return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`
  return `"${character}"`
}

export const isDatahubPlaceholder = (value: string): value is DatahubPlaceholder =>
  (datahubPlaceholders as readonly string[]).includes(value)

/** Everything in `value` that looks like a placeholder (`${...}`, or an unclosed `${...`). */
const placeholderLike = (value: string): string[] => value.match(/\$\{[^}]*\}?/g) ?? []

/** What is wrong with a header name (already trimmed), or null when it is a valid, usable name. */
export const datahubHeaderNameProblem = (name: string): string | null => {
  if (name === '') return 'Give the header a name.'
  if (!headerName.test(name)) {
    const bad = notTchar.exec(name)?.[0] ?? ''
    return `"${name}" is not a header name: it holds ${describeCharacter(bad)}; use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ (for example X-Record-Count).`
  }
  if (framingHeaders.has(name.toLowerCase())) {
    return `${name} is set by the HTTP answer itself; choose another header.`
  }
  return null
}

/**
 * What is wrong with a header value (already trimmed), or null. A value is one line of fixed text
 * without `${`, or exactly one of the four placeholders (HUBS.md: "fixed values or the placeholders").
 */
export const datahubHeaderValueProblem = (name: string, value: string): string | null => {
  const label = name === '' ? 'this header' : name
  if (/[\r\n]/.test(value)) {
    return `The value of ${label} must be one line of text: it holds a line break (CR or LF).`
  }
  if (hasControlCharacter(value)) {
    return `The value of ${label} must be one line of text without control characters.`
  }
  if (value.includes('${') && !isDatahubPlaceholder(value)) {
    const unknown = placeholderLike(value).find((token) => !isDatahubPlaceholder(token))
    const allowed = `fixed text or exactly one of ${datahubPlaceholders.join(', ')}`
    if (unknown && !unknown.endsWith('}')) {
      return `${unknown} is an unfinished placeholder; the value of ${label} must be ${allowed}.`
    }
    return unknown
      ? `${unknown} is not a placeholder Owl fills in; the value of ${label} must be ${allowed}.`
      : `The value of ${label} must be ${allowed}, not text and a placeholder together.`
  }
  if (value === '') return `Give ${label} a value or a placeholder.`
  return null
}

/**
 * One response header: a valid HTTP name, and a value that is either fixed text (one line, no
 * `${`) or exactly one of the four placeholders. Headers that are not sent are checked the same way.
 */
export const checkDatahubHeader = (rule: HeaderRule): RuleCheck<HeaderRule> => {
  const name = rule.name.trim()
  const nameProblem = datahubHeaderNameProblem(name)
  if (nameProblem) return { ok: false, error: nameProblem }
  const value = rule.value.trim()
  const valueProblem = datahubHeaderValueProblem(name, value)
  if (valueProblem) return { ok: false, error: valueProblem }
  return { ok: true, value: { name, value, enabled: rule.enabled } }
}

export type HeadersCheck =
  | { ok: true; headers: HeaderRule[] }
  | { ok: false; errors: Array<{ index: number; error: string }> }

/** A key's whole header list; a name may appear once (case-insensitive), on or off. */
export const checkDatahubHeaders = (rules: readonly HeaderRule[]): HeadersCheck => {
  const errors: Array<{ index: number; error: string }> = []
  const headers: HeaderRule[] = []
  const seen = new Set<string>()
  rules.forEach((rule, index) => {
    const checked = checkDatahubHeader(rule)
    if (!checked.ok) return void errors.push({ index, error: checked.error })
    const key = checked.value.name.toLowerCase()
    if (seen.has(key)) {
      return void errors.push({ index, error: `${checked.value.name} is listed twice.` })
    }
    seen.add(key)
    headers.push(checked.value)
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, headers }
}

/** The value a header carries in one answer: the placeholder filled in, or the fixed text. */
export const fillDatahubHeader = (value: string, meta: CollectionMeta): string => {
  switch (value) {
    case '${collection.meta.count}':
      return String(meta.count)
    case '${collection.meta.name}':
      return meta.name
    case '${collection.meta.limit}':
      return String(meta.limit)
    case '${collection.meta.offset}':
      return String(meta.offset)
    default:
      return value
  }
}

const owlRange = (cidr: string): string => {
  const owl = toDottedMask(cidr)
  return owl ? `${owl.address} / ${owl.netmask}` : cidr
}

const owlDate = (at: number | null): string =>
  at === null ? 'no date (never expires)' : new Date(at).toISOString().slice(0, 10)

const statusWord = (status: HubKey['status']): string =>
  status === 'inactive' ? 'Inactive' : 'Active'

/** Owl's check means "not sent" (see owlCheckLegend in datahub-headers.ts). */
const headerText = (rule: HeaderRule): string =>
  `${rule.name}: ${rule.value} (${rule.enabled ? 'sent' : 'checked: not sent'})`

/**
 * What the admin must change in the Owl web app to match Hubkeys' record, one instruction per
 * line, in the order of Owl's key form. `before` null: a key being recorded for the first time
 * (everything to enter). Owl's own fields (created, last change, sync status) are read-only there.
 */
export const owlChanges = (
  before: Pick<HubKey, 'name' | 'status' | 'ipRules' | 'headers' | 'expiresAt'> | null,
  after: Pick<HubKey, 'name' | 'status' | 'ipRules' | 'headers' | 'expiresAt'>
): string[] => {
  const lines: string[] = []
  if (!before) {
    lines.push(`Name: ${after.name}`)
    lines.push(`Status: ${statusWord(after.status)}`)
    for (const cidr of after.ipRules ?? []) lines.push(`IP filter: add ${owlRange(cidr)}`)
    lines.push(`Expiry date: ${owlDate(after.expiresAt)}`)
    for (const rule of after.headers) lines.push(`Response header: add ${headerText(rule)}`)
    return lines
  }
  if (before.name !== after.name) lines.push(`Name: change "${before.name}" to "${after.name}"`)
  if (statusWord(before.status) !== statusWord(after.status)) {
    lines.push(`Status: set to ${statusWord(after.status)}`)
  }
  const was = new Set(before.ipRules ?? [])
  const now = new Set(after.ipRules ?? [])
  for (const cidr of was) if (!now.has(cidr)) lines.push(`IP filter: remove ${owlRange(cidr)}`)
  for (const cidr of now) if (!was.has(cidr)) lines.push(`IP filter: add ${owlRange(cidr)}`)
  if (before.expiresAt !== after.expiresAt) {
    lines.push(
      after.expiresAt === null
        ? 'Expiry date: remove it (never expires)'
        : `Expiry date: set to ${owlDate(after.expiresAt)}`
    )
  }
  const old = new Map(before.headers.map((rule) => [rule.name.toLowerCase(), rule]))
  const next = new Map(after.headers.map((rule) => [rule.name.toLowerCase(), rule]))
  for (const [key, rule] of old)
    if (!next.has(key)) lines.push(`Response header: remove ${rule.name}`)
  for (const [key, rule] of next) {
    const prior = old.get(key)
    if (!prior) lines.push(`Response header: add ${headerText(rule)}`)
    else if (prior.value !== rule.value || prior.name !== rule.name) {
      lines.push(`Response header: change ${prior.name} to ${headerText(rule)}`)
    } else if (prior.enabled !== rule.enabled) {
      lines.push(
        rule.enabled
          ? `Response header: remove the check from ${rule.name} (sent)`
          : `Response header: mark ${rule.name} with a check (not sent)`
      )
    }
  }
  return lines
}
