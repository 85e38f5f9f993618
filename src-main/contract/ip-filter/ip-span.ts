// Places IPv4 and IPv6 ranges on one 128-bit line (IPv4 as its IPv4-mapped IPv6 block) so containment, coverage and matching need one rule; pure, shared by the IP-filter modules.
//
// IPv4-mapped IPv6 (`::ffff:10.0.0.0/104`, `::ffff:10.1.2.3`) is IPv4, as ipaddr.js's `process` and
// Go's net.IPNet treat it; a wider IPv6 range (`::/0`) covers IPv6 addresses only.
import ipaddr from 'ipaddr.js'
import type { IpEntry } from './ip-entry'

/** First and last address of a range, inclusive, as 128-bit numbers. */
export interface IpSpan {
  first: bigint
  last: bigint
}

const top = (1n << 128n) - 1n
/** `::ffff:0:0/96`, where IPv4 addresses live on the shared line (RFC 4291 section 2.5.5.2). */
export const ipv4Block: IpSpan = { first: 0xffffn << 32n, last: (0xffffn << 32n) | 0xffffffffn }
/** The IPv6 addresses outside the IPv4-mapped block, as the two spans either side of it. */
export const ipv6Blocks: readonly IpSpan[] = [
  { first: 0n, last: ipv4Block.first - 1n },
  { first: ipv4Block.last + 1n, last: top }
]

const toNumber = (bytes: readonly number[]): bigint =>
  bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n)

/** An address on the shared line; an IPv4 address sits at its IPv4-mapped place. */
export const addressPoint = (address: ipaddr.IPv4 | ipaddr.IPv6): bigint =>
  address.kind() === 'ipv4'
    ? ipv4Block.first | toNumber(address.toByteArray())
    : toNumber(address.toByteArray())

const spanContains = (outer: IpSpan, inner: IpSpan): boolean =>
  outer.first <= inner.first && inner.last <= outer.last

const spansMeet = (a: IpSpan, b: IpSpan): boolean => a.first <= b.last && b.first <= a.last

/**
 * The addresses a parsed entry lets through, as one or two spans: an IPv6 range that holds the
 * IPv4-mapped block leaves it out (those callers are IPv4 and only IPv4 rules match them).
 */
export const coverageOf = (entry: Pick<IpEntry, 'cidr' | 'family'>): IpSpan[] => {
  const [network, bits] = ipaddr.parseCIDR(entry.cidr)
  const width = BigInt((entry.family === 4 ? 32 : 128) - bits)
  const first = addressPoint(network)
  const span = { first, last: first + (1n << width) - 1n }
  if (entry.family === 4 || !spanContains(span, ipv4Block) || bits === 96) return [span]
  return [
    { first: span.first, last: ipv4Block.first - 1n },
    { first: ipv4Block.last + 1n, last: span.last }
  ].filter((part) => part.first <= part.last)
}

/** Whether `address` (a point on the line) lies in a coverage. */
export const coverageHas = (coverage: readonly IpSpan[], address: bigint): boolean =>
  coverage.some((span) => span.first <= address && address <= span.last)

/** Whether the coverages share an address. */
export const coveragesMeet = (a: readonly IpSpan[], b: readonly IpSpan[]): boolean =>
  a.some((x) => b.some((y) => spansMeet(x, y)))

/** Whether `outer` holds every address of `inner`. */
export const coverageContains = (outer: readonly IpSpan[], inner: readonly IpSpan[]): boolean =>
  inner.every((span) => spansCover(outer, span))

export const sameCoverage = (a: readonly IpSpan[], b: readonly IpSpan[]): boolean =>
  coverageContains(a, b) && coverageContains(b, a)

/** Whether the union of `spans` covers every address of `target`. */
export const spansCover = (spans: readonly IpSpan[], target: IpSpan): boolean => {
  const sorted = spans
    .filter((span) => spansMeet(span, target))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
  let next = target.first
  for (const span of sorted) {
    if (span.first > next) return false
    if (span.last >= next) next = span.last + 1n
    if (next > target.last) return true
  }
  return next > target.last
}
