// Unit tests of the connection form's checks (the contract's schemas plus the form's own asks) and the requests it builds.
import { describe, expect, it } from 'vitest'
import { hubForms } from '../../src-main/contract/hub-forms'
import {
  colourSchema,
  connectionInputSchema,
  connectionPatchSchema,
  connectionSettingsSchema,
  hubKinds,
  type Connection
} from '../../src-main/contract/hubs.contract'
import {
  changes,
  checkValues,
  defaultColour,
  emptyValues,
  fieldMaxLength,
  firstError,
  freeColour,
  inputOf,
  palette,
  patchOf,
  settingMaxLength,
  valuesOf,
  withKind
} from '../../src-renderer/src/features/connections/connection-form'

const cycle = hubForms.cycle
const dct = hubForms.dct

const saved = (overrides: Partial<Connection> = {}): Connection => ({
  id: 'c1',
  name: 'Acme',
  kind: 'cycle',
  baseUrl: 'https://api.cycle.io',
  settings: { hubId: 'hub1' },
  tls: { allowInvalidCertificate: false },
  environment: 'dev',
  colour: '#3b82f6',
  hasCredential: true,
  createdAt: 1,
  updatedAt: 1,
  ...overrides
})

describe('limits read from the contract', () => {
  const base = { name: 'x', kind: 'dct' as const, baseUrl: 'https://x.example' }
  const accepts = (input: object) => connectionInputSchema.safeParse({ ...base, ...input }).success

  it('give each input the longest text its schema takes', () => {
    const { name, baseUrl, credential, caPem } = fieldMaxLength
    if (!name || !baseUrl || !credential || !caPem) throw new Error('a field lost its limit')
    expect(accepts({ name: 'n'.repeat(name) })).toBe(true)
    expect(accepts({ name: 'n'.repeat(name + 1) })).toBe(false)
    const url = `https://x.example/${'p'.repeat(baseUrl - 18)}`
    expect(accepts({ baseUrl: url })).toBe(true)
    expect(accepts({ baseUrl: `${url}p` })).toBe(false)
    expect(accepts({ credential: 'k'.repeat(credential) })).toBe(true)
    expect(accepts({ credential: 'k'.repeat(credential + 1) })).toBe(false)
    const tls = (length: number) => ({ tls: { caPem: 'c'.repeat(length) } })
    expect(accepts(tls(caPem))).toBe(true)
    expect(accepts(tls(caPem + 1))).toBe(false)
    for (const swatch of palette) expect(colourSchema.safeParse(swatch.value).success).toBe(true)
  })

  it('bound every free-text hub setting, and leave the version to its pattern', () => {
    for (const kind of hubKinds) {
      for (const field of hubForms[kind].fields) {
        // A list (DM-Hub filesets) is bounded per name and in count; see the test below.
        if (field.list) continue
        const max = settingMaxLength(field.key)
        if (field.key === 'serverVersion') {
          expect(max).toBeUndefined()
          continue
        }
        if (max === undefined) throw new Error(`${field.key} has no limit`)
        const at = (length: number) =>
          connectionSettingsSchema.safeParse({ [field.key]: 'a'.repeat(length) }).success
        expect(at(max), field.key).toBe(true)
        expect(at(max + 1), field.key).toBe(false)
      }
    }
  })
})

describe('list settings', () => {
  it('turn comma-separated DM-Hub filesets into a list and back, dropping empty names', () => {
    const dmhub = hubForms.dmhub
    const values = {
      ...emptyValues(dmhub),
      name: 'DM-Hub',
      settings: { filesets: ' sales-eu, ,sales-us ' }
    }
    const input = inputOf(values, dmhub)
    expect(input.settings).toEqual({ filesets: ['sales-eu', 'sales-us'] })
    expect(inputOf({ ...values, settings: { filesets: ' , ' } }, dmhub).settings).toEqual({})
    const connection = saved({ kind: 'dmhub', settings: { filesets: ['a', 'b'] } })
    expect(valuesOf(connection, dmhub).settings).toEqual({ filesets: 'a, b' })
  })
})

describe('checkValues', () => {
  it('names each missing required field in one sentence', () => {
    const values = { ...emptyValues(cycle), baseUrl: ' ' }
    expect(checkValues(values, cycle)).toEqual({
      name: 'Give the connection a name.',
      baseUrl: 'Enter the hub address.',
      'setting:hubId': 'Enter the Hub ID.',
      credential: 'Enter the API key.'
    })
    expect(firstError(checkValues(values, cycle), cycle)).toBe('name')
  })

  it('refuses addresses that are not web addresses, bad versions, colours and certificates', () => {
    const values = {
      ...emptyValues(dct),
      name: 'Lab',
      credential: 'apk',
      baseUrl: 'ftp://dct.example',
      settings: { serverVersion: 'three' },
      colour: '#12',
      caPem: 'hello'
    }
    expect(checkValues(values, dct)).toEqual({
      baseUrl: 'Use a full address like https://api.example.com.',
      'setting:serverVersion': 'Use a version like 3.23.0.',
      colour: 'Use a colour like #3b82f6.',
      caPem: 'Paste a PEM certificate, starting with -----BEGIN CERTIFICATE-----.'
    })
    expect(firstError(checkValues(values, dct), dct)).toBe('baseUrl')
  })

  it('says what the contract refuses, one friendly sentence per field', () => {
    const values = {
      ...emptyValues(dct),
      name: 'n'.repeat(81),
      credential: 'apk',
      settings: { basePath: 'p'.repeat(101) },
      caPem: `-----BEGIN CERTIFICATE-----${'c'.repeat(64 * 1024)}`
    }
    expect(checkValues(values, dct)).toEqual({
      name: 'Use at most 80 characters.',
      'setting:basePath': 'Use at most 100 characters.',
      caPem: 'The certificate is too long; paste one PEM certificate (64 KB at most).'
    })
  })

  it('finds nothing wrong exactly when connections:add would accept the request', () => {
    const good = {
      ...emptyValues(dct),
      name: 'Lab',
      credential: 'apk',
      settings: { serverVersion: '3.23.0' }
    }
    for (const values of [
      good,
      { ...good, name: ' ' },
      { ...good, colour: 'blue' },
      { ...good, settings: { serverVersion: '3.x' } },
      { ...good, credential: 'k'.repeat(8193) }
    ]) {
      const accepted = connectionInputSchema.safeParse(inputOf(values, dct)).success
      expect(Object.keys(checkValues(values, dct)).length === 0, JSON.stringify(values.name)).toBe(
        accepted
      )
    }
  })

  it('accepts an empty credential when one is stored, or when the hub does not need one', () => {
    const values = { ...emptyValues(cycle), name: 'A', settings: { hubId: 'h' } }
    expect(checkValues(values, cycle).credential).toBeDefined()
    expect(checkValues(values, cycle, { credentialStored: true })).toEqual({})
    const datahub = hubForms.datahub
    const local = { ...emptyValues(datahub), name: 'Owl', settings: { exportPath: '/owl/export' } }
    expect(checkValues(local, datahub)).toEqual({})
  })
})

describe('requests', () => {
  it('builds an add request the contract accepts, trimmed, without empty parts', () => {
    const values = {
      ...emptyValues(dct, '#10B981'),
      name: '  Lab  ',
      baseUrl: ' https://dct.example.com ',
      settings: { basePath: ' /v3 ', serverVersion: '' },
      credential: ' apk-secret ',
      environment: 'prod' as const,
      caPem: '',
      allowInvalidCertificate: true
    }
    const input = inputOf(values, dct)
    expect(input).toEqual({
      name: 'Lab',
      kind: 'dct',
      baseUrl: 'https://dct.example.com',
      settings: { basePath: '/v3' },
      tls: { allowInvalidCertificate: true },
      environment: 'prod',
      colour: '#10b981',
      credential: 'apk-secret'
    })
    expect(connectionInputSchema.safeParse(input).success).toBe(true)
    // No credential typed: the key is left out, not sent empty.
    expect('credential' in inputOf({ ...values, credential: '  ' }, dct)).toBe(false)
    // Hubs without certificate options never send any.
    expect(inputOf({ ...emptyValues(cycle), allowInvalidCertificate: true }, cycle).tls).toEqual({
      allowInvalidCertificate: false
    })
  })

  it('patches only what changed and keeps the stored credential unless one is typed', () => {
    const connection = saved({ settings: { hubId: 'hub1', filesets: ['kept'] } })
    const values = valuesOf(connection, cycle)
    expect(values.credential).toBe('')
    const unchanged = patchOf(values, cycle, connection)
    expect(unchanged).toEqual({ id: 'c1' })
    expect(changes(unchanged)).toBe(false)

    const edited = patchOf(
      { ...values, name: 'Acme EU', environment: 'prod', settings: { hubId: 'hub2' } },
      cycle,
      connection
    )
    // Settings the form does not show (filesets) travel through untouched.
    expect(edited).toEqual({
      id: 'c1',
      name: 'Acme EU',
      environment: 'prod',
      settings: { hubId: 'hub2', filesets: ['kept'] }
    })
    expect(connectionPatchSchema.safeParse(edited).success).toBe(true)
    expect(patchOf({ ...values, credential: 'new' }, cycle, connection)).toEqual({
      id: 'c1',
      credential: 'new'
    })
    expect(patchOf({ ...values, colour: '#3B82F6' }, cycle, connection)).toEqual({ id: 'c1' })
  })

  it('patches certificate settings as a whole when either part changes', () => {
    const connection = saved({ kind: 'dct', settings: {}, tls: { allowInvalidCertificate: true } })
    const values = valuesOf(connection, dct)
    expect(patchOf(values, dct, connection)).toEqual({ id: 'c1' })
    expect(patchOf({ ...values, allowInvalidCertificate: false }, dct, connection)).toEqual({
      id: 'c1',
      tls: { allowInvalidCertificate: false }
    })
  })
})

describe('switching kind and colours', () => {
  it('moves an untouched address to the new default and keeps a typed one', () => {
    const start = { ...emptyValues(cycle), name: 'Kept', settings: { hubId: 'h' } }
    const moved = withKind(start, cycle, dct)
    expect(moved).toMatchObject({ kind: 'dct', name: 'Kept', baseUrl: dct.defaultBaseUrl })
    expect(moved.settings).toEqual({ basePath: '', serverVersion: '' })
    const typed = withKind({ ...start, baseUrl: 'https://mine.example' }, cycle, dct)
    expect(typed.baseUrl).toBe('https://mine.example')
    expect(
      withKind({ ...moved, allowInvalidCertificate: true }, dct, cycle).allowInvalidCertificate
    ).toBe(false)
  })

  it('offers the first colour nobody uses, then the default', () => {
    expect(freeColour([])).toBe(palette[0]?.value)
    expect(freeColour(['#64748B', '#3b82f6'])).toBe('#8b5cf6')
    expect(freeColour(palette.map((swatch) => swatch.value))).toBe(defaultColour)
  })
})
