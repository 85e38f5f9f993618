// Unit tests for one IP change applied to a list (add, remove, replace) and its dry run over keys of several hub kinds.
import { describe, expect, it } from 'vitest'
import type { HubKind } from '../../src-main/contract/hubs.contract'
import { applyIpChange, sameIpList } from '../../src-main/contract/ip-filter/ip-change'
import { hubModules } from '../../src-main/core/hubs/registry'
import { planIpChange } from '../../src-main/core/ipfilter/ip-plan.service'
import type { ConnectionRecord, KeyRecord } from '../../src-main/core/ports/inventory-store.port'

describe('applyIpChange', () => {
  it('adds canonical entries after the existing ones, skipping ranges already held', () => {
    expect(
      applyIpChange(['10.0.0.5/8', '192.0.2.1'], {
        operation: 'add',
        entries: ['10.0.0.0 255.0.0.0', '2001:DB8::/32', '198.51.100.0/24', '198.51.100.0/24']
      })
    ).toEqual({
      ok: true,
      after: ['10.0.0.5/8', '192.0.2.1', '2001:db8::/32', '198.51.100.0/24']
    })
  })

  it('says that adding to an unrestricted key makes the entries its whole list', () => {
    expect(applyIpChange(null, { operation: 'add', entries: ['203.0.113.7'] })).toEqual({
      ok: true,
      after: ['203.0.113.7/32'],
      note: expect.stringMatching(/no IP restriction today; after the change only these/)
    })
  })

  it('removes by range however either side wrote it, IPv4 and IPv6', () => {
    expect(
      applyIpChange(['10.0.0.0/8', '2001:db8::/32', '192.0.2.1/32'], {
        operation: 'remove',
        entries: ['10.0.0.0 255.0.0.0', '2001:0DB8:0::/32']
      })
    ).toEqual({ ok: true, after: ['192.0.2.1/32'] })
    expect(applyIpChange(null, { operation: 'remove', entries: ['10.0.0.0/8'] })).toMatchObject({
      ok: true,
      after: null
    })
  })

  it('replaces the list, an empty one included', () => {
    expect(
      applyIpChange(['10.0.0.0/8'], { operation: 'replace', entries: ['::ffff:a00:1'] })
    ).toEqual({ ok: true, after: ['::ffff:10.0.0.1/128'] })
    expect(applyIpChange(null, { operation: 'replace', entries: [] })).toEqual({
      ok: true,
      after: []
    })
  })

  it('refuses an invalid entry with its position and reason', () => {
    expect(applyIpChange([], { operation: 'add', entries: ['10.0.0.0/8', '010.1.1.1'] })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Entry 2: .*leading zero/)
    })
  })

  it('compares lists by order and nullness', () => {
    expect(sameIpList(null, null)).toBe(true)
    expect(sameIpList(null, [])).toBe(false)
    expect(sameIpList(['a', 'b'], ['b', 'a'])).toBe(false)
  })
})

const connection = (id: string, kind: HubKind): ConnectionRecord => ({
  id,
  name: `${kind} hub`,
  kind,
  baseUrl: 'https://hub.example',
  settings: {},
  tls: { allowInvalidCertificate: false },
  environment: 'dev',
  colour: '#64748b',
  credentialSecretId: null,
  createdAt: 0,
  updatedAt: 0
})

const key = (id: string, connectionId: string, patch: Partial<KeyRecord> = {}): KeyRecord => ({
  id,
  connectionId,
  hubKeyId: `hub-${id}`,
  tenant: '',
  name: `key ${id}`,
  status: 'active',
  role: null,
  scopes: [],
  ipRules: ['10.0.0.0/8'],
  headers: [],
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  owner: null,
  fingerprint: null,
  oddities: [],
  secretId: null,
  notes: null,
  tags: [],
  usage7d: null,
  usage30d: null,
  syncedAt: 0,
  ...patch
})

const connections = [
  connection('c-cycle', 'cycle'),
  connection('c-datahub', 'datahub'),
  connection('c-dct', 'dct')
]
const keys = [
  key('k1', 'c-cycle'),
  key('k2', 'c-datahub', { ipRules: [] }),
  key('k3', 'c-dct', { ipRules: null }),
  key('k4', 'c-cycle', { status: 'missing' }),
  key('k5', 'c-cycle', { ipRules: ['10.0.0.0/8', '2001:db8::/32'] })
]
const sources = {
  capabilitiesOf: (kind: HubKind) => hubModules[kind].capabilities,
  getKey: (id: string) => keys.find((entry) => entry.id === id),
  getConnection: (id: string) => connections.find((entry) => entry.id === id)
}

describe('planIpChange', () => {
  it('plans per key across hubs, and says why a key cannot change', () => {
    const items = planIpChange(sources, ['k1', 'k2', 'k3', 'k4', 'gone'], {
      operation: 'add',
      entries: ['203.0.113.0/24']
    })
    expect(items.map((item) => [item.keyId, item.outcome])).toEqual([
      ['k1', 'change'],
      ['k2', 'change'],
      ['k3', 'cannot'],
      ['k4', 'cannot'],
      ['gone', 'cannot']
    ])
    expect(items[0]).toMatchObject({
      connectionName: 'cycle hub',
      before: ['10.0.0.0/8'],
      after: ['10.0.0.0/8', '203.0.113.0/24'],
      added: ['203.0.113.0/24'],
      removed: [],
      reason: 'Adds 203.0.113.0/24.',
      localOnly: false
    })
    // Data Hub's edits stay in Hubkeys' record; the plan says so.
    expect(items[1]).toMatchObject({ after: ['203.0.113.0/24'], localOnly: true })
    expect(items[1]?.reason).toMatch(/Recorded in Hubkeys only/)
    expect(items[2]?.reason).toMatch(/Delphix DCT keys carry no IP rules/)
    expect(items[3]?.reason).toMatch(/missing at cycle hub/)
    expect(items[4]?.reason).toMatch(/no record of this key/)
  })

  it('refuses a result the hub would refuse, and keeps an unchanged list apart', () => {
    const items = planIpChange(sources, ['k1', 'k2'], {
      operation: 'add',
      entries: ['2001:db8::/32']
    })
    expect(items[0]).toMatchObject({ outcome: 'change', added: ['2001:db8::/32'] })
    expect(items[1]).toMatchObject({
      outcome: 'cannot',
      reason: expect.stringMatching(/would be refused: .*takes only IPv4/)
    })
    expect(
      planIpChange(sources, ['k1'], { operation: 'add', entries: ['10.0.0.0 255.0.0.0'] })[0]
    ).toMatchObject({ outcome: 'unchanged', after: ['10.0.0.0/8'] })
  })

  it('warns what an emptied list means at that hub', () => {
    const [cycle] = planIpChange(sources, ['k5'], { operation: 'remove', entries: ['10.0.0.0/8'] })
    expect(cycle).toMatchObject({ outcome: 'change', after: ['2001:db8::/32'], warnings: [] })
    const [emptied] = planIpChange(sources, ['k1'], { operation: 'replace', entries: [] })
    expect(emptied).toMatchObject({ outcome: 'change', after: [], removed: ['10.0.0.0/8'] })
    expect(emptied?.warnings).toEqual([expect.stringMatching(/Cycle reads as allowing no address/)])
  })

  it('plans a key named twice once', () => {
    expect(
      planIpChange(sources, ['k1', 'k1'], { operation: 'replace', entries: ['192.0.2.1'] })
    ).toHaveLength(1)
  })
})
