// The IP-filter simulator: would this address be allowed by this list, and by which rule? Pure, shared by the editor ("add my current address") and the CLI.
import ipaddr from 'ipaddr.js'
import { parseIpAddress } from './ip-entry'
import { readIpList } from './ip-lint'
import type { IpHubContext } from './ip-list-semantics'
import { addressPoint, coverageHas } from './ip-span'

/** A rule that matched, by 0-based position. */
export interface MatchedRule {
  index: number
  cidr: string
}

/** Something that keeps the list from being simulated: a rule (by position) or the address (`null`). */
export interface IpCheckProblem {
  index: number | null
  input: string
  error: string
}

export type IpCheckResult =
  | {
      verdict: 'allowed'
      /** The address as compared: IPv4-mapped IPv6 (`::ffff:10.1.2.3`) becomes IPv4 (`10.1.2.3`). */
      address: string
      /** The first rule, in list order, that lets it through; `null` when no rule is needed. */
      rule: MatchedRule | null
      /** Every rule that matches, first one included. */
      matches: MatchedRule[]
      reason: string
    }
  | { verdict: 'denied'; address: string; rule: null; matches: []; reason: string }
  | { verdict: 'invalid'; problems: IpCheckProblem[]; reason: string }

/**
 * Simulates the list as an allow-list. `null` rules: no restriction. An empty list follows the
 * hub's semantics; without a hub it allows nothing, as an allow-list with nothing on it. A list the
 * hub would refuse (an invalid rule, an IPv6 rule on an IPv4-only hub) is not simulated.
 */
export const checkIpAddress = (
  rules: readonly string[] | null,
  address: string,
  hub?: IpHubContext
): IpCheckResult => {
  const problems: IpCheckProblem[] = []
  // A range is refused before parsing, which would only complain about its slash.
  const parsedAddress = address.includes('/')
    ? ({ ok: false, error: `"${address.trim()}" is a range; give one address to check.` } as const)
    : parseIpAddress(address)
  if (!parsedAddress.ok) problems.push({ index: null, input: address, error: parsedAddress.error })
  const read = readIpList(rules ?? [])
  for (const item of read) {
    if (!item.ok) problems.push({ index: item.index, input: item.input, error: item.error })
    else if (hub?.semantics && !hub.semantics.families.includes(item.entry.family)) {
      problems.push({
        index: item.index,
        input: item.input,
        error: `${item.entry.cidr} is IPv${item.entry.family}; ${hub.label} takes only IPv${hub.semantics.families.join(' and IPv')} rules.`
      })
    }
  }
  if (problems.length > 0 || !parsedAddress.ok) {
    const first = problems[0] as IpCheckProblem
    const where = first.index === null ? 'The address' : `Rule ${first.index + 1}`
    return { verdict: 'invalid', problems, reason: `${where}: ${first.error}` }
  }
  const ip = parsedAddress.address
  // A caller with an IPv4-mapped address is an IPv4 caller (what a dual-stack server sees).
  const shown =
    ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()
      ? ip.toIPv4Address().toString()
      : parsedAddress.text
  const none = (reason: string): IpCheckResult => ({
    verdict: 'allowed',
    address: shown,
    rule: null,
    matches: [],
    reason
  })
  if (hub && !hub.semantics)
    return none(`${shown} is allowed: ${hub.label} keys carry no IP rules.`)
  if (rules === null) return none(`${shown} is allowed: the key has no IP restriction.`)
  if (rules.length === 0 && hub?.semantics?.emptyList === 'allows-all') {
    return none(`${shown} is allowed: the list is empty, which ${hub.label} reads as no filter.`)
  }
  const point = addressPoint(ip)
  const matches = read.flatMap((item) =>
    item.ok && coverageHas(item.coverage, point)
      ? [{ index: item.index, cidr: item.entry.cidr }]
      : []
  )
  const [rule] = matches
  if (rule) {
    return {
      verdict: 'allowed',
      address: shown,
      rule,
      matches,
      reason: `${shown} is allowed by rule ${rule.index + 1} (${rule.cidr}).`
    }
  }
  return {
    verdict: 'denied',
    address: shown,
    rule: null,
    matches: [],
    reason:
      rules.length === 0
        ? `${shown} is denied: the list is empty, so no address is allowed${hub ? ` on ${hub.label}` : ''}.`
        : rules.length === 1
          ? `${shown} is denied: it does not match the only rule.`
          : `${shown} is denied: it matches none of the ${rules.length} rules.`
  }
}
