// Hygiene checks as key-table queries, and which expiry reminders (30/7/1 days) are due; pure functions run in main.
import type {
  HygieneCheckId,
  KeyFilter,
  KeyQuery,
  KeySort,
  ReminderLog,
  ReminderThreshold
} from '../../contract/inventory.contract'
import type { ExpiringKey } from '../ports/inventory-query.port'
import { dayMs } from './inventory-query'

export interface HygieneCheck {
  id: HygieneCheckId
  label: string
  /** The query the table opens with; its count is the check's count. */
  query: KeyQuery
}

const query = (filter: KeyFilter, sort: KeySort): KeyQuery => ({ search: '', filter, sort })
const byExpiry: KeySort = { field: 'expires', direction: 'asc' }

/** The hygiene overview's checks, in the order it shows them. */
export const hygieneChecks = (maxAgeDays: number): HygieneCheck[] => [
  {
    id: 'expiring-30d',
    label: 'Expiring within 30 days',
    query: query({ expiringWithinDays: 30 }, byExpiry)
  },
  {
    id: 'expiring-7d',
    label: 'Expiring within 7 days',
    query: query({ expiringWithinDays: 7 }, byExpiry)
  },
  {
    id: 'expiring-1d',
    label: 'Expiring within a day',
    query: query({ expiringWithinDays: 1 }, byExpiry)
  },
  {
    id: 'expired',
    label: 'Expired',
    query: query({ expired: true }, { field: 'expires', direction: 'desc' })
  },
  {
    id: 'unused-90d',
    label: 'Unused for 90 days or never used',
    query: query({ unusedForDays: 90 }, { field: 'lastUsed', direction: 'asc' })
  },
  {
    id: 'no-ip-restriction',
    label: 'No IP restriction',
    query: query({ noIpRestriction: true }, { field: 'connection', direction: 'asc' })
  },
  {
    id: 'allow-all-prod',
    label: 'Allow every address on production',
    query: query(
      { allowAll: true, environments: ['prod'] },
      { field: 'connection', direction: 'asc' }
    )
  },
  {
    id: 'older-than-max-age',
    label: `Older than ${maxAgeDays} days`,
    query: query({ olderThanDays: maxAgeDays }, { field: 'created', direction: 'asc' })
  },
  {
    // Not deleted: Hubkeys keeps them with their stored values until someone decides.
    id: 'missing-at-hub',
    label: 'Missing at their hub',
    query: query({ statuses: ['missing'] }, { field: 'connection', direction: 'asc' })
  }
]

/** A check's query narrowed to one connection (the Overview's per-connection counts and links). */
export const connectionCheckQuery = (checkQuery: KeyQuery, connectionId: string): KeyQuery => ({
  ...checkQuery,
  filter: { ...checkQuery.filter, connectionIds: [connectionId] }
})

export interface ExpiryReminder {
  keyId: string
  name: string
  connectionName: string
  tenant: string
  hubKeyId: string
  expiresAt: number
  threshold: ReminderThreshold
  /** Whole days left, rounded up (1 on the last day). */
  daysLeft: number
  /** One sentence for a notification or banner. */
  message: string
}

/** The tightest threshold a key has reached: 1, 7 or 30 days before it expires; undefined beyond 30. */
export const thresholdFor = (expiresAt: number, now: number): ReminderThreshold | undefined => {
  const left = expiresAt - now
  if (left <= 0) return undefined
  if (left <= dayMs) return 1
  if (left <= 7 * dayMs) return 7
  if (left <= 30 * dayMs) return 30
  return undefined
}

const reminderMessage = (key: ExpiringKey, daysLeft: number): string => {
  const name = key.name.trim() === '' ? key.hubKeyId : key.name
  const when = daysLeft <= 1 ? 'within a day' : `in ${daysLeft} days`
  return `Key "${name}" on ${key.connectionName} expires ${when}.`
}

/**
 * Which reminders are due now, and the log to keep afterwards. A key is announced once per
 * threshold it reaches for a given expiry date; a key first seen at 5 days left gets only the 7-day
 * reminder, not the 30-day one too. A new expiry date (a renewed key) starts over. The returned log
 * holds only keys still expiring within 30 days, so it stays small; pass it back next time. `keys`
 * must be every key expiring within the next 30 days, or entries of the missing ones are dropped.
 */
export const dueReminders = (
  now: number,
  keys: readonly ExpiringKey[],
  log: ReminderLog
): { due: ExpiryReminder[]; log: ReminderLog } => {
  const due: ExpiryReminder[] = []
  const next: ReminderLog = {}
  for (const key of keys) {
    const threshold = thresholdFor(key.expiresAt, now)
    if (threshold === undefined) continue
    const previous = Object.hasOwn(log, key.id) ? log[key.id] : undefined
    if (previous && previous.expiresAt === key.expiresAt && previous.threshold <= threshold) {
      next[key.id] = previous
      continue
    }
    const daysLeft = Math.ceil((key.expiresAt - now) / dayMs)
    due.push({
      keyId: key.id,
      name: key.name,
      connectionName: key.connectionName,
      tenant: key.tenant,
      hubKeyId: key.hubKeyId,
      expiresAt: key.expiresAt,
      threshold,
      daysLeft,
      message: reminderMessage(key, daysLeft)
    })
    next[key.id] = { expiresAt: key.expiresAt, threshold }
  }
  return { due, log: next }
}
