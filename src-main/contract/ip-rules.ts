// Parses and normalises IP rules (addresses, CIDR, Data Hub netmasks) for adapters and the IP-filter editor.
import ipaddr from 'ipaddr.js'
import { parseIpAddress, parseIpEntry } from './ip-filter/ip-entry'
import { addressPoint, coverageHas, coverageOf } from './ip-filter/ip-span'

export type ParsedIpRule =
  | { ok: true; cidr: string; family: 4 | 6; allowsAll: boolean; note?: string }
  | { ok: false; error: string }

/**
 * Accepts `203.0.113.7`, `203.0.113.0/24`, `203.0.113.0/255.255.255.0`, `203.0.113.0 255.255.255.0`
 * and IPv6 (`2001:db8::/32`), with the reasons of ip-filter/ip-entry.ts. Rules a hub already holds
 * may have host bits under the mask: they are cleared, and `note` says so (the editor refuses them).
 */
export const parseIpRule = (input: string): ParsedIpRule => {
  const parsed = parseIpEntry(input, { hostBits: 'clear' })
  if (!parsed.ok) return parsed
  const { cidr, family, bits, hostAddress } = parsed.entry
  return {
    ok: true,
    cidr,
    family,
    allowsAll: bits === 0,
    ...(hostAddress !== undefined
      ? { note: `Host bits cleared: ${hostAddress}/${bits} is the network ${cidr}.` }
      : {})
  }
}

/** True when a rule list lets every address through (`null` = no restriction, or a /0 rule). */
export const allowsAll = (rules: readonly string[] | null): boolean =>
  rules === null ||
  rules.some((rule) => {
    const parsed = parseIpRule(rule)
    return parsed.ok && parsed.allowsAll
  })

/** The Owl Data Hub's form of an IPv4 rule: address plus dotted netmask. */
export const toDottedMask = (cidr: string): { address: string; netmask: string } | undefined => {
  const parsed = parseIpRule(cidr)
  if (!parsed.ok || parsed.family !== 4) return undefined
  const [address = '', bits = '32'] = parsed.cidr.split('/')
  return { address, netmask: ipaddr.IPv4.subnetMaskFromPrefixLength(Number(bits)).toString() }
}

/**
 * Does `address` fall under any of `rules`? (`null` rules allow everything.) IPv4-mapped IPv6 is
 * IPv4 on both sides, as in ip-filter/ip-span.ts; the simulator (ip-filter/ip-check.ts) also says
 * which rule matched.
 */
export const ruleMatches = (rules: readonly string[] | null, address: string): boolean => {
  if (rules === null) return true
  const parsed = parseIpAddress(address)
  if (!parsed.ok) return false
  const point = addressPoint(parsed.address)
  return rules.some((rule) => {
    const entry = parseIpEntry(rule, { hostBits: 'clear' })
    return entry.ok && coverageHas(coverageOf(entry.entry), point)
  })
}
