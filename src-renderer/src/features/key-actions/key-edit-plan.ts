// What the edit dialog changes: the form built from a key, its checks, the before → after diff and the two requests (hub fields, Hubkeys' own fields) that carry only the changed fields; renderer, pure.
import type { Capabilities } from '../../../../src-main/contract/hubs.contract'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import {
  notesSchema,
  ownerSchema,
  tagsSchema,
  type AnnotateKeyRequest
} from '../../../../src-main/contract/key-edit.contract'
import type { updateKeyRequestSchema } from '../../../../src-main/contract/keys.contract'
import type { z } from 'zod'

export type SettableStatus = 'active' | 'inactive'

export interface EditForm {
  name: string
  role: string
  /** '' while the key has a status Hubkeys cannot set (pending, expired, ...) and none was picked. */
  status: SettableStatus | ''
  /** `yyyy-mm-dd` (UTC), '' for no expiry. */
  expires: string
  notes: string
  /** Comma- or space-separated. */
  tags: string
  owner: string
}

export type EditField = keyof EditForm

export interface FieldChange {
  field: EditField
  label: string
  before: string
  after: string
}

type UpdatePatch = Omit<z.input<typeof updateKeyRequestSchema>, 'connectionId' | 'keyId'>
type AnnotatePatch = Omit<AnnotateKeyRequest, 'connectionId' | 'keyId'>

export interface EditPlan {
  changes: FieldChange[]
  /** What `keys:update` gets: only changed hub fields; absent when none changed. */
  hub?: UpdatePatch
  /** What `keys:annotate` gets: only changed local fields; absent when none changed. */
  local?: AnnotatePatch
  /** One sentence per field that cannot be applied as typed. */
  errors: Partial<Record<EditField, string>>
}

export const fieldLabels: Record<EditField, string> = {
  name: 'Name',
  role: 'Role',
  status: 'Status',
  expires: 'Expires',
  notes: 'Notes',
  tags: 'Tags',
  owner: 'Owner'
}

const isSettable = (status: string): status is SettableStatus =>
  status === 'active' || status === 'inactive'

const dayOf = (at: number | null): string =>
  at === null ? '' : new Date(at).toISOString().slice(0, 10)

/** `yyyy-mm-dd` as midnight UTC, or undefined when it is not a real date. */
export const parseDay = (day: string): number | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return undefined
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return dayOf(at) === day ? at : undefined
}

export const splitTags = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')

export const formOf = (key: KeyDetail): EditForm => ({
  name: key.name,
  role: key.role ?? '',
  status: isSettable(key.status) ? key.status : '',
  expires: dayOf(key.expiresAt),
  notes: key.notes ?? '',
  tags: key.tags.join(', '),
  owner: key.owner ?? ''
})

/** Which fields the dialog offers: the hub's fields as its capabilities say, Hubkeys' own always. */
export const editableFields = (update: Capabilities['update']): EditField[] => [
  ...(update.name ? (['name'] as const) : []),
  ...(update.role ? (['role'] as const) : []),
  ...(update.status ? (['status'] as const) : []),
  ...(update.expiry ? (['expires'] as const) : []),
  'owner',
  'tags',
  'notes'
]

const shown = (text: string, empty: string): string => (text.trim() === '' ? empty : text.trim())

const statusWords: Record<SettableStatus, string> = { active: 'Active', inactive: 'Inactive' }

export const planEdit = (key: KeyDetail, form: EditForm, fields: EditField[]): EditPlan => {
  const before = formOf(key)
  const offered = new Set(fields)
  const changes: FieldChange[] = []
  const errors: EditPlan['errors'] = {}
  const hub: UpdatePatch = {}
  const local: AnnotatePatch = {}
  const change = (field: EditField, from: string, to: string) =>
    changes.push({ field, label: fieldLabels[field], before: from, after: to })

  if (offered.has('name') && form.name.trim() !== before.name.trim()) {
    if (form.name.trim() === '') errors.name = 'Give the key a name.'
    else {
      hub.name = form.name.trim()
      change('name', shown(before.name, '(no name)'), form.name.trim())
    }
  }
  if (offered.has('role') && form.role.trim() !== before.role.trim()) {
    if (form.role.trim() === '') errors.role = 'Pick a role; a key cannot be left without one.'
    else {
      hub.role = form.role.trim()
      change('role', shown(before.role, 'No role'), form.role.trim())
    }
  }
  if (offered.has('status') && form.status !== '' && form.status !== before.status) {
    hub.status = form.status
    change(
      'status',
      isSettable(key.status) ? statusWords[key.status] : key.status,
      statusWords[form.status]
    )
  }
  if (offered.has('expires') && form.expires !== before.expires) {
    const at = form.expires === '' ? null : parseDay(form.expires)
    if (at === undefined)
      errors.expires = 'Use a date such as 2027-01-31, or clear it for no expiry.'
    else {
      hub.expiresAt = at
      change('expires', shown(before.expires, 'Never'), shown(form.expires, 'Never'))
    }
  }
  if (form.owner.trim() !== before.owner.trim()) {
    const parsed = ownerSchema.safeParse(form.owner)
    if (!parsed.success) errors.owner = parsed.error.issues[0]?.message ?? 'Check the owner.'
    else {
      local.owner = parsed.data === '' ? null : parsed.data
      change('owner', shown(before.owner, 'Not set'), shown(form.owner, 'Not set'))
    }
  }
  const tags = splitTags(form.tags)
  if (tags.join('\n') !== key.tags.join('\n')) {
    const parsed = tagsSchema.safeParse(tags)
    if (!parsed.success) errors.tags = parsed.error.issues[0]?.message ?? 'Check the tags.'
    else {
      local.tags = parsed.data
      change('tags', shown(key.tags.join(', '), 'None'), shown(tags.join(', '), 'None'))
    }
  }
  if (form.notes !== before.notes) {
    const parsed = notesSchema.safeParse(form.notes)
    if (!parsed.success) errors.notes = parsed.error.issues[0]?.message ?? 'Check the notes.'
    else {
      local.notes = form.notes.trim() === '' ? null : form.notes
      change('notes', shown(before.notes, 'None'), shown(form.notes, 'None'))
    }
  }
  return {
    changes,
    errors,
    ...(Object.keys(hub).length > 0 ? { hub } : {}),
    ...(Object.keys(local).length > 0 ? { local } : {})
  }
}
