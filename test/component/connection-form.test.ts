// Unit tests of the connection form's rules and requests, including the copies of contract rules the renderer keeps without zod.
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
  baseUrlMaxLength,
  caPemMaxLength,
  changes,
  checkValues,
  colourPattern,
  credentialMaxLength,
  defaultColour,
  emptyValues,
  firstError,
  freeColour,
  inputOf,
  nameMaxLength,
  palette,
  patchOf,
  settingMaxLength,
  settingRules,
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

describe('copies of the contract rules', () => {
  const base = { name: 'x', kind: 'dct' as const, baseUrl: 'https://x.example' }

  it('match the schemas they mirror', () => {
    expect(connectionInputSchema.parse(base).colour).toBe(defaultColour)
    for (const colour of ['#3b82f6', '#ABCDEF', '#000000', 'blue', '#fff', '#12345g', '3b82f6']) {
      expect(colourPattern.test(colour), colour).toBe(colourSchema.safeParse(colour).success)
    }
    for (const swatch of palette) expect(colourSchema.safeParse(swatch.value).success).toBe(true)
    expect(
      connectionInputSchema.safeParse({ ...base, name: 'n'.repeat(nameMaxLength) }).success
    ).toBe(true)
    expect(
      connectionInputSchema.safeParse({ ...base, name: 'n'.repeat(nameMaxLength + 1) }).success
    ).toBe(false)
    const url = `https://x.example/${'p'.repeat(baseUrlMaxLength - 18)}`
    expect(url).toHaveLength(baseUrlMaxLength)
    expect(connectionInputSchema.safeParse({ ...base, baseUrl: url }).success).toBe(true)
    expect(connectionInputSchema.safeParse({ ...base, baseUrl: `${url}p` }).success).toBe(false)
    const pem = (length: number) => ({
      ...base,
      tls: { caPem: 'c'.repeat(length), allowInvalidCertificate: false }
    })
    expect(connectionInputSchema.safeParse(pem(caPemMaxLength)).success).toBe(true)
    expect(connectionInputSchema.safeParse(pem(caPemMaxLength + 1)).success).toBe(false)
    const secret = (length: number) => ({ ...base, credential: 'k'.repeat(length) })
    expect(connectionInputSchema.safeParse(secret(credentialMaxLength)).success).toBe(true)
    expect(connectionInputSchema.safeParse(secret(credentialMaxLength + 1)).success).toBe(false)
  })

  it('give every text setting of every hub form its contract length and format', () => {
    for (const kind of hubKinds) {
      for (const field of hubForms[kind].fields) {
        const max = settingMaxLength(field.key)
        const rule = settingRules[field.key]
        // A value that passes the renderer's format rule, at the longest length allowed.
        const sample = rule ? '3.23.0' : 'a'.repeat(max)
        expect(connectionSettingsSchema.safeParse({ [field.key]: sample }).success, field.key).toBe(
          true
        )
        if (!rule) {
          expect(connectionSettingsSchema.safeParse({ [field.key]: `${sample}a` }).success).toBe(
            false
          )
        }
      }
    }
    const version = settingRules.serverVersion
    expect(version).toBeDefined()
    for (const value of ['3.23.0', '3.17', '10.0.12345', '3', 'v3.2', '3.23.0.1', '3.x']) {
      expect(version?.pattern.test(value), value).toBe(
        connectionSettingsSchema.safeParse({ serverVersion: value }).success
      )
    }
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
