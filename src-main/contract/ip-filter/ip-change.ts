// One IP-list change applied to one key's list (add entries, remove entries, replace the list), as the bulk IP change plans it; pure, shared by core's plan and the renderer.
import { canonicalIpEntry, parseIpEntry } from './ip-entry'

export const ipChangeOperations = ['add', 'remove', 'replace'] as const
export type IpChangeOperation = (typeof ipChangeOperations)[number]

export interface IpChange {
  operation: IpChangeOperation
  /** Entries as typed; each must be a valid rule (the editor's strictness). */
  entries: readonly string[]
}

/** The list after the change, or why the change itself cannot be made. */
export type IpChangeResult =
  { ok: true; after: string[] | null; note?: string } | { ok: false; error: string }

/** A rule as compared: its network, so a hub's `10.0.0.5/8` and `10.0.0.0 255.0.0.0` both are `10.0.0.0/8`. */
const networkOf = (rule: string): string =>
  canonicalIpEntry(rule, { hostBits: 'clear' }) ?? rule.trim()

/**
 * Applies `change` to `before` (`null`: no restriction). Added entries are written as canonical
 * CIDR and appended in order, skipping ones the list already holds; removing matches by network,
 * however either side wrote it. Adding to an unrestricted key makes the new entries its whole list,
 * which the `note` says, since that key then refuses every other address.
 */
export const applyIpChange = (
  before: readonly string[] | null,
  change: IpChange
): IpChangeResult => {
  const canonical: string[] = []
  for (const [index, entry] of change.entries.entries()) {
    const parsed = parseIpEntry(entry)
    if (!parsed.ok) return { ok: false, error: `Entry ${index + 1}: ${parsed.error}` }
    if (!canonical.includes(parsed.entry.cidr)) canonical.push(parsed.entry.cidr)
  }
  if (change.operation === 'replace') return { ok: true, after: canonical }
  if (change.operation === 'remove') {
    if (before === null) return { ok: true, after: null, note: 'It has no IP rules to remove.' }
    const gone = new Set(canonical)
    return { ok: true, after: before.filter((rule) => !gone.has(networkOf(rule))) }
  }
  if (before === null) {
    return {
      ok: true,
      after: canonical,
      note: 'It has no IP restriction today; after the change only these entries may use it.'
    }
  }
  const held = new Set(before.map(networkOf))
  return { ok: true, after: [...before, ...canonical.filter((rule) => !held.has(rule))] }
}

/** Whether two lists hold the same rules in the same order (`null` only equals `null`). */
export const sameIpList = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === null || b === null
    ? a === b
    : a.length === b.length && a.every((rule, index) => rule === b[index])
