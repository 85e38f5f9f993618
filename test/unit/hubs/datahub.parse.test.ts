// Unit tests for the Data Hub rules (IP filters, headers, placeholders, Owl change list) and the tolerant export-answer reader.
import { describe, expect, it } from 'vitest'
import {
  checkDatahubHeader,
  checkDatahubHeaders,
  checkDatahubIpFilter,
  checkDatahubIpFilters,
  fillDatahubHeader,
  owlChanges
} from '../../../src-main/contract/datahub-rules'
import type { HubKey } from '../../../src-main/contract/hubs.contract'
import {
  parseExportAnswer,
  refusalMessage
} from '../../../src-main/core/hubs/datahub/datahub.parse'
import { localStatus } from '../../../src-main/core/hubs/local-keys'

describe('Data Hub IP filters', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7/32', '255.255.255.255'],
    ['203.0.113.0/24', '203.0.113.0/24', '255.255.255.0'],
    ['203.0.113.0/255.255.255.0', '203.0.113.0/24', '255.255.255.0'],
    ['10.1.2.3 255.0.0.0', '10.0.0.0/8', '255.0.0.0'],
    ['0.0.0.0/0', '0.0.0.0/0', '0.0.0.0']
  ])('%s -> %s (Owl netmask %s)', (input, cidr, netmask) => {
    const checked = checkDatahubIpFilter(input)
    expect(checked).toMatchObject({ ok: true, value: { cidr, netmask } })
  })

  it.each([
    ['1.2.3.04', /no leading zeros/],
    ['256.0.0.1', /0-255/],
    ['1.2.3', /not an IPv4 address/],
    ['10.0.0.0/33', /not a netmask/],
    ['10.0.0.0/255.255.0.255', /not a netmask/],
    ['::1', /IPv6/],
    ['', /Enter an address/]
  ])('refuses %j', (input, message) => {
    const checked = checkDatahubIpFilter(input)
    expect(checked.ok).toBe(false)
    expect(!checked.ok && checked.error).toMatch(message)
  })

  it('notes cleared host bits', () => {
    expect(checkDatahubIpFilter('10.9.9.9/8')).toMatchObject({
      ok: true,
      note: expect.stringMatching(/Host bits cleared/)
    })
  })

  it('treats no list and an empty list alike, and reports each bad entry by position', () => {
    expect(checkDatahubIpFilters(null)).toEqual({ ok: true, rules: null, notes: [] })
    expect(checkDatahubIpFilters([])).toEqual({ ok: true, rules: null, notes: [] })
    expect(checkDatahubIpFilters(['1.1.1.1', 'x', '1.1.1.1/32'])).toEqual({
      ok: false,
      errors: [
        { index: 1, error: expect.stringMatching(/"x" is not an IPv4 address/) },
        { index: 2, error: '1.1.1.1/32 is already filter 1; list each range once.' }
      ]
    })
  })
})

describe('Data Hub headers', () => {
  it('accepts fixed text and each placeholder, trimmed', () => {
    for (const value of [
      '${collection.meta.count}',
      '${collection.meta.name}',
      '${collection.meta.limit}',
      '${collection.meta.offset}',
      ' no-store '
    ]) {
      expect(checkDatahubHeader({ name: ' X-H ', value, enabled: true })).toEqual({
        ok: true,
        value: { name: 'X-H', value: value.trim(), enabled: true }
      })
    }
  })

  it.each([
    [{ name: '', value: 'x' }, /Give the header a name/],
    [{ name: 'X H', value: 'x' }, /not a header name/],
    [{ name: 'Transfer-Encoding', value: 'x' }, /set by the HTTP answer/],
    [{ name: 'X-A', value: '' }, /Give X-A a value/],
    [{ name: 'X-A', value: 'a\nb' }, /one line/],
    [{ name: 'X-A', value: '${collection.meta.count} items' }, /exactly one of/],
    [{ name: 'X-A', value: '${collection.meta.COUNT}' }, /exactly one of/]
  ])('refuses %j', (rule, message) => {
    const checked = checkDatahubHeader({ ...rule, enabled: true })
    expect(!checked.ok && checked.error).toMatch(message)
  })

  it('refuses the same name twice, whatever its case or switch', () => {
    expect(
      checkDatahubHeaders([
        { name: 'X-A', value: '1', enabled: true },
        { name: 'x-a', value: '2', enabled: false }
      ])
    ).toEqual({ ok: false, errors: [{ index: 1, error: 'x-a is listed twice.' }] })
  })

  it('fills placeholders from collection.meta and leaves fixed text alone', () => {
    const meta = { count: 240, name: 'products', limit: 1, offset: 0 }
    expect(fillDatahubHeader('${collection.meta.count}', meta)).toBe('240')
    expect(fillDatahubHeader('${collection.meta.name}', meta)).toBe('products')
    expect(fillDatahubHeader('${collection.meta.limit}', meta)).toBe('1')
    expect(fillDatahubHeader('${collection.meta.offset}', meta)).toBe('0')
    expect(fillDatahubHeader('fixed', meta)).toBe('fixed')
  })
})

describe('owlChanges', () => {
  const base: Pick<HubKey, 'name' | 'status' | 'ipRules' | 'headers' | 'expiresAt'> = {
    name: 'export-a',
    status: 'active',
    ipRules: ['203.0.113.0/24'],
    headers: [{ name: 'X-Total', value: '${collection.meta.count}', enabled: true }],
    expiresAt: null
  }

  it('lists everything to enter for a new key, in Owl’s terms', () => {
    expect(owlChanges(null, base)).toEqual([
      'Name: export-a',
      'Status: Active',
      'IP filter: add 203.0.113.0 / 255.255.255.0',
      'Expiry date: no date (never expires)',
      'Response header: add X-Total: ${collection.meta.count} (sent)'
    ])
  })

  it('lists only what changed', () => {
    expect(owlChanges(base, base)).toEqual([])
    expect(
      owlChanges(base, {
        name: 'export-b',
        status: 'inactive',
        ipRules: ['198.51.100.7/32'],
        headers: [
          { name: 'X-Total', value: '${collection.meta.count}', enabled: false },
          { name: 'X-Name', value: '${collection.meta.name}', enabled: true }
        ],
        expiresAt: Date.UTC(2026, 5, 30)
      })
    ).toEqual([
      'Name: change "export-a" to "export-b"',
      'Status: set to Inactive',
      'IP filter: remove 203.0.113.0 / 255.255.255.0',
      'IP filter: add 198.51.100.7 / 255.255.255.255',
      'Expiry date: set to 2026-06-30',
      'Response header: mark X-Total with a check (not sent)',
      'Response header: add X-Name: ${collection.meta.name} (sent)'
    ])
    expect(owlChanges({ ...base, expiresAt: 5 }, { ...base, headers: [] })).toEqual([
      'Expiry date: remove it (never expires)',
      'Response header: remove X-Total'
    ])
    // An expired key is still "Active" in Owl's status field.
    expect(owlChanges(base, { ...base, status: 'expired' })).toEqual([])
  })
})

describe('Data Hub export answers', () => {
  it('reads collection.meta and tolerates extra fields and string numbers', () => {
    expect(
      parseExportAnswer({
        collection: {
          meta: { name: 'p', count: '12', limit: 1, offset: 0, extra: 1 },
          records: []
        },
        more: true
      })
    ).toEqual({ ok: true, value: { name: 'p', count: 12, oddities: [] } })
  })

  it('records oddities for a missing collection, meta or count', () => {
    expect(parseExportAnswer({ items: [] })).toEqual({
      ok: true,
      value: { name: undefined, count: undefined, oddities: ['the answer had no `collection`'] }
    })
    expect(parseExportAnswer({ collection: { records: [] } })).toMatchObject({
      ok: true,
      value: { oddities: ['the answer had no `collection.meta`'] }
    })
    expect(parseExportAnswer({ collection: { meta: { name: null, count: 'many' } } })).toEqual({
      ok: true,
      value: {
        name: undefined,
        count: undefined,
        oddities: ['`collection.meta.count` was unreadable']
      }
    })
  })

  it.each([undefined, null, 'ok', [1, 2]])(
    'refuses a body that is not a JSON object: %j',
    (json) => {
      expect(parseExportAnswer(json).ok).toBe(false)
    }
  )

  it('reads refusals in the usual shapes', () => {
    expect(refusalMessage({ error: { status: 401, message: 'Invalid API key.' } })).toBe(
      'Invalid API key.'
    )
    expect(refusalMessage({ error: 'Forbidden' })).toBe('Forbidden')
    expect(refusalMessage({ message: 'Nope' })).toBe('Nope')
    expect(refusalMessage({ detail: 'Why' })).toBe('Why')
    expect(refusalMessage({ error: { code: 1 } })).toBeUndefined()
    expect(refusalMessage('<html>')).toBeUndefined()
  })
})

describe('recorded key status', () => {
  it('shows an active key past its expiry as expired, and keeps inactive as set', () => {
    expect(localStatus('active', null, 10)).toBe('active')
    expect(localStatus('active', 11, 10)).toBe('active')
    expect(localStatus('active', 10, 10)).toBe('expired')
    expect(localStatus('inactive', 5, 10)).toBe('inactive')
  })
})
