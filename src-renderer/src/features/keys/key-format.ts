// Words and dates for keys on screen: relative and absolute times, statuses, IP rule summaries, drift values; renderer.
import { hubForms } from '../../../../src-main/contract/hub-forms'
import type { HeaderRule, HubKind, KeyStatus } from '../../../../src-main/contract/hubs.contract'
import type { KeyRow } from '../../../../src-main/contract/inventory.contract'
import type { DriftChange } from '../../../../src-main/contract/sync.contract'
import type { BadgeTone } from '../../ui/Badge'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** "in 3 days", "5 h ago", "just now": the distance from `now`, rounded to one unit. */
export const relativeTime = (at: number, now: number): string => {
  const delta = at - now
  const distance = Math.abs(delta)
  if (distance < 45_000) return 'just now'
  let amount: string
  if (distance < hour) amount = `${Math.max(1, Math.round(distance / minute))} min`
  else if (distance < day) amount = `${Math.round(distance / hour)} h`
  else if (distance < 45 * day) amount = plural(Math.round(distance / day), 'day')
  else if (distance < 365 * day) amount = plural(Math.round(distance / (30 * day)), 'month')
  else amount = plural(Math.round((distance / (365 * day)) * 10) / 10, 'year')
  return delta > 0 ? `in ${amount}` : `${amount} ago`
}

// One formatter for every cell: building an Intl formatter per row would dominate scrolling.
const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit'
})
const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric'
})

/** The full local date and time, for tooltips. */
export const absoluteTime = (at: number): string => absoluteFormat.format(at)
/** The local date alone. */
export const absoluteDate = (at: number): string => dateFormat.format(at)

const numberFormat = new Intl.NumberFormat('en')
export const formatCount = (count: number): string => numberFormat.format(count)
export const keysCount = (count: number): string =>
  `${formatCount(count)} ${count === 1 ? 'key' : 'keys'}`

export const kindLabel = (kind: HubKind): string => hubForms[kind].label

const statusWords: Record<KeyStatus, { label: string; tone: BadgeTone }> = {
  active: { label: 'Active', tone: 'ok' },
  inactive: { label: 'Inactive', tone: 'neutral' },
  pending: { label: 'Pending', tone: 'info' },
  deleting: { label: 'Deleting', tone: 'warn' },
  deleted: { label: 'Deleted', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'danger' },
  missing: { label: 'Missing at hub', tone: 'warn' },
  unknown: { label: 'Unknown', tone: 'neutral' }
}

export const statusLabel = (status: KeyStatus): string => statusWords[status].label
export const statusTone = (status: KeyStatus): BadgeTone => statusWords[status].tone

export const environmentLabel = (environment: 'prod' | 'staging' | 'dev'): string =>
  ({ prod: 'Production', staging: 'Staging', dev: 'Development' })[environment]

export type Urgency = 'expired' | 'soon' | 'month' | 'later' | 'none'

/** How close an expiry is: past, within 7 days, within 30, later, or no date at all. */
export const expiryUrgency = (expiresAt: number | null, now: number): Urgency => {
  if (expiresAt === null) return 'none'
  if (expiresAt <= now) return 'expired'
  if (expiresAt - now <= 7 * day) return 'soon'
  if (expiresAt - now <= 30 * day) return 'month'
  return 'later'
}

export interface IpSummary {
  text: string
  tone: 'danger' | 'warn' | 'neutral'
  title: string
}

/** The IP column: "No restriction", "Allows all", "Allows nothing" or "3 rules". */
export const ipSummary = (
  row: Pick<KeyRow, 'ipRuleCount' | 'allowsAll' | 'environment'>
): IpSummary => {
  if (row.ipRuleCount === null)
    return {
      text: 'No restriction',
      tone: row.environment === 'prod' ? 'danger' : 'warn',
      title: 'The hub holds no IP rule for this key: every address gets through.'
    }
  if (row.allowsAll)
    return {
      text: 'Allows all',
      tone: row.environment === 'prod' ? 'danger' : 'warn',
      title: 'A rule such as 0.0.0.0/0 lets every address through.'
    }
  if (row.ipRuleCount === 0)
    return { text: 'Allows nothing', tone: 'neutral', title: 'The rule list is empty.' }
  return {
    text: plural(row.ipRuleCount, 'rule'),
    tone: 'neutral',
    title: `${plural(row.ipRuleCount, 'IP rule')} restrict where the key works.`
  }
}

export const driftLabels: Record<DriftChange, string> = {
  added: 'Added',
  removed: 'Removed',
  renamed: 'Renamed',
  'ip-rules': 'IP rules changed',
  role: 'Role changed',
  status: 'Status changed',
  expiry: 'Expiry changed',
  scopes: 'Scopes changed',
  headers: 'Headers changed'
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

const isHeader = (value: Json): value is Json & HeaderRule =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'name' in value

/**
 * One side of a drift entry as text. `null` means different things per field: no IP
 * restriction, no role, no expiry; an empty list is "none" (for IP rules: allows nothing).
 */
export const driftValue = (change: DriftChange, value: Json | undefined): string => {
  if (value === undefined) return '—'
  switch (change) {
    case 'ip-rules':
      if (value === null) return 'No restriction'
      if (Array.isArray(value)) return value.length === 0 ? 'Allows nothing' : value.join(', ')
      return String(value)
    case 'expiry':
      return typeof value === 'number' ? absoluteDate(value) : 'No expiry'
    case 'role':
      return value === null || value === '' ? 'No role' : String(value)
    case 'status':
      return typeof value === 'string' && value in statusWords
        ? statusLabel(value as KeyStatus)
        : String(value)
    case 'scopes':
      return Array.isArray(value) ? (value.length ? value.join(', ') : 'None') : String(value)
    case 'headers':
      if (!Array.isArray(value)) return String(value)
      if (value.length === 0) return 'None'
      return value
        .map((header) =>
          isHeader(header)
            ? `${header.name}: ${header.value}${header.enabled === false ? ' (not sent)' : ''}`
            : JSON.stringify(header)
        )
        .join('; ')
    default:
      return value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value)
  }
}
