// Compares two IP lists rule by rule (added, removed, unchanged) for the diff preview before an edit; pure, shared by the editor and the bulk change.
import { parseIpEntry } from './ip-entry'

export interface IpRulesDiff {
  /** In `after` only, canonical CIDR (an entry that does not parse: as written, trimmed). */
  added: string[]
  /** In `before` only. */
  removed: string[]
  /** In both, however each side wrote it. */
  unchanged: string[]
  /** `null` lists: no restriction at all, which is not the same as an empty list. */
  unrestrictedBefore: boolean
  unrestrictedAfter: boolean
}

/** One rule as compared: its network, so `10.0.0.0 255.0.0.0` equals `10.0.0.0/8`. */
const comparable = (rule: string): string => {
  // Lists a hub already holds may carry host bits; they stand for their network there.
  const parsed = parseIpEntry(rule, { hostBits: 'clear' })
  return parsed.ok ? parsed.entry.cidr : rule.trim()
}

const distinct = (rules: readonly string[] | null): string[] => [
  ...new Set((rules ?? []).map(comparable))
]

/** The rule-level difference between two lists, each side in list order. */
export const diffIpRules = (
  before: readonly string[] | null,
  after: readonly string[] | null
): IpRulesDiff => {
  const was = distinct(before)
  const now = distinct(after)
  const wasSet = new Set(was)
  const nowSet = new Set(now)
  return {
    added: now.filter((rule) => !wasSet.has(rule)),
    removed: was.filter((rule) => !nowSet.has(rule)),
    unchanged: now.filter((rule) => wasSet.has(rule)),
    unrestrictedBefore: before === null,
    unrestrictedAfter: after === null
  }
}
