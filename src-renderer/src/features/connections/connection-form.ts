// The add and edit connection form: its values, checks (mirroring hubs.contract.ts without zod) and the requests it sends; renderer.
import type { HubForm, HubFormField } from '../../../../src-main/contract/hub-forms'
import type {
  Connection,
  ConnectionInput,
  ConnectionPatch,
  ConnectionSettings,
  Environment,
  HubKind
} from '../../../../src-main/contract/hubs.contract'

/*
 * The rules below copy values from src-main/contract/hubs.contract.ts. Importing that module would
 * put zod in the renderer bundle, and zod probes `new Function`, which the CSP refuses;
 * test/component/connection-form.test.ts checks each copy against the contract's schemas.
 */

/** The longest name the contract accepts. */
export const nameMaxLength = 80
/** The longest base URL the contract accepts. */
export const baseUrlMaxLength = 2048
/** The largest CA certificate (PEM) the contract accepts, in characters. */
export const caPemMaxLength = 64 * 1024
/** The longest credential the contract accepts. */
export const credentialMaxLength = 8192
/** `colourSchema`: a six-digit hex colour. */
export const colourPattern = /^#[0-9a-fA-F]{6}$/
/** The contract's default colour, used when nothing else is free. */
export const defaultColour = '#64748b'

/** Format rules of individual settings, keyed by setting (never by hub kind). */
export const settingRules: Partial<
  Record<keyof ConnectionSettings, { pattern: RegExp; message: string; maxLength: number }>
> = {
  serverVersion: {
    pattern: /^\d{1,3}\.\d{1,3}(\.\d{1,5})?$/,
    message: 'Use a version like 3.23.0.',
    maxLength: 20
  }
}

/** The most characters each text setting may have (the contract's `.max()`). */
export const settingMaxLength = (key: keyof ConnectionSettings): number =>
  settingRules[key]?.maxLength ?? (key === 'exportPath' ? 500 : 100)

/** Eight colours that read well on light and dark backgrounds; the first is the contract's default. */
export const palette: readonly { value: string; name: string }[] = [
  { value: '#64748b', name: 'Slate' },
  { value: '#3b82f6', name: 'Blue' },
  { value: '#8b5cf6', name: 'Violet' },
  { value: '#d946ef', name: 'Fuchsia' },
  { value: '#f43f5e', name: 'Rose' },
  { value: '#f59e0b', name: 'Amber' },
  { value: '#10b981', name: 'Emerald' },
  { value: '#06b6d4', name: 'Cyan' }
]

/** Short labels, the same words as the badges, so the choice reads like the tag it gives. */
export const environments: readonly { value: Environment; label: string }[] = [
  { value: 'prod', label: 'Prod' },
  { value: 'staging', label: 'Staging' },
  { value: 'dev', label: 'Dev' }
]

export interface ConnectionFormValues {
  kind: HubKind
  name: string
  baseUrl: string
  /** The hub form's fields, as typed. */
  settings: Partial<Record<keyof ConnectionSettings, string>>
  /** A credential typed in this form; empty keeps the stored one when editing. */
  credential: string
  environment: Environment
  colour: string
  caPem: string
  allowInvalidCertificate: boolean
}

/** Where an error belongs: a top-level field, or `setting:<key>` for a hub field. */
export type FieldKey =
  'name' | 'baseUrl' | 'credential' | 'colour' | 'caPem' | `setting:${keyof ConnectionSettings}`

export type FormErrors = Partial<Record<FieldKey, string>>

/** The first colour of the palette no other connection uses yet (the default if all are taken). */
export const freeColour = (used: readonly string[]): string => {
  const taken = new Set(used.map((colour) => colour.toLowerCase()))
  return palette.find((swatch) => !taken.has(swatch.value))?.value ?? defaultColour
}

export const emptyValues = (
  form: HubForm,
  colour: string = defaultColour
): ConnectionFormValues => ({
  kind: form.kind,
  name: '',
  baseUrl: form.defaultBaseUrl,
  settings: {},
  credential: '',
  environment: 'dev',
  colour,
  caPem: '',
  allowInvalidCertificate: false
})

/** Switches the kind of an unsaved form, keeping what still applies; an untouched URL follows the kind. */
export const withKind = (
  values: ConnectionFormValues,
  from: HubForm,
  to: HubForm
): ConnectionFormValues => ({
  ...values,
  kind: to.kind,
  baseUrl:
    values.baseUrl.trim() === '' || values.baseUrl === from.defaultBaseUrl
      ? to.defaultBaseUrl
      : values.baseUrl,
  settings: Object.fromEntries(
    to.fields.map((field) => [field.key, values.settings[field.key] ?? ''])
  ),
  caPem: to.tlsOptions ? values.caPem : '',
  allowInvalidCertificate: to.tlsOptions ? values.allowInvalidCertificate : false
})

/** The form as it stands for a saved connection; the credential is never sent back, so it starts empty. */
export const valuesOf = (connection: Connection, form: HubForm): ConnectionFormValues => ({
  kind: connection.kind,
  name: connection.name,
  baseUrl: connection.baseUrl,
  settings: Object.fromEntries(
    form.fields.map((field) => [field.key, textSetting(connection.settings, field.key)])
  ),
  credential: '',
  environment: connection.environment,
  colour: connection.colour,
  caPem: connection.tls.caPem ?? '',
  allowInvalidCertificate: connection.tls.allowInvalidCertificate
})

const textSetting = (settings: ConnectionSettings, key: keyof ConnectionSettings): string => {
  const value = settings[key]
  return typeof value === 'string' ? value : ''
}

/** "API key (apk token)" -> "API key": labels read better without their parenthesis in a sentence. */
const bare = (label: string): string => label.replace(/\s*\([^)]*\)/g, '').trim()

const isWebAddress = (raw: string): boolean => {
  try {
    const url = new URL(raw)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}

export interface CheckOptions {
  /** Editing a connection that already stores a credential: an empty field keeps it. */
  credentialStored: boolean
}

/** One sentence per field that is wrong; empty when the form can be sent. Main checks it all again. */
export const checkValues = (
  values: ConnectionFormValues,
  form: HubForm,
  options: CheckOptions = { credentialStored: false }
): FormErrors => {
  const errors: FormErrors = {}
  const name = values.name.trim()
  if (name === '') errors.name = 'Give the connection a name.'
  else if (name.length > nameMaxLength)
    errors.name = `Use at most ${nameMaxLength} characters for the name.`

  const baseUrl = values.baseUrl.trim()
  if (baseUrl === '') errors.baseUrl = 'Enter the hub address.'
  else if (!isWebAddress(baseUrl))
    errors.baseUrl = 'Use a full address like https://api.example.com.'

  for (const field of form.fields) {
    const value = (values.settings[field.key] ?? '').trim()
    const key: FieldKey = `setting:${field.key}`
    const rule = settingRules[field.key]
    if (value === '') {
      if (field.required) errors[key] = `Enter the ${bare(field.label)}.`
    } else if (value.length > settingMaxLength(field.key)) {
      errors[key] = `Use at most ${settingMaxLength(field.key)} characters.`
    } else if (rule && !rule.pattern.test(value)) {
      errors[key] = rule.message
    }
  }

  if (form.credentialRequired && values.credential.trim() === '' && !options.credentialStored) {
    errors.credential = `Enter the ${bare(form.credentialLabel)}.`
  }

  if (!colourPattern.test(values.colour)) errors.colour = 'Use a colour like #3b82f6.'

  if (form.tlsOptions && values.caPem.trim() !== '') {
    if (values.caPem.length > caPemMaxLength)
      errors.caPem = 'The certificate is too long; paste one PEM certificate (64 KB at most).'
    else if (!values.caPem.includes('-----BEGIN CERTIFICATE-----'))
      errors.caPem = 'Paste a PEM certificate, starting with -----BEGIN CERTIFICATE-----.'
  }
  return errors
}

/** The order errors are focused in, matching the order the fields are shown. */
export const fieldOrder = (form: HubForm): FieldKey[] => [
  'name',
  'baseUrl',
  ...form.fields.map((field): FieldKey => `setting:${field.key}`),
  'credential',
  'colour',
  'caPem'
]

export const firstError = (errors: FormErrors, form: HubForm): FieldKey | undefined =>
  fieldOrder(form).find((key) => errors[key] !== undefined)

const settingsOf = (
  values: ConnectionFormValues,
  fields: readonly HubFormField[],
  kept: ConnectionSettings = {}
): ConnectionSettings => {
  const settings: Record<string, unknown> = { ...kept }
  for (const field of fields) {
    const value = (values.settings[field.key] ?? '').trim()
    if (value === '') delete settings[field.key]
    else settings[field.key] = value
  }
  // Only text fields are shown; array settings (DM-Hub filesets) pass through from `kept` untouched.
  return settings as ConnectionSettings
}

const tlsOf = (
  values: ConnectionFormValues,
  form: HubForm
): { caPem?: string; allowInvalidCertificate: boolean } => {
  if (!form.tlsOptions) return { allowInvalidCertificate: false }
  const caPem = values.caPem.trim()
  return {
    ...(caPem === '' ? {} : { caPem }),
    allowInvalidCertificate: values.allowInvalidCertificate
  }
}

/** The `connections:add` (and unsaved `connections:test`) request for these values. */
export const inputOf = (values: ConnectionFormValues, form: HubForm): ConnectionInput => {
  const credential = values.credential.trim()
  return {
    name: values.name.trim(),
    kind: form.kind,
    baseUrl: values.baseUrl.trim(),
    settings: settingsOf(values, form.fields),
    tls: tlsOf(values, form),
    environment: values.environment,
    colour: values.colour.toLowerCase(),
    ...(credential === '' ? {} : { credential })
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The `connections:update` request: only what changed, so a patch never rewrites a field someone
 * else edited meanwhile. An empty credential is left out, which keeps the stored one.
 */
export const patchOf = (
  values: ConnectionFormValues,
  form: HubForm,
  connection: Connection
): ConnectionPatch => {
  const patch: ConnectionPatch = { id: connection.id }
  const name = values.name.trim()
  if (name !== connection.name) patch.name = name
  const baseUrl = values.baseUrl.trim()
  if (baseUrl !== connection.baseUrl) patch.baseUrl = baseUrl
  const settings = settingsOf(values, form.fields, connection.settings)
  if (!sameJson(sortKeys(settings), sortKeys(connection.settings))) patch.settings = settings
  const tls = tlsOf(values, form)
  const before = {
    caPem: connection.tls.caPem ?? '',
    allow: connection.tls.allowInvalidCertificate
  }
  if ((tls.caPem ?? '') !== before.caPem || tls.allowInvalidCertificate !== before.allow)
    patch.tls = tls
  if (values.environment !== connection.environment) patch.environment = values.environment
  const colour = values.colour.toLowerCase()
  if (colour !== connection.colour.toLowerCase()) patch.colour = colour
  const credential = values.credential.trim()
  if (credential !== '') patch.credential = credential
  return patch
}

const sortKeys = (record: object) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))

/** True when the patch would change anything. */
export const changes = (patch: ConnectionPatch): boolean => Object.keys(patch).length > 1
