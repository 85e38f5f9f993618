// Unit tests of the edit dialog's plan: only changed fields are sent, each to its channel, with a before → after line per change and a sentence per invalid field.
import { describe, expect, it } from 'vitest'
import type { KeyDetail } from '../../src-main/contract/inventory.contract'
import {
  editableFields,
  formOf,
  parseDay,
  planEdit
} from '../../src-renderer/src/features/key-actions/key-edit-plan'

const key: KeyDetail = {
  id: 'k1',
  connectionId: 'c1',
  connectionName: 'Owl prod',
  kind: 'datahub',
  environment: 'prod',
  colour: '#3b82f6',
  tenant: '',
  hubKeyId: 'sha256:0123456789ab',
  name: 'export',
  status: 'active',
  role: 'reader',
  createdAt: null,
  expiresAt: Date.UTC(2027, 0, 31),
  lastUsedAt: null,
  usage7d: null,
  usage30d: null,
  owner: null,
  tags: ['ops'],
  ipRuleCount: null,
  allowsAll: true,
  hasNotes: false,
  hasSecret: true,
  syncedAt: 0,
  scopes: [],
  ipRules: null,
  headers: [],
  notes: null,
  fingerprint: 'sha256:0123456789ab',
  oddities: [],
  missingSince: null,
  deletedAt: null,
  roleName: null,
  ownerName: null
}

const every = editableFields({
  name: true,
  ips: true,
  headers: true,
  role: true,
  status: true,
  expiry: true
})

describe('planEdit', () => {
  it('sends nothing for an untouched form', () => {
    expect(planEdit(key, formOf(key), every)).toEqual({ changes: [], errors: {} })
  })

  it('splits hub fields from Hubkeys fields and describes each change', () => {
    const plan = planEdit(
      key,
      {
        ...formOf(key),
        status: 'inactive',
        expires: '',
        role: 'writer',
        owner: 'Ana',
        tags: 'ops ci'
      },
      every
    )
    expect(plan.hub).toEqual({ role: 'writer', status: 'inactive', expiresAt: null })
    expect(plan.local).toEqual({ owner: 'Ana', tags: ['ops', 'ci'] })
    expect(
      plan.changes.map((change) => `${change.label}: ${change.before} → ${change.after}`)
    ).toEqual([
      'Role: reader → writer',
      'Status: Active → Inactive',
      'Expires: 2027-01-31 → Never',
      'Owner: Not set → Ana',
      'Tags: ops → ops, ci'
    ])
  })

  it('never offers what the capabilities do not, whatever the form says', () => {
    const fields = editableFields({
      name: true,
      ips: false,
      headers: false,
      role: false,
      status: false,
      expiry: false
    })
    expect(fields).toEqual(['name', 'owner', 'tags', 'notes'])
    const plan = planEdit(key, { ...formOf(key), status: 'inactive', role: 'writer' }, fields)
    expect(plan).toEqual({ changes: [], errors: {} })
  })

  it('names what is wrong instead of sending it', () => {
    const plan = planEdit(
      key,
      { ...formOf(key), name: '  ', expires: '2027-02-30', tags: 'a,a', owner: 'x\u202ey' },
      every
    )
    expect(Object.keys(plan.errors).sort()).toEqual(['expires', 'name', 'owner', 'tags'])
    expect(plan.hub).toBeUndefined()
    expect(plan.local).toBeUndefined()
  })

  it('reads dates as whole UTC days only', () => {
    expect(parseDay('2027-01-31')).toBe(Date.UTC(2027, 0, 31))
    expect(parseDay('2027-02-29')).toBeUndefined()
    expect(parseDay('31.01.2027')).toBeUndefined()
  })
})
