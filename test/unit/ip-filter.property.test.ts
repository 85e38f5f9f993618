// Property-based tests of the IP-filter logic against ipaddr.js's own arithmetic: canonical forms, the simulator, lint and diff.
import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { describe, expect, it } from 'vitest'
import { checkIpAddress } from '../../src-main/contract/ip-filter/ip-check'
import { diffIpRules } from '../../src-main/contract/ip-filter/ip-diff'
import { canonicalIpEntry, parseIpEntry } from '../../src-main/contract/ip-filter/ip-entry'
import { lintIpRules } from '../../src-main/contract/ip-filter/ip-lint'

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'))
const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16)).join(':'))
  // The IPv4-mapped block is IPv4 by design; the plain-IPv6 properties stay outside it.
  .filter((text) => !ipaddr.IPv6.parse(text).isIPv4MappedAddress())

/** A CIDR rule written as its network, with an address inside it. */
const ipv4Rule = fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([address, bits]) => ({
  address,
  bits,
  cidr: `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`).toString()}/${bits}`
}))
const ipv6Rule = fc.tuple(ipv6, fc.integer({ min: 0, max: 128 })).map(([address, bits]) => ({
  address,
  bits,
  cidr: `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`).toRFC5952String()}/${bits}`
}))
const anyRule = fc.oneof(ipv4Rule, ipv6Rule)

/** ipaddr.js's own answer, the oracle: same family and inside the range. */
const oracle = (cidr: string, address: string): boolean => {
  const [network, bits] = ipaddr.parseCIDR(cidr)
  const ip = ipaddr.parse(address)
  return ip.kind() === network.kind() && ip.match([network, bits] as never)
}

const runs = { numRuns: 300 }

describe('IP-filter properties', () => {
  it('canonicalising is idempotent and ignores the way a rule is written', () => {
    fc.assert(
      fc.property(anyRule, ({ cidr }) => {
        const once = canonicalIpEntry(cidr)
        expect(once).toBeDefined()
        expect(canonicalIpEntry(once as string)).toBe(once)
        expect(canonicalIpEntry(` ${cidr.replace('/', ' / ')} `)).toBe(once)
      }),
      runs
    )
    fc.assert(
      fc.property(ipv4Rule, ({ cidr, bits }) => {
        const [network] = cidr.split('/')
        const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(bits).toString()
        expect(canonicalIpEntry(`${network} ${mask}`)).toBe(cidr)
        expect(canonicalIpEntry(`${network}/${mask}`)).toBe(cidr)
      }),
      runs
    )
  })

  it('a rule allows every address inside it, by that rule', () => {
    fc.assert(
      fc.property(anyRule, ({ cidr, address }) => {
        expect(checkIpAddress([cidr], address)).toMatchObject({
          verdict: 'allowed',
          rule: { index: 0 }
        })
      }),
      runs
    )
  })

  it('the simulator agrees with ipaddr.js for any rule and address', () => {
    fc.assert(
      fc.property(anyRule, fc.oneof(ipv4, ipv6), ({ cidr }, address) => {
        const result = checkIpAddress([cidr], address)
        expect(result.verdict).toBe(oracle(cidr, address) ? 'allowed' : 'denied')
      }),
      { numRuns: 1000 }
    )
  })

  it('narrow random rules: an address allowed by the simulator lies in the matched CIDR', () => {
    // Long prefixes around one address make both verdicts common.
    const near = fc
      .tuple(ipv4, fc.integer({ min: 20, max: 32 }), fc.nat(255))
      .map(([address, bits, last]) => ({
        cidr: `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`).toString()}/${bits}`,
        probe: `${address.split('.').slice(0, 3).join('.')}.${last}`
      }))
    fc.assert(
      fc.property(fc.array(near, { minLength: 1, maxLength: 6 }), fc.nat(5), (rules, pick) => {
        const probe = rules[pick % rules.length]!.probe
        const result = checkIpAddress(
          rules.map((rule) => rule.cidr),
          probe
        )
        if (result.verdict === 'allowed' && result.rule) {
          expect(oracle(result.rule.cidr, probe)).toBe(true)
          for (const match of result.matches) expect(oracle(match.cidr, probe)).toBe(true)
        } else {
          expect(rules.some((rule) => oracle(rule.cidr, probe))).toBe(false)
        }
      }),
      runs
    )
  })

  it('an IPv4 address and its IPv4-mapped form get the same verdict', () => {
    fc.assert(
      fc.property(fc.array(anyRule, { maxLength: 5 }), ipv4, (rules, address) => {
        const cidrs = rules.map((rule) => rule.cidr)
        expect(checkIpAddress(cidrs, `::ffff:${address}`).verdict).toBe(
          checkIpAddress(cidrs, address).verdict
        )
      }),
      runs
    )
  })

  it('a host address written as a network is refused with a suggestion that parses', () => {
    fc.assert(
      fc.property(ipv4Rule, ({ address, bits, cidr }) => {
        fc.pre(cidr !== `${address}/${bits}`)
        const parsed = parseIpEntry(`${address}/${bits}`)
        expect(parsed.ok).toBe(false)
        if (!parsed.ok) expect(parsed.error).toContain(`did you mean ${cidr} `)
        expect(parseIpEntry(cidr).ok).toBe(true)
      }),
      runs
    )
  })

  it('a contained rule is inside its container by ipaddr.js, and duplicates are the same CIDR', () => {
    fc.assert(
      fc.property(fc.array(ipv4Rule, { minLength: 2, maxLength: 8 }), (rules) => {
        const cidrs = rules.map((rule) => rule.cidr)
        for (const finding of lintIpRules(cidrs)) {
          const [self, ...others] = finding.rules
          if (finding.kind === 'contained') {
            const [network] = (cidrs[self!] as string).split('/')
            const [, bits] = ipaddr.parseCIDR(cidrs[self!] as string)
            for (const other of others) {
              const [, outerBits] = ipaddr.parseCIDR(cidrs[other] as string)
              expect(oracle(cidrs[other] as string, network as string)).toBe(true)
              expect(outerBits).toBeLessThan(bits)
            }
          }
          if (finding.kind === 'duplicate') expect(cidrs[self!]).toBe(cidrs[others[0]!])
        }
      }),
      runs
    )
  })

  it('diff: unchanged plus added is the new list, unchanged plus removed the old one', () => {
    fc.assert(
      fc.property(
        fc.array(anyRule, { maxLength: 6 }),
        fc.array(anyRule, { maxLength: 6 }),
        (a, b) => {
          const before = a.map((rule) => rule.cidr)
          const after = b.map((rule) => rule.cidr)
          const diff = diffIpRules(before, after)
          expect(new Set([...diff.unchanged, ...diff.added])).toEqual(new Set(after))
          expect(new Set([...diff.unchanged, ...diff.removed])).toEqual(new Set(before))
          expect(diffIpRules(after, after)).toMatchObject({ added: [], removed: [] })
        }
      ),
      runs
    )
  })
})
