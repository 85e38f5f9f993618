// Unit tests for IP rule parsing and matching shared by the adapters and the IP-filter editor.
import { describe, expect, it } from 'vitest'
import { allowsAll, parseIpRule, ruleMatches, toDottedMask } from '../../src-main/contract/ip-rules'

describe('parseIpRule', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7/32'],
    ['203.0.113.0/24', '203.0.113.0/24'],
    ['203.0.113.0/255.255.255.0', '203.0.113.0/24'],
    ['203.0.113.0 255.255.255.0', '203.0.113.0/24'],
    [' 10.0.0.0 / 8 ', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:db8::1', '2001:db8::1/128']
  ])('%s -> %s', (input, cidr) => {
    expect(parseIpRule(input)).toMatchObject({ ok: true, cidr })
  })

  it('clears host bits and says so', () => {
    expect(parseIpRule('203.0.113.9/24')).toMatchObject({
      ok: true,
      cidr: '203.0.113.0/24',
      note: expect.stringMatching(/Host bits cleared/)
    })
  })

  it.each([
    '',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4/33',
    '1.2.3.4/255.0.255.0',
    '1.2.3.4 255.255.255.0 x',
    'example.com',
    '2001:db8::/129'
  ])('refuses %j with a clear error', (input) => {
    const parsed = parseIpRule(input)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(10)
  })
})

describe('rule helpers', () => {
  it('detects allow-all', () => {
    expect(allowsAll(null)).toBe(true)
    expect(allowsAll(['10.0.0.0/8', '0.0.0.0/0'])).toBe(true)
    expect(allowsAll(['10.0.0.0/8'])).toBe(false)
    expect(allowsAll([])).toBe(false)
  })

  it('converts to the Data Hub netmask form', () => {
    expect(toDottedMask('10.1.0.0/16')).toEqual({ address: '10.1.0.0', netmask: '255.255.0.0' })
  })

  it('matches addresses against rules', () => {
    expect(ruleMatches(['10.0.0.0/8'], '10.2.3.4')).toBe(true)
    expect(ruleMatches(['10.0.0.0/8'], '11.2.3.4')).toBe(false)
    expect(ruleMatches(['2001:db8::/32'], '2001:db8::5')).toBe(true)
    expect(ruleMatches(null, '1.1.1.1')).toBe(true)
  })
})
