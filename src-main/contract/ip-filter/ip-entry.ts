// Parses one IP-filter entry (address, CIDR range, or Data Hub's range plus netmask) with a one-sentence reason for each mistake; pure, shared by the editor, the adapters and the CLI.
import ipaddr from 'ipaddr.js'

export type IpFamily = 4 | 6

/** One entry understood. */
export interface IpEntry {
  /**
   * Canonical CIDR: the network address (host bits clear) and always a prefix; IPv6 in RFC 5952
   * form, IPv4-mapped IPv6 with its IPv4 part dotted (`::ffff:10.0.0.0/104`).
   */
  cidr: string
  family: IpFamily
  bits: number
  /** The address as written, when bits under the mask were set (`10.0.0.5` of `10.0.0.5/8`). */
  hostAddress?: string
}

export type IpEntryParse = { ok: true; entry: IpEntry } | { ok: false; error: string }
export type IpAddressParse =
  { ok: true; address: ipaddr.IPv4 | ipaddr.IPv6; text: string } | { ok: false; error: string }

export interface IpEntryOptions {
  /**
   * `refuse` (the editor): `10.0.0.5/8` is a mistake, answered with "did you mean 10.0.0.0/8?".
   * `clear` (rules a hub already holds): it stands for its network and `hostAddress` says so.
   */
  hostBits?: 'refuse' | 'clear'
}

const fail = (error: string) => ({ ok: false as const, error })

/**
 * Why `text` is not a dotted IPv4 address (four decimal parts 0-255 without leading zeros, as the
 * Owl Data Hub requires and as ipaddr.js alone does not check), as a clause; undefined if it is one.
 */
const ipv4Problem = (text: string): string | undefined => {
  const parts = text.split('.')
  if (parts.length !== 4)
    return `it has ${parts.length} part${parts.length === 1 ? '' : 's'}, not four`
  for (const part of parts) {
    if (part === '') return 'one of its four parts is empty'
    if (!/^\d+$/.test(part)) return `"${part}" is not a decimal number`
    if (Number(part) > 255) return `${part} is over 255 (each part is 0-255)`
    if (part.length > 1 && part.startsWith('0')) {
      return `"${part}" has a leading zero (write ${Number(part)}; no leading zeros)`
    }
  }
  return undefined
}

/** RFC 5952 text, keeping an IPv4-mapped address's last 32 bits dotted as RFC 5952 section 5 asks. */
export const ipv6Text = (address: ipaddr.IPv6): string =>
  address.isIPv4MappedAddress()
    ? `::ffff:${address.toIPv4Address().toString()}`
    : address.toRFC5952String()

/** Why `text` (which holds a colon) is not an IPv6 address, as a whole sentence; undefined if it is one. */
const ipv6Problem = (text: string): string | undefined => {
  const zone = text.indexOf('%')
  if (zone >= 0) {
    return `"${text}" carries a zone index (${text.slice(zone)}), which means nothing to a remote hub; write ${text.slice(0, zone)}.`
  }
  if (!/^[0-9a-f:.]+$/i.test(text)) {
    const bad = /[^0-9a-f:.]/i.exec(text)?.[0] ?? ''
    return `"${text}" is not an IPv6 address: "${bad}" is not a hexadecimal digit.`
  }
  if (text.split('::').length > 2) return `"${text}" is not an IPv6 address: it uses :: twice.`
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    const problem = ipv4Problem(tail)
    if (problem)
      return `"${text}" is not an IPv6 address: its IPv4 part ${tail} is wrong, ${problem}.`
    // ipaddr.js reads the deprecated IPv4-compatible form (::1.2.3.4) as IPv4-mapped; say so instead.
    if (/^::\d/.test(text)) {
      return `"${text}" is the deprecated IPv4-compatible form; write ::ffff:${tail} (IPv4-mapped) or plainly ${tail}.`
    }
  }
  const long = text.split(/[:]/).find((group) => !group.includes('.') && group.length > 4)
  if (long)
    return `"${text}" is not an IPv6 address: the group "${long}" has more than four digits.`
  if (!ipaddr.IPv6.isValid(text)) {
    return `"${text}" is not an IPv6 address: it needs eight groups of up to four hex digits, or :: for a run of zero groups.`
  }
  return undefined
}

const hostName = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i

/** One address as written in a rule or asked about: strict IPv4 or IPv6, nothing else. */
export const parseIpAddress = (input: string): IpAddressParse => {
  const text = input.trim()
  if (text === '') return fail('Enter an address such as 203.0.113.7 or 2001:db8::1.')
  if (text.includes(':')) {
    const problem = ipv6Problem(text)
    if (problem) return fail(problem)
    const address = ipaddr.IPv6.parse(text)
    return { ok: true, address, text: ipv6Text(address) }
  }
  // Dotted text that starts with a number is meant as IPv4 (`1.2.3.x`): say which part is wrong.
  if (/^[\d.]+$/.test(text) || /^\d+\./.test(text)) {
    const problem = ipv4Problem(text)
    if (problem) return fail(`"${text}" is not an IPv4 address: ${problem}.`)
    return { ok: true, address: ipaddr.IPv4.parse(text), text }
  }
  if (hostName.test(text) && /[a-z]/i.test(text) && text.includes('.')) {
    return fail(
      `"${text}" is not an IPv4 address but a host name; IP rules take addresses such as 203.0.113.7.`
    )
  }
  return fail(
    `"${text}" is not an IPv4 address (such as 203.0.113.7) or an IPv6 address (such as 2001:db8::1).`
  )
}

/** A prefix length written as a bit count (`8` of `/8`): the number, or a sentence on what is wrong. */
const bitCount = (mask: string, family: 4 | 6): number | string => {
  const max = family === 4 ? 32 : 128
  if (mask.length > 1 && mask.startsWith('0')) {
    return `/${mask} has a leading zero; write /${Number(mask)}.`
  }
  const bits = Number(mask)
  if (bits <= max) return bits
  return family === 4
    ? `/${mask} is not a netmask: an IPv4 prefix length is 0 to 32 bits.`
    : `/${mask} is not a prefix length: an IPv6 prefix is 0 to 128 bits.`
}

/** A netmask written `x.x.x.x` or as a bit count (IPv4 only): the prefix length, or why not. */
const ipv4Mask = (mask: string): { bits: number } | { error: string } => {
  if (/^\d{1,3}$/.test(mask)) {
    const bits = bitCount(mask, 4)
    return typeof bits === 'number' ? { bits } : { error: bits }
  }
  if (/^[\d.]+$/.test(mask)) {
    const problem = ipv4Problem(mask)
    if (problem) return { error: `${mask} is not a netmask: ${problem}.` }
    const parsed = ipaddr.IPv4.parse(mask)
    // prefixLengthFromSubnetMask answers null for masks whose one-bits have holes (255.0.255.0).
    const bits = parsed.prefixLengthFromSubnetMask()
    if (bits !== null) return { bits }
    const inverse = new ipaddr.IPv4(parsed.toByteArray().map((byte) => 255 - byte))
    const inverseBits = inverse.prefixLengthFromSubnetMask()
    return {
      error:
        inverseBits !== null
          ? `${mask} is not a netmask but a wildcard (inverse) mask; the netmask for it is ${inverse.toString()} (/${inverseBits}).`
          : `${mask} is not a netmask: its one-bits are not contiguous (a netmask is ones then zeros, such as 255.255.255.0).`
    }
  }
  return {
    error: `"${mask}" is not a netmask: use a bit count (0 to 32) or a mask such as 255.255.255.0.`
  }
}

/**
 * Reads `203.0.113.7`, `203.0.113.0/24`, `203.0.113.0/255.255.255.0`, `203.0.113.0 255.255.255.0`
 * (Data Hub's range plus netmask; the netmask also as a bit count), `2001:db8::1` and
 * `2001:db8::/32`. Every refusal is one sentence naming what is wrong.
 */
export const parseIpEntry = (input: string, options: IpEntryOptions = {}): IpEntryParse => {
  const text = input.trim()
  if (text === '') return fail('Enter an address such as 203.0.113.7 or 203.0.113.0/24.')
  const pieces = text.split(/\s*\/\s*|\s+/)
  if (pieces.length > 2) {
    return fail(`"${text}" has more than an address and a mask; write one rule per entry.`)
  }
  const [written = '', mask] = pieces
  if (mask === '') return fail(`"${text}" ends with a slash; add a prefix length such as /24.`)
  const parsed = parseIpAddress(written)
  if (!parsed.ok) return parsed
  let bits: number
  if (parsed.address.kind() === 'ipv6') {
    if (mask === undefined) bits = 128
    else if (!/^\d{1,3}$/.test(mask)) {
      return fail(
        `"${mask}" is not an IPv6 prefix length: IPv6 ranges take a bit count from 0 to 128, never a dotted netmask.`
      )
    } else {
      const counted = bitCount(mask, 6)
      if (typeof counted === 'string') return fail(counted)
      bits = counted
    }
  } else if (mask === undefined) bits = 32
  else {
    const read = ipv4Mask(mask)
    if ('error' in read) return fail(read.error)
    bits = read.bits
  }
  const family: IpFamily = parsed.address.kind() === 'ipv6' ? 6 : 4
  const network =
    family === 6
      ? ipv6Text(ipaddr.IPv6.networkAddressFromCIDR(`${written}/${bits}`))
      : ipaddr.IPv4.networkAddressFromCIDR(`${written}/${bits}`).toString()
  const cidr = `${network}/${bits}`
  if (network === parsed.text) return { ok: true, entry: { cidr, family, bits } }
  if (options.hostBits === 'clear') {
    return { ok: true, entry: { cidr, family, bits, hostAddress: parsed.text } }
  }
  const whole = family === 4 ? 32 : 128
  // Quoted as typed when it was not plain CIDR (Data Hub's dotted netmask), so it can be found.
  const shown = text === `${written}/${mask}` ? text : `"${text}"`
  return fail(
    `${shown} is a host address written as a network: did you mean ${cidr} (the whole network) or ${parsed.text}/${whole} (that one address)?`
  )
}

/** The canonical CIDR of an entry, or undefined when it is not a valid one. */
export const canonicalIpEntry = (
  input: string,
  options: IpEntryOptions = {}
): string | undefined => {
  const parsed = parseIpEntry(input, options)
  return parsed.ok ? parsed.entry.cidr : undefined
}
