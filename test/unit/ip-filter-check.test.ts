// Unit tests for the IP-filter simulator (allowed or denied, and by which rule) and the rule-list diff.
import { describe, expect, it } from 'vitest'
import { checkIpAddress } from '../../src-main/contract/ip-filter/ip-check'
import { diffIpRules } from '../../src-main/contract/ip-filter/ip-diff'
import type { IpHubContext } from '../../src-main/contract/ip-filter/ip-list-semantics'
import { ruleMatches } from '../../src-main/contract/ip-rules'

const cycle: IpHubContext = {
  label: 'Cycle',
  semantics: { emptyList: 'denies-all', families: [4, 6] }
}
const datahub: IpHubContext = {
  label: 'SAWS Owl Data Hub',
  semantics: { emptyList: 'allows-all', families: [4] }
}
const rules = ['10.0.0.0/8', '10.1.0.0/16', '2001:db8::/32', '203.0.113.7']

describe('checkIpAddress', () => {
  it('names the first rule that allows the address, and every other match', () => {
    expect(checkIpAddress(rules, '10.1.2.3')).toEqual({
      verdict: 'allowed',
      address: '10.1.2.3',
      rule: { index: 0, cidr: '10.0.0.0/8' },
      matches: [
        { index: 0, cidr: '10.0.0.0/8' },
        { index: 1, cidr: '10.1.0.0/16' }
      ],
      reason: '10.1.2.3 is allowed by rule 1 (10.0.0.0/8).'
    })
    expect(checkIpAddress(rules, '203.0.113.7')).toMatchObject({
      verdict: 'allowed',
      rule: { index: 3, cidr: '203.0.113.7/32' }
    })
  })

  it.each([
    ['10.0.0.0', 0],
    ['10.255.255.255', 0],
    ['2001:db8::', 2],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 2],
    ['2001:0DB8:0:0:0:0:0:1', 2]
  ])('allows the edge %s by rule %i', (address, index) => {
    expect(checkIpAddress(rules, address)).toMatchObject({ verdict: 'allowed', rule: { index } })
  })

  it.each([
    '9.255.255.255',
    '11.0.0.0',
    '203.0.113.6',
    '203.0.113.8',
    '2001:db9::',
    '2001:db7:ffff::'
  ])('denies %s just outside', (address) => {
    expect(checkIpAddress(rules, address)).toMatchObject({
      verdict: 'denied',
      rule: null,
      reason: `${address} is denied: it matches none of the 4 rules.`
    })
  })

  it('treats an IPv4-mapped IPv6 address as the IPv4 caller it is', () => {
    expect(checkIpAddress(rules, '::ffff:10.1.2.3')).toMatchObject({
      verdict: 'allowed',
      address: '10.1.2.3',
      rule: { index: 0 }
    })
    expect(checkIpAddress(rules, '::ffff:a01:203')).toMatchObject({ address: '10.1.2.3' })
    expect(checkIpAddress(['::ffff:10.0.0.0/104'], '10.9.9.9')).toMatchObject({
      verdict: 'allowed',
      rule: { index: 0, cidr: '::ffff:10.0.0.0/104' }
    })
    expect(checkIpAddress(['::/0'], '10.9.9.9').verdict).toBe('denied')
    expect(checkIpAddress(['::/0'], '::ffff:10.9.9.9').verdict).toBe('denied')
    expect(checkIpAddress(['0.0.0.0/0'], '2001:db8::1').verdict).toBe('denied')
  })

  it('reads an empty list and no list as the hub does', () => {
    expect(checkIpAddress([], '10.1.2.3').verdict).toBe('denied')
    expect(checkIpAddress([], '10.1.2.3', cycle)).toMatchObject({
      verdict: 'denied',
      reason: '10.1.2.3 is denied: the list is empty, so no address is allowed on Cycle.'
    })
    expect(checkIpAddress([], '10.1.2.3', datahub)).toEqual({
      verdict: 'allowed',
      address: '10.1.2.3',
      rule: null,
      matches: [],
      reason: '10.1.2.3 is allowed: the list is empty, which SAWS Owl Data Hub reads as no filter.'
    })
    expect(checkIpAddress(null, '10.1.2.3', cycle)).toMatchObject({
      verdict: 'allowed',
      rule: null,
      reason: '10.1.2.3 is allowed: the key has no IP restriction.'
    })
    expect(checkIpAddress(['10.0.0.0/8'], '1.1.1.1', { label: 'Delphix DCT' })).toMatchObject({
      verdict: 'allowed',
      reason: '1.1.1.1 is allowed: Delphix DCT keys carry no IP rules.'
    })
  })

  it('refuses to simulate a list the hub would refuse, naming each problem', () => {
    expect(checkIpAddress(['10.0.0.0/8', '010.1.1.1', '1.2.3.4/33'], '10.1.2.3')).toEqual({
      verdict: 'invalid',
      problems: [
        { index: 1, input: '010.1.1.1', error: expect.stringMatching(/leading zero/) },
        { index: 2, input: '1.2.3.4/33', error: expect.stringMatching(/0 to 32 bits/) }
      ],
      reason: expect.stringMatching(/^Rule 2: "010\.1\.1\.1" is not an IPv4 address/)
    })
    expect(checkIpAddress(['2001:db8::/32'], '10.1.2.3', datahub)).toMatchObject({
      verdict: 'invalid',
      reason: 'Rule 1: 2001:db8::/32 is IPv6; SAWS Owl Data Hub takes only IPv4 rules.'
    })
  })

  it('refuses an address that is not one', () => {
    expect(checkIpAddress(rules, '10.0.0.0/8')).toMatchObject({
      reason: 'The address: "10.0.0.0/8" is a range; give one address to check.'
    })
    for (const address of ['10.0.0.0/8', '010.0.0.1', 'example.com', '', 'fe80::1%eth0']) {
      const result = checkIpAddress(rules, address)
      expect(result.verdict).toBe('invalid')
      if (result.verdict === 'invalid') {
        expect(result.problems[0]?.index).toBeNull()
        expect(result.reason).toMatch(/^The address: /)
        expect(result.reason).not.toMatch(/decimal/)
      }
    }
  })

  it('agrees with ruleMatches, which the adapters and fake hubs use', () => {
    for (const address of ['10.1.2.3', '11.0.0.0', '::ffff:10.1.2.3', '2001:db8::5', '::1']) {
      expect(ruleMatches(rules, address)).toBe(checkIpAddress(rules, address).verdict === 'allowed')
    }
  })
})

describe('diffIpRules', () => {
  it('lists added, removed and unchanged rules by range, not by spelling', () => {
    expect(
      diffIpRules(
        ['10.0.0.0/8', '192.168.0.0 255.255.0.0', '2001:db8::/32'],
        ['10.0.0.0 255.0.0.0', '2001:DB8::/32', '203.0.113.7', '172.16.0.0/12']
      )
    ).toEqual({
      added: ['203.0.113.7/32', '172.16.0.0/12'],
      removed: ['192.168.0.0/16'],
      unchanged: ['10.0.0.0/8', '2001:db8::/32'],
      unrestrictedBefore: false,
      unrestrictedAfter: false
    })
  })

  it('keeps no restriction apart from an empty list', () => {
    expect(diffIpRules(null, ['10.0.0.0/8'])).toEqual({
      added: ['10.0.0.0/8'],
      removed: [],
      unchanged: [],
      unrestrictedBefore: true,
      unrestrictedAfter: false
    })
    expect(diffIpRules([], null)).toMatchObject({
      unrestrictedBefore: false,
      unrestrictedAfter: true
    })
  })

  it('keeps entries that do not parse as written, so the preview shows them', () => {
    expect(diffIpRules(['bogus '], ['bogus', '10.0.0.5/8'])).toMatchObject({
      added: ['10.0.0.0/8'],
      unchanged: ['bogus']
    })
  })
})
