// Expiry reminders for the web-mode banner, derived from the hygiene summary's 1, 7 and 30 day counts; pure, renderer.
import type {
  HygieneCheckId,
  HygieneSummary,
  KeyQuery
} from '../../../../src-main/contract/inventory.contract'

export interface ReminderBanner {
  tone: 'danger' | 'warn' | 'info'
  /** The sentence shown, most urgent first ("2 keys expire within a day · 5 within 7 days"). */
  text: string
  /** Identifies what was announced; a dismissal holds until this changes. */
  signature: string
  /** Opens the table on the most urgent keys. */
  query: KeyQuery
}

const keys = (count: number) => `${count.toLocaleString('en')} ${count === 1 ? 'key' : 'keys'}`

const windows: { id: HygieneCheckId; within: string; tone: ReminderBanner['tone'] }[] = [
  { id: 'expiring-1d', within: 'within a day', tone: 'danger' },
  { id: 'expiring-7d', within: 'within 7 days', tone: 'warn' },
  { id: 'expiring-30d', within: 'within 30 days', tone: 'info' }
]

/**
 * The banner for keys about to expire, or undefined when none expires within 30 days. The counts
 * nest (a key within a day is also within 7 and 30), so each window names its own total, and a
 * window that adds nothing to the one before is left out.
 */
export const reminderBanner = (summary: HygieneSummary): ReminderBanner | undefined => {
  const counts = windows.map((window) => ({
    ...window,
    item: summary.items.find((item) => item.id === window.id)
  }))
  const present = counts.filter((entry) => entry.item && entry.item.count > 0)
  const first = present[0]
  if (!first?.item) return undefined
  const parts: string[] = []
  let previous = 0
  for (const entry of present) {
    const count = entry.item?.count ?? 0
    if (count <= previous) continue
    parts.push(
      parts.length === 0
        ? `${keys(count)} ${count === 1 ? 'expires' : 'expire'} ${entry.within}`
        : `${count.toLocaleString('en')} ${entry.within}`
    )
    previous = count
  }
  return {
    tone: first.tone,
    text: parts.join(' · '),
    signature: counts.map((entry) => `${entry.id}:${entry.item?.count ?? 0}`).join('|'),
    query: first.item.query
  }
}
