// Which fields the new-key and record-key forms offer, read from a hub kind's declared capabilities (never its name), and the requests they send; renderer.
import { canonicalList } from '../ip-filter/ip-hub'
import type { z } from 'zod'
import type {
  AccessType,
  Capabilities,
  HeaderRule
} from '../../../../src-main/contract/hubs.contract'
import {
  createKeyRequestSchema,
  recordKeyRequestSchema
} from '../../../../src-main/contract/keys.contract'
import type { RequestOf } from '../../../../src-main/contract/channels'

/** `create`: a new key (made by the hub, or made in the hub's own app and recorded now); `record`: one that already exists. */
export type KeyFormMode = 'create' | 'record'

/** What a form offers for one hub kind. */
export interface KeyFormFields {
  role: boolean
  ips: boolean
  headers: boolean
  status: boolean
  expiry: boolean
  /** Access types to pick from; empty when the hub has one kind of key. */
  accessTypes: { id: AccessType; valueChosen: boolean }[]
  /** `hub`: the hub makes the value and returns it once; `pasted`: the admin pastes it (or has it generated). */
  value: 'hub' | 'pasted'
  /** Names must be unique at the hub: the form checks Hubkeys' cache before sending. */
  uniqueNames: boolean
}

/** Kinds whose keys may be made elsewhere can record one: Hubkeys' records are their only list. */
export const canRecord = (capabilities: Capabilities): boolean => capabilities.list === 'local'

export const formFieldsFor = (capabilities: Capabilities, mode: KeyFormMode): KeyFormFields => {
  // Made outside any API, or already existing: Hubkeys keeps every property the admin gives.
  const local = mode === 'record' || capabilities.create === 'local'
  return {
    role: !local && capabilities.roles,
    ips: capabilities.ipList !== undefined,
    headers: capabilities.update.headers,
    status: local && capabilities.update.status,
    expiry: local && capabilities.expiry === 'per-key',
    accessTypes: capabilities.accessTypes ?? [],
    value: local ? 'pasted' : 'hub',
    uniqueNames: capabilities.uniqueNames === true
  }
}

export const accessTypeLabels: Record<AccessType, { label: string; detail: string }> = {
  'api-key': { label: 'API key', detail: 'Owl makes the value; paste it here.' },
  'contentserv-token': {
    label: 'api.contentserv.com token',
    detail: 'Limited to the users and projects chosen in Owl; paste the value Owl shows.'
  },
  'generic-token': {
    label: 'Generic token',
    detail: 'You choose the value: paste one, or let Hubkeys generate it and enter it in Owl.'
  }
}

export interface KeyFormValues {
  name: string
  role: string
  ips: string[] | null
  headers: HeaderRule[]
  status: 'active' | 'inactive'
  /** `yyyy-mm-dd` from the date input, or '' for no expiry. */
  expiresOn: string
  accessType: AccessType | ''
  valueSource: 'paste' | 'generate'
  secret: string
}

export const emptyKeyForm = (fields: KeyFormFields): KeyFormValues => ({
  name: '',
  role: '',
  // A hub with IP rules starts without a restriction: an empty list may deny every address.
  ips: null,
  headers: [],
  status: 'active',
  expiresOn: '',
  accessType: fields.accessTypes[0]?.id ?? '',
  valueSource: 'paste',
  secret: ''
})

/** Whether the chosen access type lets Hubkeys generate the value. */
export const mayGenerate = (fields: KeyFormFields, values: KeyFormValues): boolean =>
  fields.accessTypes.some((type) => type.id === values.accessType && type.valueChosen)

/** The end of the chosen day, in this computer's time zone: a key dated today still works today. */
export const expiryOf = (date: string): number | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return null
  return new Date(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    23,
    59,
    59,
    999
  ).getTime()
}

export type KeyFormRequest =
  | { channel: 'keys:create'; payload: RequestOf<'keys:create'> }
  | { channel: 'keys:record'; payload: RequestOf<'keys:record'> }

/** What is sent: only the fields the form offers, so the hub never sees one it cannot take. */
export const requestOf = (
  connectionId: string,
  mode: KeyFormMode,
  fields: KeyFormFields,
  values: KeyFormValues
): KeyFormRequest => {
  const generate = mayGenerate(fields, values) && values.valueSource === 'generate'
  const shared = {
    connectionId,
    name: values.name,
    ...(fields.accessTypes.length > 0 && values.accessType
      ? { accessType: values.accessType }
      : {}),
    ...(fields.status ? { status: values.status } : {}),
    ...(fields.expiry ? { expiresAt: expiryOf(values.expiresOn) } : {}),
    ...(fields.headers && values.headers.length > 0 ? { headers: values.headers } : {})
  }
  if (mode === 'record') {
    return {
      channel: 'keys:record',
      payload: {
        ...shared,
        secret: values.secret,
        ...(fields.ips ? { ipRules: canonicalList(values.ips) } : {})
      }
    }
  }
  return {
    channel: 'keys:create',
    payload: {
      ...shared,
      ...(fields.role ? { role: values.role } : {}),
      ...(fields.ips ? { ips: canonicalList(values.ips) } : {}),
      ...(fields.value === 'pasted' && !generate ? { secret: values.secret } : {}),
      ...(generate ? { generateSecret: true } : {}),
      // The value is shown once when the hub or Hubkeys made it; a pasted one the admin has.
      showSecret: fields.value === 'hub' || generate
    }
  }
}

export type KeyFormField =
  'name' | 'role' | 'ips' | 'headers' | 'status' | 'expiry' | 'accessType' | 'secret'
export type KeyFormErrors = Partial<Record<KeyFormField, string>>

const fieldOfPath: Record<string, KeyFormField> = {
  name: 'name',
  role: 'role',
  ips: 'ips',
  ipRules: 'ips',
  headers: 'headers',
  status: 'status',
  expiresAt: 'expiry',
  accessType: 'accessType',
  secret: 'secret',
  generateSecret: 'secret'
}

const issueMessage = (field: KeyFormField, issue: z.core.$ZodIssue): string => {
  if (field === 'secret' && issue.code === 'too_small') return "Paste the key's value."
  if (field === 'secret' && issue.code === 'too_big') return 'The value is too long.'
  if (field === 'role' && issue.code === 'too_small') return 'Pick a role for the key.'
  if (field === 'ips') return `IP rule ${Number(issue.path[1] ?? 0) + 1}: ${issue.message}`
  return issue.message
}

/**
 * Checks the request with the same zod schema dispatch uses, plus what the form itself requires
 * (a role where the hub has roles, an access type where it offers several). Empty: send it.
 */
export const validateKeyForm = (
  request: KeyFormRequest,
  fields: KeyFormFields,
  values: KeyFormValues
): KeyFormErrors => {
  const errors: KeyFormErrors = {}
  const parsed =
    request.channel === 'keys:create'
      ? createKeyRequestSchema.safeParse(request.payload)
      : recordKeyRequestSchema.safeParse(request.payload)
  for (const issue of parsed.error?.issues ?? []) {
    const field = fieldOfPath[String(issue.path[0])]
    if (field && errors[field] === undefined) errors[field] = issueMessage(field, issue)
  }
  if (fields.role && values.role.trim() === '') errors.role ??= 'Pick a role for the key.'
  if (fields.accessTypes.length > 0 && !values.accessType)
    errors.accessType ??= 'Pick an access type.'
  const pasting =
    request.channel === 'keys:record' ||
    (fields.value === 'pasted' &&
      !(mayGenerate(fields, values) && values.valueSource === 'generate'))
  if (pasting && values.secret.trim() !== values.secret)
    errors.secret ??= "Paste the key's value alone, without spaces or line breaks around it."
  if (pasting && values.secret === '') errors.secret ??= "Paste the key's value."
  if (fields.expiry && values.expiresOn !== '' && expiryOf(values.expiresOn) === null)
    errors.expiry ??= 'Pick a date.'
  return errors
}
