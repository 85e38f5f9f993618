// Parses and normalises IP rules (addresses, CIDR, Data Hub netmasks) for adapters and the IP-filter editor.
import ipaddr from 'ipaddr.js'

export type ParsedIpRule =
  | { ok: true; cidr: string; family: 4 | 6; allowsAll: boolean; note?: string }
  | { ok: false; error: string }

const fail = (error: string): ParsedIpRule => ({ ok: false, error })

/** Four decimal parts 0-255 without leading zeros, as the Owl Data Hub requires. */
const strictIpv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

const parseMask = (mask: string): number | undefined => {
  if (/^\d{1,3}$/.test(mask)) return Number(mask)
  if (!strictIpv4.test(mask)) return undefined
  // prefixLengthFromSubnetMask answers null for masks with holes (255.0.255.0).
  return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask() ?? undefined
}

/**
 * Accepts `203.0.113.7`, `203.0.113.0/24`, `203.0.113.0/255.255.255.0`, `203.0.113.0 255.255.255.0`
 * and IPv6 (`2001:db8::/32`). Host bits under the mask are cleared, and `note` says so.
 */
export const parseIpRule = (input: string): ParsedIpRule => {
  const text = input.trim()
  if (text === '') return fail('Enter an address such as 203.0.113.7 or 203.0.113.0/24.')
  const [address = '', mask, extra] = text.split(/\s*\/\s*|\s+/)
  if (extra !== undefined) return fail(`"${text}" has more than an address and a mask.`)
  if (address.includes(':')) {
    if (!ipaddr.IPv6.isValid(address)) return fail(`"${address}" is not an IPv6 address.`)
    const bits = mask === undefined ? 128 : /^\d{1,3}$/.test(mask) ? Number(mask) : NaN
    if (!(bits >= 0 && bits <= 128)) return fail(`"${mask}" is not an IPv6 prefix length (0-128).`)
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`).toString()
    const parsed = ipaddr.IPv6.parse(address).toString()
    return {
      ok: true,
      cidr: `${network}/${bits}`,
      family: 6,
      allowsAll: bits === 0,
      ...(network !== parsed
        ? { note: `Host bits cleared: ${parsed}/${bits} is the network ${network}/${bits}.` }
        : {})
    }
  }
  if (!strictIpv4.test(address)) {
    return fail(`"${address}" is not an IPv4 address (four numbers 0-255, no leading zeros).`)
  }
  const bits = mask === undefined ? 32 : parseMask(mask)
  if (bits === undefined || bits > 32) {
    return fail(`"${mask}" is not a netmask: use bits (0-32) or a mask like 255.255.255.0.`)
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`).toString()
  return {
    ok: true,
    cidr: `${network}/${bits}`,
    family: 4,
    allowsAll: bits === 0,
    ...(network !== address
      ? { note: `Host bits cleared: ${address}/${bits} is the network ${network}/${bits}.` }
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

/** Does `address` fall under any of `rules`? (`null` rules allow everything.) */
export const ruleMatches = (rules: readonly string[] | null, address: string): boolean => {
  if (rules === null) return true
  if (!ipaddr.isValid(address)) return false
  const ip = ipaddr.process(address)
  return rules.some((rule) => {
    const parsed = parseIpRule(rule)
    if (!parsed.ok) return false
    const [net, bits] = ipaddr.parseCIDR(parsed.cidr)
    return ip.kind() === net.kind() && ip.match([net, bits] as never)
  })
}
