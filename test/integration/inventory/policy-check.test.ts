// Integration tests on real SQLite: the policy check and report agree with rules written out plainly over the seeded keys, per connection and for all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policiesSchema, type Policies } from '../../../src-main/contract/policy-rules'
import { policyCheckSchema } from '../../../src-main/contract/policy.contract'
import { createPolicyService } from '../../../src-main/core/policy/policy.service'
import type { Connection } from '../../../src-main/contract/hubs.contract'
import { allowsAll } from '../../../src-main/contract/ip-rules'
import {
  day,
  openKit,
  referenceKeys,
  seedConnectionList,
  seedNow,
  type InventoryKit,
  type RefKey
} from './inventory-kit'

const policies: Policies = policiesSchema.parse([
  { scope: 'all', rules: { expiryRequired: true, noAllowAll: true } },
  {
    scope: 'conn-a',
    rules: { maxKeyAgeDays: 200, ipRestrictionOnProd: true, namePattern: '[a-z]+-readonly-[0-9]+' }
  },
  { scope: 'conn-d', rules: { missingAtHubDays: 10 } },
  { scope: 'conn-gone', rules: { expiryRequired: true } }
])

/** The rules as the issue words them, evaluated without the code under test. */
const reference = (key: RefKey & { missingSince: number | null }): string[] => {
  if (key.status === 'deleted') return []
  const broken: string[] = []
  const missing = key.status === 'missing'
  if (!missing && key.expiresAt === null) broken.push('all:expiry-required')
  if (!missing && key.ipRules !== null && allowsAll(key.ipRules)) broken.push('all:no-allow-all')
  if (key.connectionId === 'conn-a' && !missing) {
    if (key.createdAt !== null && seedNow - key.createdAt >= 201 * day)
      broken.push('conn-a:max-key-age')
    if (key.ipRules === null || allowsAll(key.ipRules)) broken.push('conn-a:ip-restriction-on-prod')
    if (!/^[a-z]+-readonly-[0-9]+$/.test(key.name)) broken.push('conn-a:name-pattern')
  }
  if (
    key.connectionId === 'conn-d' &&
    missing &&
    key.missingSince !== null &&
    Math.floor((seedNow - key.missingSince) / day) > 10
  )
    broken.push('conn-d:missing-at-hub')
  return broken.sort()
}

describe('policy check', () => {
  let kit: InventoryKit
  let keys: Array<RefKey & { missingSince: number | null }>
  const service = () =>
    createPolicyService({
      inventory: kit.service,
      policies: () => policies,
      connections: () => seedConnectionList as unknown as Connection[],
      now: () => seedNow
    })

  beforeAll(() => {
    kit = openKit({ keys: 600 })
    // Three keys of conn-d gone from the hub: 30, 11 and 2 days ago.
    const ids = kit.db
      .prepare(`SELECT id FROM keys WHERE connection_id = 'conn-d' AND status = 'active' LIMIT 3`)
      .all() as Array<{ id: string }>
    ;[30, 11, 2].forEach((ago, index) =>
      kit.db
        .prepare(`UPDATE keys SET status = 'missing', missing_since = ? WHERE id = ?`)
        .run(seedNow - ago * day, ids[index]!.id)
    )
    const since = new Map(
      (
        kit.db.prepare('SELECT id, missing_since FROM keys').all() as Array<{
          id: string
          missing_since: number | null
        }>
      ).map((row) => [row.id, row.missing_since])
    )
    keys = referenceKeys(kit.db).map((key) => ({ ...key, missingSince: since.get(key.id) ?? null }))
  })
  afterAll(() => kit.close())

  it('finds exactly the keys and rules the plain reference finds', () => {
    const report = JSON.parse(service().report('json').text) as {
      results: Array<{ keyId: string; violations: Array<{ rule: string; scope: string }> }>
      keysChecked: number
    }
    const got = new Map(
      report.results.map((result) => [
        result.keyId,
        result.violations.map((violation) => `${violation.scope}:${violation.rule}`).sort()
      ])
    )
    const checked = keys.filter((key) => key.status !== 'deleted')
    expect(report.keysChecked).toBe(checked.length)
    for (const key of checked) expect(got.get(key.id) ?? [], key.name).toEqual(reference(key))
    // The seed has keys on both sides of every rule, so none of these is vacuous.
    const all = checked.flatMap(reference)
    for (const rule of [
      'all:expiry-required',
      'all:no-allow-all',
      'conn-a:max-key-age',
      'conn-a:ip-restriction-on-prod',
      'conn-a:name-pattern'
    ])
      expect(all, rule).toContain(rule)
    expect(all.filter((rule) => rule === 'conn-d:missing-at-hub')).toHaveLength(2)
    const namedRight = checked.filter(
      (key) => key.connectionId === 'conn-a' && !reference(key).includes('conn-a:name-pattern')
    )
    expect(namedRight.length).toBeGreaterThan(0)
  })

  it('counts per rule, lists violating keys up to the limit and names each scope', () => {
    const check = policyCheckSchema.parse(service().check(5))
    const expected = keys.map(reference)
    expect(check.keysViolating).toBe(expected.filter((rules) => rules.length > 0).length)
    expect(check.violating).toHaveLength(5)
    expect(check.truncated).toBe(true)
    const count = (id: string) => expected.flat().filter((rule) => rule === id).length
    for (const rule of check.rules) expect(rule.violating).toBe(count(`${rule.scope}:${rule.rule}`))
    expect(check.rules.find((rule) => rule.scope === 'conn-a')?.scopeName).toBe('Cycle EU')
    expect(check.rules.find((rule) => rule.scope === 'conn-gone')?.scopeName).toMatch(
      /removed connection/
    )
  })

  it('writes a printable HTML report that escapes key names and says when it was made', () => {
    kit.db
      .prepare(
        `UPDATE keys SET name = '<script>alert(1)</script>' WHERE connection_id = 'conn-a' AND rowid = (SELECT min(rowid) FROM keys WHERE connection_id = 'conn-a')`
      )
      .run()
    const html = service().report('html')
    expect(html.fileName).toMatch(/^hubkeys-policy-report-.*\.html$/)
    expect(html.text).toContain(new Date(seedNow).toISOString().replace('.000Z', 'Z'))
    expect(html.text).not.toContain('<script>alert(1)</script>')
    expect(html.text).toContain('&#60;script&#62;')
    expect(html.text).toContain('@media print')
  })

  it('checks nothing when no rule is turned on', () => {
    const none = createPolicyService({
      inventory: kit.service,
      policies: () => [],
      connections: () => [],
      now: () => seedNow
    }).check(10)
    expect(none).toMatchObject({ keysChecked: 0, keysViolating: 0, rules: [], violating: [] })
  })
})
