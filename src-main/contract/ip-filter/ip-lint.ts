// Finds what is wrong or worth a second look in an IP list (invalid, duplicate, contained, jointly covered, allow-all, empty), worded for the hub it is meant for; pure, shared by the editor and the CLI.
import { parseIpEntry, type IpEntry } from './ip-entry'
import type { IpHubContext } from './ip-list-semantics'
import {
  coverageContains,
  coverageOf,
  coveragesMeet,
  ipv4Block,
  ipv6Blocks,
  sameCoverage,
  type IpSpan
} from './ip-span'

export const ipFindingKinds = [
  'invalid',
  'unsupported',
  'duplicate',
  'contained',
  'overlapping',
  'allow-all',
  'empty'
] as const
export type IpFindingKind = (typeof ipFindingKinds)[number]

export interface IpFinding {
  kind: IpFindingKind
  /** `error`: the hub would refuse the list or ignore it; `warning`: it works, perhaps not as meant. */
  severity: 'error' | 'warning'
  /** 0-based positions the finding is about: the entry itself first, then those it relates to. */
  rules: number[]
  /** One sentence, naming rules by their 1-based number as the editor shows them. */
  message: string
}

/** Each input as read: its canonical CIDR, or why it is not a rule. */
export type IpListEntry =
  | { index: number; input: string; ok: true; entry: IpEntry; coverage: IpSpan[] }
  | { index: number; input: string; ok: false; error: string }

/** Parses every entry with the editor's strictness (a host address written as a network is refused). */
export const readIpList = (inputs: readonly string[]): IpListEntry[] =>
  inputs.map((input, index) => {
    const parsed = parseIpEntry(input)
    return parsed.ok
      ? { index, input, ok: true, entry: parsed.entry, coverage: coverageOf(parsed.entry) }
      : { index, input, ok: false, error: parsed.error }
  })

type ValidEntry = Extract<IpListEntry, { ok: true }>

const ruleName = (entry: ValidEntry): string => `${entry.entry.cidr} (rule ${entry.index + 1})`

/** "rule 1", "rules 1 and 2", "rules 1, 2 and 4". */
export const ruleNumbers = (indexes: readonly number[]): string => {
  const numbers = indexes.map((index) => String(index + 1))
  if (numbers.length <= 1) return `rule ${numbers[0] ?? ''}`
  return `rules ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`
}

/** Capitalised for the start of a sentence. */
const Rules = (indexes: readonly number[]): string => {
  const text = ruleNumbers(indexes)
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The allow-all findings per family: one rule, or several together, letting all of it through. */
const allowAllFindings = (entries: readonly ValidEntry[]): IpFinding[] => {
  const spans = entries.flatMap((entry) => entry.coverage)
  const findings: IpFinding[] = []
  const families: Array<[string, IpSpan[]]> = [
    ['every IPv4 address', [ipv4Block]],
    ['every IPv6 address', [...ipv6Blocks]]
  ]
  for (const [what, blocks] of families) {
    if (!coverageContains(spans, blocks)) continue
    const alone = entries.find((entry) => coverageContains(entry.coverage, blocks))
    // Name only the outermost rules that reach the family; those inside them add nothing.
    const reaching = entries.filter((entry) => coveragesMeet(entry.coverage, blocks))
    const involved = alone
      ? [alone]
      : reaching.filter(
          (entry) =>
            !reaching.some(
              (other) => other !== entry && coverageContains(other.coverage, entry.coverage)
            )
        )
    const indexes = involved.map((entry) => entry.index)
    findings.push({
      kind: 'allow-all',
      severity: 'warning',
      rules: indexes,
      message: alone
        ? `${ruleName(alone)} allows ${what}, so the list restricts nothing there.`
        : `${Rules(indexes)} together allow ${what}, so the list restricts nothing there.`
    })
  }
  return findings
}

/** What an empty list does on the hub at hand, as a warning. */
const emptyListFinding = (hub: IpHubContext | undefined): IpFinding | undefined => {
  const base = { kind: 'empty' as const, severity: 'warning' as const, rules: [] }
  if (!hub) {
    return {
      ...base,
      message:
        'The list is empty: some hubs then let every address through and others none; name the hub kind to know which.'
    }
  }
  if (!hub.semantics) return undefined
  return {
    ...base,
    message:
      hub.semantics.emptyList === 'allows-all'
        ? `The list is empty, which ${hub.label} reads as no filter: every address may use this key.`
        : `The list is empty, which ${hub.label} reads as allowing no address: every call with this key will be refused.`
  }
}

/**
 * Lints an IP list. `null` is "no restriction"; `hub` (optional) words the empty-list and
 * allow-all findings by what that hub does and refuses what it cannot take (IPv6 on an IPv4-only
 * hub, rules on a hub without IP rules). CIDR ranges never overlap in part, so two overlapping
 * rules are a duplicate or one contains the other; `overlapping` is a rule that several others
 * cover together, while each of them lies inside it.
 */
export const lintIpRules = (inputs: readonly string[] | null, hub?: IpHubContext): IpFinding[] => {
  if (inputs === null) {
    return hub && !hub.semantics
      ? []
      : [
          {
            kind: 'allow-all',
            severity: 'warning',
            rules: [],
            message: 'There is no IP restriction: every address may use this key.'
          }
        ]
  }
  if (inputs.length === 0) {
    const empty = emptyListFinding(hub)
    return empty ? [empty] : []
  }
  const findings: IpFinding[] = []
  if (hub && !hub.semantics) {
    findings.push({
      kind: 'unsupported',
      severity: 'error',
      rules: inputs.map((_, index) => index),
      message: `${hub.label} keys carry no IP rules, so ${hub.label} would not apply this list.`
    })
  }
  const read = readIpList(inputs)
  const valid: ValidEntry[] = []
  for (const item of read) {
    if (!item.ok) {
      findings.push({
        kind: 'invalid',
        severity: 'error',
        rules: [item.index],
        message: item.error
      })
      continue
    }
    const families = hub?.semantics?.families
    if (families && !families.includes(item.entry.family)) {
      findings.push({
        kind: 'unsupported',
        severity: 'error',
        rules: [item.index],
        message: `${ruleName(item)} is IPv${item.entry.family}; ${hub?.label} takes only IPv${families.join(' and IPv')} rules.`
      })
      continue
    }
    const first = valid.find((earlier) => sameCoverage(earlier.coverage, item.coverage))
    if (first) {
      findings.push({
        kind: 'duplicate',
        severity: 'warning',
        rules: [item.index, first.index],
        message:
          item.input.trim() === first.input.trim()
            ? `${ruleName(item)} repeats rule ${first.index + 1}; list each range once.`
            : `"${item.input.trim()}" (rule ${item.index + 1}) is the same range as ${ruleName(first)}, written another way; list it once.`
      })
      continue
    }
    valid.push(item)
  }
  for (const item of valid) {
    const others = valid.filter((other) => other !== item)
    const containers = others.filter((other) => coverageContains(other.coverage, item.coverage))
    if (containers.length > 0) {
      findings.push({
        kind: 'contained',
        severity: 'warning',
        rules: [item.index, ...containers.map((other) => other.index)],
        message: `${ruleName(item)} lies inside ${containers.map(ruleName).join(' and ')}, which already ${containers.length === 1 ? 'allows' : 'allow'} it.`
      })
      continue
    }
    const inside = others.filter((other) => coveragesMeet(other.coverage, item.coverage))
    const insideSpans = inside.flatMap((other) => other.coverage)
    if (inside.length > 1 && coverageContains(insideSpans, item.coverage)) {
      const indexes = inside.map((other) => other.index)
      findings.push({
        kind: 'overlapping',
        severity: 'warning',
        rules: [item.index, ...indexes],
        message: `${ruleName(item)} is covered entirely by ${ruleNumbers(indexes)} together; keep either it or them.`
      })
    }
  }
  findings.push(...allowAllFindings(valid))
  return findings
}
