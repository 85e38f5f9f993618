// Builds and edits the key records Hubkeys keeps for hubs without a management API (Data Hub, DM-Hub); pure, runs in main.
import type { AccessType, HeaderRule, HubKey, KeyStatus } from '../../contract/hubs.contract'
import { AppError } from '../../contract/result'
import type { Secret } from '../../common/secret'
import { fingerprintOf } from './fingerprint'
import type { CreateKeyInput, HubAdapter, KeyPage, KeyPatch, KeyRef } from './hub-adapter'
import { unsupported } from './hub-errors'

/** What one local-record hub kind accepts; a missing checker means the field is not offered. */
export interface LocalKeyPolicy {
  label: string
  /** Where the key is made, for messages: "in Owl", "in your DM-Hub profile". */
  madeWhere: string
  /** Validates and normalises IP rules; throws AppError BAD_REQUEST. */
  ips?: (rules: string[] | null) => string[] | null
  /** Validates and normalises response headers; throws AppError BAD_REQUEST. */
  headers?: (rules: HeaderRule[]) => HeaderRule[]
  /** The access types a key may have (kept as its one scope); absent: one kind of key. */
  accessTypes?: readonly AccessType[]
}

/** The value the admin pasted (or generated); refused when empty or padded, so its fingerprint matches what is stored. */
export const pastedSecret = (policy: LocalKeyPolicy, pasted: Secret | undefined): Secret => {
  if (pasted === undefined || pasted.byteLength === 0) {
    throw new AppError(
      'BAD_REQUEST',
      `Paste the key's value: ${policy.label} keys are made ${policy.madeWhere}, and Hubkeys records them.`
    )
  }
  // Revealed only to check its shape; the copy is dropped here.
  const secret = pasted.reveal()
  if (secret.trim() !== secret) {
    throw new AppError(
      'BAD_REQUEST',
      "The pasted key starts or ends with a space or line break; paste the key's value alone."
    )
  }
  if (secret.length > 8192) throw new AppError('BAD_REQUEST', 'The pasted key is too long.')
  return pasted
}

const keyName = (policy: LocalKeyPolicy, name: string): string => {
  const trimmed = name.trim()
  if (trimmed === '') throw new AppError('BAD_REQUEST', `Give the ${policy.label} key a name.`)
  if (trimmed.length > 500)
    throw new AppError('BAD_REQUEST', 'Key names are at most 500 characters.')
  return trimmed
}

const expiry = (at: number | null | undefined): number | null => {
  if (at === undefined || at === null) return null
  if (!Number.isFinite(at))
    throw new AppError('BAD_REQUEST', 'The expiry date is not a valid date.')
  return at
}

/**
 * The status shown for a recorded key: the one the admin set (active or inactive), except that an
 * active key whose expiry date has passed shows as expired (Owl and DM-Hub refuse it then).
 */
export const localStatus = (
  set: 'active' | 'inactive',
  expiresAt: number | null,
  now: number
): KeyStatus => (set === 'active' && expiresAt !== null && expiresAt <= now ? 'expired' : set)

/** The status the admin set, recovered from a shown one ('expired' was an active key). */
const setStatus = (status: KeyStatus): 'active' | 'inactive' =>
  status === 'inactive' || status === 'deleted' ? 'inactive' : 'active'

const refuseUnoffered = (
  policy: LocalKeyPolicy,
  fields: { ips?: unknown; headers?: HeaderRule[]; role?: unknown; accessType?: AccessType }
) => {
  if (fields.accessType !== undefined && !policy.accessTypes?.includes(fields.accessType)) {
    throw unsupported(policy.label, `keys of the access type "${fields.accessType}"`)
  }
  if (fields.ips != null && !policy.ips) throw unsupported(policy.label, 'IP rules on keys')
  if ((fields.headers?.length ?? 0) > 0 && !policy.headers) {
    throw unsupported(policy.label, 'response headers on keys')
  }
  if (fields.role !== undefined) throw unsupported(policy.label, 'roles on keys')
}

/** A new record for a key made in the hub's own web app; identified by its value's fingerprint. */
export const newLocalKey = (policy: LocalKeyPolicy, input: CreateKeyInput, now: number): HubKey => {
  const secret = pastedSecret(policy, input.secret)
  refuseUnoffered(policy, input)
  const expiresAt = expiry(input.expiresAt)
  const fingerprint = fingerprintOf(secret)
  return {
    hubKeyId: fingerprint,
    tenant: '',
    name: keyName(policy, input.name),
    status: localStatus(input.status ?? 'active', expiresAt, now),
    role: null,
    // What the key grants is its scope, as Cycle's role capabilities are for Cycle keys.
    scopes: input.accessType ? [input.accessType] : [],
    ipRules: policy.ips ? policy.ips(input.ips ?? null) : null,
    headers: policy.headers ? policy.headers(input.headers ?? []) : [],
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
    owner: null,
    fingerprint,
    oddities: []
  }
}

/** The record after an edit; `ref.current` is the record Hubkeys holds. */
export const patchLocalKey = (
  policy: LocalKeyPolicy,
  ref: KeyRef,
  patch: KeyPatch,
  now: number
): HubKey => {
  const current = ref.current
  if (!current) {
    throw new AppError(
      'INTERNAL',
      `${policy.label} keys are edited in Hubkeys' records, and this edit came without the record.`
    )
  }
  refuseUnoffered(policy, patch)
  const expiresAt = patch.expiresAt === undefined ? current.expiresAt : expiry(patch.expiresAt)
  // Field by field: `current` may be a richer store record, and only the key's own fields belong here.
  return {
    hubKeyId: current.hubKeyId,
    tenant: current.tenant,
    role: current.role,
    scopes: current.scopes,
    createdAt: current.createdAt,
    lastUsedAt: current.lastUsedAt,
    owner: current.owner,
    fingerprint: current.fingerprint,
    oddities: current.oddities,
    name: patch.name === undefined ? current.name : keyName(policy, patch.name),
    status: localStatus(patch.status ?? setStatus(current.status), expiresAt, now),
    ipRules: patch.ips !== undefined && policy.ips ? policy.ips(patch.ips) : current.ipRules,
    headers:
      patch.headers !== undefined && policy.headers
        ? policy.headers(patch.headers)
        : current.headers,
    expiresAt
  }
}

/**
 * The record-keeping half of a hub kind without a management API: Hubkeys' records are the list,
 * a new key is the value the admin pasted (`secret` null: it came from them, not the hub), edits
 * change the record, and deleting only forgets it (the key lives on at the hub until removed there).
 */
export const localRecordMethods = (
  policy: LocalKeyPolicy,
  label: string,
  now: () => number
): Pick<HubAdapter, 'listKeys' | 'createKey' | 'updateKey' | 'deleteKey'> => ({
  // UNSUPPORTED rather than nothing, so no caller mistakes "no list" for "no keys".
  // eslint-disable-next-line require-yield -- it only throws: there is no list to yield
  async *listKeys(): AsyncIterable<KeyPage> {
    throw unsupported(label, 'a list of keys (Hubkeys’ own records are the list)')
  },
  async createKey(input) {
    return { key: newLocalKey(policy, input, now()), secret: null }
  },
  async updateKey(ref, patch) {
    return patchLocalKey(policy, ref, patch, now())
  },
  async deleteKey() {}
})
