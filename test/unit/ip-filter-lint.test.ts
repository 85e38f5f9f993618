// Unit tests for linting IP lists: invalid, unsupported, duplicate, contained, overlapping, allow-all and empty, worded per hub.
import { describe, expect, it } from 'vitest'
import { lintIpRules, ruleNumbers } from '../../src-main/contract/ip-filter/ip-lint'
import type { IpHubContext } from '../../src-main/contract/ip-filter/ip-list-semantics'

const cycle: IpHubContext = {
  label: 'Cycle',
  semantics: { emptyList: 'denies-all', families: [4, 6] }
}
const datahub: IpHubContext = {
  label: 'SAWS Owl Data Hub',
  semantics: { emptyList: 'allows-all', families: [4] }
}
const dct: IpHubContext = { label: 'Delphix DCT' }

const kinds = (rules: string[] | null, hub?: IpHubContext) =>
  lintIpRules(rules, hub).map((finding) => [finding.kind, finding.rules])

describe('lintIpRules', () => {
  it('finds nothing in a clean list of both families', () => {
    expect(lintIpRules(['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32', '203.0.113.7'])).toEqual(
      []
    )
    expect(lintIpRules(['10.0.0.0/8'], cycle)).toEqual([])
  })

  it('reports each invalid entry by position, as an error', () => {
    expect(lintIpRules(['10.0.0.0/8', '010.1.1.1', '10.0.0.5/8'])).toEqual([
      {
        kind: 'invalid',
        severity: 'error',
        rules: [1],
        message: expect.stringMatching(/leading zero/)
      },
      {
        kind: 'invalid',
        severity: 'error',
        rules: [2],
        message: expect.stringMatching(/did you mean 10\.0\.0\.0\/8/)
      }
    ])
  })

  it('finds duplicates however they are written, IPv4-mapped IPv6 included', () => {
    const findings = lintIpRules([
      '10.0.0.0/8',
      '10.0.0.0 255.0.0.0',
      '10.0.0.0/8',
      '::ffff:10.0.0.0/104',
      '2001:db8::/32',
      '2001:0DB8::/32'
    ])
    expect(findings.map((f) => [f.kind, f.rules])).toEqual([
      ['duplicate', [1, 0]],
      ['duplicate', [2, 0]],
      ['duplicate', [3, 0]],
      ['duplicate', [5, 4]]
    ])
    expect(findings[0]?.message).toBe(
      '"10.0.0.0 255.0.0.0" (rule 2) is the same range as 10.0.0.0/8 (rule 1), written another way; list it once.'
    )
    expect(findings[1]?.message).toBe('10.0.0.0/8 (rule 3) repeats rule 1; list each range once.')
    expect(findings.every((f) => f.severity === 'warning')).toBe(true)
  })

  it('says which rule contains which', () => {
    const findings = lintIpRules([
      '10.1.2.0/24',
      '10.0.0.0/8',
      '10.1.0.0/16',
      '2001:db8:1::/48',
      '2001:db8::/32'
    ])
    expect(findings.map((f) => [f.kind, f.rules])).toEqual([
      ['contained', [0, 1, 2]],
      ['contained', [2, 1]],
      ['contained', [3, 4]]
    ])
    expect(findings[0]?.message).toBe(
      '10.1.2.0/24 (rule 1) lies inside 10.0.0.0/8 (rule 2) and 10.1.0.0/16 (rule 3), which already allow it.'
    )
    expect(findings[1]?.message).toBe(
      '10.1.0.0/16 (rule 3) lies inside 10.0.0.0/8 (rule 2), which already allows it.'
    )
  })

  it('finds single addresses inside ranges, across the IPv4-mapped form', () => {
    expect(kinds(['203.0.113.0/24', '203.0.113.7'])).toEqual([['contained', [1, 0]]])
    expect(kinds(['::ffff:203.0.113.7', '203.0.113.0/24'])).toEqual([['contained', [0, 1]]])
  })

  it('finds a rule that several others cover together', () => {
    const findings = lintIpRules(['10.0.0.0/9', '10.128.0.0/9', '10.0.0.0/8'])
    expect(findings.map((f) => [f.kind, f.rules])).toEqual([
      ['contained', [0, 2]],
      ['contained', [1, 2]],
      ['overlapping', [2, 0, 1]]
    ])
    expect(findings[2]?.message).toBe(
      '10.0.0.0/8 (rule 3) is covered entirely by rules 1 and 2 together; keep either it or them.'
    )
    // Two halves that leave a gap cover nothing together.
    expect(kinds(['10.0.0.0/10', '10.128.0.0/9', '10.0.0.0/8'])).toEqual([
      ['contained', [0, 2]],
      ['contained', [1, 2]]
    ])
  })

  it('warns about allow-all, alone or in combination, per family', () => {
    expect(lintIpRules(['0.0.0.0/0'])).toEqual([
      {
        kind: 'allow-all',
        severity: 'warning',
        rules: [0],
        message:
          '0.0.0.0/0 (rule 1) allows every IPv4 address, so the list restricts nothing there.'
      }
    ])
    expect(kinds(['::/0'])).toEqual([['allow-all', [0]]])
    expect(lintIpRules(['::/0'])[0]?.message).toMatch(/every IPv6 address/)
    expect(kinds(['::ffff:0:0/96'])).toEqual([['allow-all', [0]]])
    // ::/0 does not reach IPv4 callers, so it does not make an IPv4 rule redundant.
    expect(kinds(['10.0.0.0/8', '::/0'])).toEqual([['allow-all', [1]]])
    const halves = lintIpRules(['10.0.0.0/8', '0.0.0.0/1', '128.0.0.0/1'])
    expect(halves.map((f) => [f.kind, f.rules])).toEqual([
      ['contained', [0, 1]],
      ['allow-all', [1, 2]]
    ])
    expect(halves[1]?.message).toBe(
      'Rules 2 and 3 together allow every IPv4 address, so the list restricts nothing there.'
    )
    expect(kinds(['::/1', '8000::/1', '0.0.0.0/0'])).toEqual([
      ['allow-all', [2]],
      ['allow-all', [0, 1]]
    ])
  })

  it('does not call a list allow-all when one address is missing', () => {
    expect(kinds(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4'])).toEqual([])
  })

  it('words an empty list by what the hub does with it', () => {
    expect(lintIpRules([], cycle)).toEqual([
      {
        kind: 'empty',
        severity: 'warning',
        rules: [],
        message:
          'The list is empty, which Cycle reads as allowing no address: every call with this key will be refused.'
      }
    ])
    expect(lintIpRules([], datahub)[0]?.message).toBe(
      'The list is empty, which SAWS Owl Data Hub reads as no filter: every address may use this key.'
    )
    expect(lintIpRules([])[0]?.message).toMatch(/some hubs then let every address through/)
    expect(lintIpRules([], dct)).toEqual([])
  })

  it('warns that no list at all is no restriction', () => {
    expect(kinds(null)).toEqual([['allow-all', []]])
    expect(kinds(null, cycle)).toEqual([['allow-all', []]])
    expect(kinds(null, dct)).toEqual([])
  })

  it('refuses what the hub cannot take', () => {
    const findings = lintIpRules(['10.0.0.0/8', '2001:db8::/32'], datahub)
    expect(findings).toEqual([
      {
        kind: 'unsupported',
        severity: 'error',
        rules: [1],
        message: '2001:db8::/32 (rule 2) is IPv6; SAWS Owl Data Hub takes only IPv4 rules.'
      }
    ])
    expect(lintIpRules(['10.0.0.0/8'], dct)).toEqual([
      {
        kind: 'unsupported',
        severity: 'error',
        rules: [0],
        message: 'Delphix DCT keys carry no IP rules, so Delphix DCT would not apply this list.'
      }
    ])
  })

  it('handles a long list in good time', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`)
    const started = performance.now()
    expect(lintIpRules(rules)).toEqual([])
    expect(performance.now() - started).toBeLessThan(5000)
  })
})

describe('ruleNumbers', () => {
  it('lists rule numbers in prose', () => {
    expect(ruleNumbers([0])).toBe('rule 1')
    expect(ruleNumbers([0, 2])).toBe('rules 1 and 3')
    expect(ruleNumbers([0, 1, 3])).toBe('rules 1, 2 and 4')
  })
})
