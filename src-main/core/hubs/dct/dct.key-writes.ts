// The DCT adapter's key mutations: create (with its idempotency tag), rename, enable/disable, api-key-delete and api-key-reset; runs in main.
import { Secret } from '../../../common/secret'
import type { HubKey } from '../../../contract/hubs.contract'
import { allowsAll } from '../../../contract/ip-rules'
import { AppError } from '../../../contract/result'
import type { HttpRequest } from '../../ports/http.port'
import { fingerprintOf } from '../fingerprint'
import type { CreatedKey, CreateKeyInput, KeyPatch, KeyRef } from '../hub-adapter'
import { malformedError } from '../hub-errors'
import { idempotencyTagKey } from './dct.key-reads'
import { parseAccount, parseApiClient, parseCreatedToken } from './dct.parse'
import type { DctSession } from './dct.session'
import { featureSupport } from './dct.version'

export interface DctKeyWrites {
  createKey(input: CreateKeyInput, signal?: AbortSignal): Promise<CreatedKey>
  updateKey(ref: KeyRef, patch: KeyPatch, signal?: AbortSignal): Promise<HubKey>
  deleteKey(ref: KeyRef, signal?: AbortSignal): Promise<void>
  resetKey(ref: KeyRef, signal?: AbortSignal): Promise<CreatedKey>
}

export const createDctKeyWrites = (session: DctSession): DctKeyWrites => {
  const { label, tenant, legacy, profile, now } = session
  const { send, sendOnce, ok, failed } = session

  /**
   * After a create or reset the secret is already in hand, so the follow-up read must never throw:
   * whatever goes wrong, the caller still gets the secret and a key built from what is known.
   */
  const describeNewKey = async (
    id: string | null,
    fallbackName: string,
    secret: string,
    oddities: string[],
    signal?: AbortSignal
  ): Promise<HubKey> => {
    const fallback: HubKey = {
      hubKeyId: id ?? `unknown-${fingerprintOf(secret)}`,
      tenant,
      name: fallbackName,
      status: 'active',
      role: null,
      scopes: [],
      ipRules: null,
      headers: [],
      createdAt: now(),
      expiresAt: null,
      lastUsedAt: null,
      owner: null,
      fingerprint: fingerprintOf(secret),
      oddities
    }
    if (!id) return fallback
    try {
      const fresh = legacy
        ? (await session.readApiClient(id, signal)).key
        : (await session.readAccount(id, signal)).key
      return {
        ...fresh,
        status: legacy ? 'active' : fresh.status,
        createdAt: fresh.createdAt ?? fallback.createdAt,
        fingerprint: fallback.fingerprint,
        oddities: [...oddities, ...fresh.oddities]
      }
    } catch {
      return {
        ...fallback,
        oddities: [...oddities, 'details could not be read back after the key was issued']
      }
    }
  }

  const checkUnsupportedInput = (
    input: {
      role?: string | undefined
      ips?: string[] | null | undefined
      headers?: unknown[] | undefined
      expiresAt?: number | null | undefined
      status?: string | undefined
    },
    forCreate: boolean
  ): void => {
    if (input.ips !== undefined && !allowsAll(input.ips)) {
      throw new AppError('UNSUPPORTED', `${label}: DCT API keys cannot be limited to IP addresses.`)
    }
    if (input.headers !== undefined && input.headers.length > 0) {
      throw new AppError('UNSUPPORTED', `${label}: DCT API keys have no response headers.`)
    }
    if (!forCreate && input.role !== undefined) {
      throw new AppError(
        'UNSUPPORTED',
        `${label}: DCT keys have no role; access comes from the account's access groups, managed in DCT.`
      )
    }
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      throw new AppError(
        'UNSUPPORTED',
        `${label}: DCT sets API-key expiry for the whole server (the api_key_expiry_time property), not per key.`
      )
    }
    if (legacy && input.status !== undefined && (forCreate ? input.status !== 'active' : true)) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, whose API clients cannot be enabled or disabled.`
      )
    }
  }

  const usernameFor = (input: CreateKeyInput): string => {
    const name = input.name.trim()
    const token = input.idempotencyToken?.trim()
    // CreateKeyInput: the token goes into the key name; the tag below finds it even after a rename.
    const full = token && !name.includes(token) ? `${name}-${token}` : name
    if (!full || full.length > 1024) {
      throw new AppError('BAD_REQUEST', 'A DCT account name must be 1 to 1024 characters long.')
    }
    return full
  }

  const createKey = async (input: CreateKeyInput, signal?: AbortSignal): Promise<CreatedKey> => {
    checkUnsupportedInput(input, true)
    const username = usernameFor(input)
    const token = input.idempotencyToken?.trim()
    if (token && !/^[A-Za-z0-9_-]{1,200}$/.test(token)) {
      throw new AppError(
        'BAD_REQUEST',
        'An idempotency token may hold only letters, digits, - and _.'
      )
    }
    const request: HttpRequest = legacy
      ? {
          method: 'POST',
          path: '/management/api-clients',
          json: { name: username, generate_api_key: true },
          retry: false
        }
      : {
          method: 'POST',
          path: '/management/accounts',
          json: {
            username,
            generate_api_key: true,
            ...(token ? { tags: [{ key: idempotencyTagKey, value: token }] } : {})
          },
          retry: false
        }
    const response = await sendOnce(
      request,
      `the ${legacy ? 'API client' : 'account'} may have been created anyway, so look for '${username.slice(0, 80)}' in DCT before trying again.`,
      signal
    )
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created) {
      throw malformedError(
        label,
        `the create answer had no API key; if DCT made '${username.slice(0, 80)}', reset its key there`
      )
    }
    const oddities = [...created.oddities]
    if (!legacy && input.status === 'inactive' && created.id) {
      const disabled = await send(
        { method: 'POST', path: `/management/accounts/${created.id}/disable`, retry: true },
        signal
      ).catch(() => undefined)
      if (!disabled || !ok(disabled))
        oddities.push('the account could not be disabled after it was created')
    }
    const key = await describeNewKey(created.id, username, created.token, oddities, signal)
    // DCT's JSON answer still holds the token as an unwipeable string; from here on it is a Secret.
    return { key, secret: Secret.fromString(created.token) }
  }

  const updateKey = async (ref: KeyRef, patch: KeyPatch, signal?: AbortSignal): Promise<HubKey> => {
    checkUnsupportedInput(patch, false)
    const id = session.accountId(ref)
    const name = patch.name?.trim()
    if (patch.name !== undefined && (!name || name.length > 1024)) {
      throw new AppError('BAD_REQUEST', 'A DCT account name must be 1 to 1024 characters long.')
    }
    if (legacy) {
      if (!name) return (await session.readApiClient(id, signal)).key
      const current = await session.readApiClient(id, signal)
      const apiClientId =
        typeof current.raw.api_client_id === 'string' ? current.raw.api_client_id : undefined
      const response = await send(
        {
          method: 'PUT',
          path: `/management/api-clients/${id}`,
          json: { name, ...(apiClientId ? { api_client_id: apiClientId } : {}) },
          retry: true
        },
        signal
      )
      if (!ok(response)) throw failed(response)
      return parseApiClient(response.json, tenant) ?? (await session.readApiClient(id, signal)).key
    }

    let latest: HubKey | undefined
    if (name) {
      // PUT may replace the account's editable fields, so send the current ones with the new name.
      const current = await session.readAccount(id, signal)
      const json: Record<string, string> = { username: name }
      if (current.firstName) json.first_name = current.firstName
      if (current.lastName) json.last_name = current.lastName
      if (current.email) json.email = current.email
      if (current.ldapPrincipal) json.ldap_principal = current.ldapPrincipal
      if (current.apiClientId) json.api_client_id = current.apiClientId
      const response = await send(
        { method: 'PUT', path: `/management/accounts/${id}`, json, retry: true },
        signal
      )
      if (!ok(response)) throw failed(response)
      latest = parseAccount(response.json, tenant, now())?.key
    }
    if (patch.status !== undefined) {
      const action = patch.status === 'active' ? 'enable' : 'disable'
      const response = await send(
        { method: 'POST', path: `/management/accounts/${id}/${action}`, retry: true },
        signal
      )
      if (!ok(response)) throw failed(response)
      latest = undefined
    }
    return latest ?? (await session.readAccount(id, signal)).key
  }

  const deleteKey = async (ref: KeyRef, signal?: AbortSignal): Promise<void> => {
    if (legacy) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which cannot delete only an API key (that needs DCT 3.17 or newer); deleting the whole API client is left to DCT itself.`
      )
    }
    session.gate('api-key-delete')
    const id = session.accountId(ref)
    // api-key-delete removes the key and keeps the account; deleting the account is a different,
    // more drastic action that Hubkeys never takes on its own.
    const response = await send(
      { method: 'DELETE', path: `/management/accounts/${id}/api-key-delete`, retry: true },
      signal
    )
    if (response.status === 404 && featureSupport(profile, 'api-key-delete') === 'maybe')
      throw session.refuse('api-key-delete')
    if (!ok(response)) throw failed(response)
  }

  const resetKey = async (ref: KeyRef, signal?: AbortSignal): Promise<CreatedKey> => {
    if (legacy) throw session.refuse('api-key-reset')
    session.gate('api-key-reset')
    const id = session.accountId(ref)
    const response = await sendOnce(
      { method: 'POST', path: `/management/accounts/${id}/api-key-reset`, retry: false },
      'the key may have been reset anyway, in which case the old key no longer works and resetting again gives a new one.',
      signal
    )
    if (response.status === 404 && featureSupport(profile, 'api-key-reset') === 'maybe')
      throw session.refuse('api-key-reset')
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created)
      throw malformedError(label, 'the reset answer had no API key; reset the key again to get one')
    const key = await describeNewKey(
      created.id ?? id,
      `account ${id}`,
      created.token,
      created.oddities,
      signal
    )
    // DCT's JSON answer still holds the token as an unwipeable string; from here on it is a Secret.
    return { key, secret: Secret.fromString(created.token) }
  }

  return { createKey, updateKey, deleteKey, resetKey }
}
