// Unit tests of the Cycle parsers with odd data: missing fields, nulls, zero times, unknown states, extra fields, both error shapes.
import { describe, expect, it } from 'vitest'
import { hubKeySchema } from '../../../src-main/contract/hubs.contract'
import {
  includedRoles,
  listData,
  parseCycleError,
  parseCycleKey,
  parseCycleRole,
  parseCycleTime,
  singleData
} from '../../../src-main/core/hubs/cycle/cycle.parse'

const hubId = '651586fca6078e98982dbd90'
const full = {
  id: '65a1b2c3d4e5f60718293a4b',
  hub_id: hubId,
  name: 'grafana-readonly-07',
  creator: { id: '64f0a1b2c3d4e5f607182930', type: 'account' },
  secret: '********WXYZ',
  role_id: '64aaaaaaaaaaaaaaaaaaaaaa',
  ips: ['203.0.113.7', '198.51.100.0/24'],
  state: { current: 'live', changed: '2024-03-01T10:00:00Z' },
  events: {
    created: '2024-03-01T10:00:00Z',
    updated: '0001-01-01T00:00:00Z',
    deleted: '0001-01-01T00:00:00Z'
  }
}
const parse = (raw: unknown, roleScopes?: Map<string, string[]>) => {
  const result = parseCycleKey(raw, { hubId, ...(roleScopes ? { roleScopes } : {}) })
  if (!result.ok) throw new Error(result.reason)
  // Whatever the input, the output must satisfy the contract.
  expect(hubKeySchema.parse(result.key)).toEqual(result.key)
  return result.key
}

describe('parseCycleKey', () => {
  it('normalises a complete key and never reads its secret', () => {
    const key = parse(full, new Map([[full.role_id, ['api-keys-manage']]]))
    expect(key).toEqual({
      hubKeyId: full.id,
      tenant: hubId,
      name: 'grafana-readonly-07',
      status: 'active',
      role: full.role_id,
      scopes: ['api-keys-manage'],
      ipRules: ['203.0.113.7/32', '198.51.100.0/24'],
      headers: [],
      createdAt: Date.parse('2024-03-01T10:00:00Z'),
      expiresAt: null,
      lastUsedAt: null,
      owner: 'account:64f0a1b2c3d4e5f607182930',
      fingerprint: null,
      oddities: []
    })
    expect(JSON.stringify(key)).not.toContain('WXYZ')
  })

  it('maps every Cycle state, and an unknown one to unknown with an oddity', () => {
    const status = (current: unknown) => parse({ ...full, state: { current } }).status
    expect(
      ['new', 'configuring', 'live', 'inactive', 'deleting', 'deleted'].map((s) => status(s))
    ).toEqual(['pending', 'pending', 'active', 'inactive', 'deleting', 'deleted'])
    const odd = parse({ ...full, state: { current: 'suspended' } })
    expect(odd.status).toBe('unknown')
    expect(odd.oddities).toEqual(['Unknown key state "suspended".'])
    expect(parse({ ...full, state: null }).status).toBe('unknown')
    expect(parse({ ...full, state: { current: 'toString' } }).status).toBe('unknown')
  })

  it('reads the zero time as unset and notes unreadable times', () => {
    expect(
      parse({ ...full, events: { ...full.events, created: '0001-01-01T00:00:00Z' } }).createdAt
    ).toBe(null)
    const bad = parse({ ...full, events: { created: 'yesterday', updated: 42 } })
    expect(bad.createdAt).toBeNull()
    expect(bad.oddities).toEqual([
      'events.created is not a time: yesterday.',
      'events.updated is not a time: 42.'
    ])
    const none = parse({ ...full, events: undefined })
    expect(none.createdAt).toBeNull()
    expect(none.oddities).toEqual(['Cycle sent no events (creation time) for this key.'])
  })

  it('keeps null ips as unrestricted and [] as a list that allows nothing', () => {
    expect(parse({ ...full, ips: null }).ipRules).toBeNull()
    expect(parse({ ...full, ips: [] }).ipRules).toEqual([])
    const missing = parse({ ...full, ips: undefined })
    expect(missing.ipRules).toBeNull()
    expect(missing.oddities).toEqual(['Cycle sent no ips field; shown as unrestricted.'])
  })

  it('normalises rules, keeps invalid ones as written with an oddity and never crashes', () => {
    const key = parse({
      ...full,
      ips: [
        ' 203.0.113.7 ',
        '203.0.113.7/32',
        '10.1.2.3/8',
        '0.0.0.0/0',
        '2001:DB8::1',
        'not-an-ip',
        12,
        '300.1.1.1'
      ]
    })
    expect(key.ipRules).toEqual([
      '203.0.113.7/32',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '2001:db8::1/128',
      'not-an-ip',
      '300.1.1.1'
    ])
    expect(key.oddities).toHaveLength(4)
    expect(key.oddities[0]).toMatch(/Host bits cleared: 10\.1\.2\.3\/8/)
    expect(key.oddities[1]).toMatch(/^IP rule "not-an-ip" is not an address or CIDR range/)
    expect(key.oddities[2]).toBe('An IP rule that is not text was left out: 12.')
    expect(key.oddities[3]).toMatch(/^IP rule "300\.1\.1\.1"/)
    const notList = parse({ ...full, ips: '203.0.113.7' })
    expect(notList.ipRules).toBeNull()
    expect(notList.oddities[0]).toMatch(/^ips is not a list/)
  })

  it('tolerates missing fields, nulls and extra fields', () => {
    const key = parse({ id: full.id, extra: { nested: true }, meta: { something: 1 } })
    expect(key).toMatchObject({
      hubKeyId: full.id,
      name: '',
      status: 'unknown',
      role: null,
      scopes: [],
      ipRules: null,
      owner: null,
      createdAt: null
    })
    expect(key.oddities).toEqual([
      'Cycle sent no name for this key.',
      'Cycle sent no role for this key.',
      'Unknown key state (none).',
      'Cycle sent no events (creation time) for this key.',
      'Cycle sent no ips field; shown as unrestricted.'
    ])
    const nulls = parse({ ...full, name: null, role_id: null, creator: null, events: null })
    expect(nulls).toMatchObject({ name: '', role: null, owner: null, createdAt: null })
  })

  it('notes ids that are not object ids, keys of another hub and state errors', () => {
    const key = parse({
      ...full,
      id: 'legacy-1',
      hub_id: 'ffffffffffffffffffffffff',
      state: { current: 'live', error: { message: 'Role missing', time: '2024-01-01T00:00:00Z' } }
    })
    expect(key.hubKeyId).toBe('legacy-1')
    expect(key.oddities).toEqual([
      'The id "legacy-1" is not a 24-hex Cycle object id.',
      "The key reports hub ffffffffffffffffffffffff, not this connection's hub.",
      'Cycle reports an error on this key: Role missing'
    ])
  })

  it('refuses only what cannot be a key, and bounds what it keeps', () => {
    expect(parseCycleKey(null, { hubId })).toEqual({
      ok: false,
      reason: 'an API key that is not an object'
    })
    expect(parseCycleKey([], { hubId }).ok).toBe(false)
    expect(parseCycleKey({ ...full, id: '' }, { hubId })).toEqual({
      ok: false,
      reason: 'an API key without an id'
    })
    expect(parseCycleKey({ ...full, id: 7 }, { hubId }).ok).toBe(false)
    const many = parse({
      ...full,
      name: 'n'.repeat(2000),
      ips: Array.from({ length: 80 }, (_, i) => `bad-${i}`)
    })
    expect(many.name).toHaveLength(500)
    expect(many.oddities).toHaveLength(50)
  })
})

describe('parseCycleTime', () => {
  it('reads RFC 3339 times, the zero time and nothing as unset', () => {
    expect(parseCycleTime('2021-01-30T08:30:00Z')).toEqual({
      ok: true,
      at: Date.parse('2021-01-30T08:30:00Z')
    })
    expect(parseCycleTime('2021-01-30T08:30:00.123+02:00')).toEqual({
      ok: true,
      at: Date.parse('2021-01-30T06:30:00.123Z')
    })
    expect(parseCycleTime('0001-01-01T00:00:00Z')).toEqual({ ok: true, at: null })
    expect(parseCycleTime(null)).toEqual({ ok: true, at: null })
    expect(parseCycleTime('2021-13-45T99:00:00Z')).toEqual({ ok: false })
    expect(parseCycleTime('1700000000')).toEqual({ ok: false })
  })
})

describe('roles and envelopes', () => {
  it('reads roles with all or specific capabilities, falling back to the identifier for a name', () => {
    expect(
      parseCycleRole({ id: 'r1', name: 'Owner', capabilities: { all: true, specific: [] } })
    ).toEqual({
      id: 'r1',
      name: 'Owner',
      scopes: ['*']
    })
    expect(
      parseCycleRole({
        id: 'r2',
        name: null,
        identifier: 'ci',
        capabilities: { all: false, specific: ['a', 3] }
      })
    ).toEqual({ id: 'r2', name: 'ci', scopes: ['a'] })
    expect(parseCycleRole({ id: 'r3' })).toEqual({ id: 'r3', name: 'r3', scopes: [] })
    expect(parseCycleRole({ name: 'no id' })).toBeUndefined()
    expect(includedRoles({ roles: { r1: { id: 'r1', name: 'Owner' }, bad: 5 } })).toEqual([
      { id: 'r1', name: 'Owner', scopes: [] }
    ])
    expect(includedRoles(undefined)).toEqual([])
  })

  it('reads list and single envelopes and refuses other shapes', () => {
    expect(listData({ data: [1, 2], extra: true })).toEqual([1, 2])
    expect(listData({ data: null })).toBeUndefined()
    expect(listData('{')).toBeUndefined()
    expect(singleData({ data: { id: 'x' }, includes: {} })).toEqual({
      data: { id: 'x' },
      includes: {}
    })
    expect(singleData({ data: [] })).toBeUndefined()
  })
})

describe('parseCycleError', () => {
  it('reads the Cycle envelope with the missing capability', () => {
    expect(
      parseCycleError({
        error: {
          status: 403,
          code: '403.permissions',
          title: 'Insufficient permissions',
          extra: { capability: 'api-keys-manage' }
        },
        data: null
      })
    ).toEqual({
      shape: 'cycle',
      code: '403.permissions',
      title: 'Insufficient permissions',
      capability: 'api-keys-manage'
    })
  })

  it('reads the OAuth shape of auth errors', () => {
    expect(
      parseCycleError({ error: 'invalid_token', error_description: 'Token expired.' })
    ).toEqual({
      shape: 'oauth',
      code: 'invalid_token',
      title: 'Token expired.'
    })
  })

  it('survives anything else', () => {
    expect(parseCycleError(undefined)).toEqual({ shape: 'none' })
    expect(parseCycleError('<html>')).toEqual({ shape: 'none' })
    expect(parseCycleError({ error: 5 })).toEqual({ shape: 'none' })
    expect(
      parseCycleError({
        error: { code: 7, title: '', detail: 'x'.repeat(5000), extra: { capability: 'Bad Cap!' } }
      })
    ).toEqual({ shape: 'cycle' })
  })
})
