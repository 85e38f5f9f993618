// The add and edit connection form: its values, its checks (the contract's own schemas) and the requests it sends; renderer.
import { ZodString, type core } from 'zod'
import type { HubForm, HubFormField } from '../../../../src-main/contract/hub-forms'
import {
  colourSchema,
  connectionInputSchema,
  connectionSettingsSchema,
  environmentSchema,
  tlsSettingsSchema,
  type Connection,
  type ConnectionInput,
  type ConnectionPatch,
  type ConnectionSettings,
  type Environment,
  type HubKind
} from '../../../../src-main/contract/hubs.contract'

/** The most characters a text schema takes, for an input's `maxLength`; none when it sets no bound. */
const maxLengthOf = (schema: unknown): number | undefined =>
  schema instanceof ZodString ? (schema.maxLength ?? undefined) : undefined

/** The longest text each field takes, read from the schemas `connections:add` and `:update` check. */
export const fieldMaxLength = {
  name: maxLengthOf(connectionInputSchema.shape.name),
  baseUrl: maxLengthOf(connectionInputSchema.shape.baseUrl),
  credential: maxLengthOf(connectionInputSchema.shape.credential.unwrap()),
  caPem: maxLengthOf(tlsSettingsSchema.shape.caPem.unwrap())
}

/** The most characters a hub setting takes (its schema's `.max()`), if the setting is text. */
export const settingMaxLength = (key: keyof ConnectionSettings): number | undefined =>
  maxLengthOf(connectionSettingsSchema.shape[key].unwrap())

/** The colour a connection gets when none is chosen: the contract's default. */
export const defaultColour: string = connectionInputSchema.shape.colour.parse(undefined)

/** True for a colour the contract accepts (`#` and six hex digits). */
export const isColour = (value: string): boolean => colourSchema.safeParse(value).success

/** Eight colours that read well on light and dark backgrounds; the first is the contract's default. */
export const palette: readonly { value: string; name: string }[] = [
  { value: defaultColour, name: 'Slate' },
  { value: '#3b82f6', name: 'Blue' },
  { value: '#8b5cf6', name: 'Violet' },
  { value: '#d946ef', name: 'Fuchsia' },
  { value: '#f43f5e', name: 'Rose' },
  { value: '#f59e0b', name: 'Amber' },
  { value: '#10b981', name: 'Emerald' },
  { value: '#06b6d4', name: 'Cyan' }
]

/** Short labels, the same words as the badges, so the choice reads like the tag it gives. */
export const environments: readonly { value: Environment; label: string }[] =
  environmentSchema.options.map((value) => ({
    value,
    label: `${value.charAt(0).toUpperCase()}${value.slice(1)}`
  }))

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
  if (Array.isArray(value)) return value.join(', ')
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

/** The field an issue of `connectionInputSchema` belongs to, from its path; none for other parts. */
const fieldOfIssue = (path: readonly PropertyKey[], form: HubForm): FieldKey | undefined => {
  const [first, second] = path
  if (first === 'name' || first === 'baseUrl' || first === 'credential' || first === 'colour')
    return first
  if (first === 'tls' && second === 'caPem') return 'caPem'
  const field = form.fields.find((candidate) => candidate.key === second)
  return first === 'settings' && field ? `setting:${field.key}` : undefined
}

/** What a field is called in a sentence ("Enter the hub address."). */
const fieldLabel = (key: FieldKey, form: HubForm): string => {
  if (key.startsWith('setting:')) {
    const field = form.fields.find((candidate) => `setting:${candidate.key}` === key)
    return field ? bare(field.label) : 'setting'
  }
  if (key === 'credential') return bare(form.credentialLabel)
  const labels: Record<string, string> = {
    name: 'name',
    baseUrl: 'hub address',
    colour: 'colour',
    caPem: 'certificate'
  }
  return labels[key] ?? key
}

/**
 * A friendly sentence for an issue whose schema gives none of its own (schemas that do, such as the
 * colour's "Use a colour like #3b82f6.", keep theirs: zod asks this map only when they are silent).
 */
const friendlyMessage = (issue: core.$ZodRawIssue, form: HubForm): string => {
  const key = fieldOfIssue(issue.path ?? [], form)
  const label = key ? fieldLabel(key, form) : 'connection'
  if (issue.code === 'too_small' && Number(issue.minimum) <= 1) return `Enter the ${label}.`
  if (issue.code === 'too_big') {
    if (key === 'caPem')
      return `The certificate is too long; paste one PEM certificate (${Math.floor(Number(issue.maximum) / 1024)} KB at most).`
    return `Use at most ${String(issue.maximum)} characters.`
  }
  return `Check the ${label}.`
}

/**
 * One sentence per field that is wrong; empty when the form can be sent. The request goes through
 * the very schema `connections:add` checks, so the form and main agree; on top of it the form asks
 * for what this hub kind requires and for a web address and a PEM certificate, which main leaves
 * to the hub.
 */
export const checkValues = (
  values: ConnectionFormValues,
  form: HubForm,
  options: CheckOptions = { credentialStored: false }
): FormErrors => {
  const errors: FormErrors = {}
  const parsed = connectionInputSchema.safeParse(inputOf(values, form), {
    error: (issue) => friendlyMessage(issue, form)
  })
  for (const issue of parsed.error?.issues ?? []) {
    const key = fieldOfIssue(issue.path, form)
    if (key && errors[key] === undefined) errors[key] = issue.message
  }

  const baseUrl = values.baseUrl.trim()
  if (errors.baseUrl === undefined && !isWebAddress(baseUrl))
    errors.baseUrl = 'Use a full address like https://api.example.com.'

  for (const field of form.fields) {
    const key: FieldKey = `setting:${field.key}`
    if (field.required && (values.settings[field.key] ?? '').trim() === '')
      errors[key] = `Enter the ${bare(field.label)}.`
  }

  if (form.credentialRequired && values.credential.trim() === '' && !options.credentialStored) {
    errors.credential = `Enter the ${bare(form.credentialLabel)}.`
  }

  const caPem = values.caPem.trim()
  if (form.tlsOptions && caPem !== '' && errors.caPem === undefined) {
    if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
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
    const names = field.list
      ? value
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '')
      : undefined
    if (value === '' || names?.length === 0) delete settings[field.key]
    else settings[field.key] = names ?? value
  }
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
